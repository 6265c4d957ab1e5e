/**
 * Third parties in a subject access export: other children's and other staff members' names,
 * wherever they appear in it, are wrapped in a marker and listed with where they appear, so the
 * data protection officer reviews each before the export is released. Pure: no I/O.
 */

export type Person = { id: string; name: string; kind: 'child' | 'staff' };
export type ThirdParty = Person & { appearsIn: string[] };

export const markerOpen = '[[review: ';
export const markerClose = ']]';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The names to look for: every full name, and a child's first name too (case discussions
 * name children by their first name). A name the subject shares is left alone: it is theirs.
 */
function namesOf(people: readonly Person[], subjectNames: readonly string[]) {
  const own = new Set(
    subjectNames.flatMap((n) => [n, ...n.split(/\s+/)]).map((n) => n.toLowerCase()),
  );
  const byName = new Map<string, Person>();
  for (const person of people) {
    const names = [person.name.trim()];
    const first = person.name.trim().split(/\s+/)[0] ?? '';
    if (person.kind === 'child' && first.length >= 3 && first !== names[0]) names.push(first);
    for (const name of names) {
      const key = name.toLowerCase();
      if (name === '' || own.has(key) || byName.has(key)) continue;
      byName.set(key, person);
    }
  }
  return byName;
}

/** Wraps third parties' names in `doc` (a JSON value) and lists where each appears. */
export function markThirdParties<T>(
  doc: T,
  people: readonly Person[],
  subjectNames: readonly string[],
): { document: T; thirdParties: ThirdParty[] } {
  const byName = namesOf(people, subjectNames);
  const found = new Map<string, ThirdParty>();
  if (byName.size === 0) return { document: doc, thirdParties: [] };
  // Longest first, so a full name is matched before the first name inside it.
  const alternatives = [...byName.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`,
    'giu',
  );

  const markString = (text: string, path: string) =>
    text.replace(pattern, (match) => {
      const person = byName.get(match.toLowerCase()) as Person;
      const entry = found.get(person.id) ?? { ...person, appearsIn: [] };
      if (!entry.appearsIn.includes(path)) entry.appearsIn.push(path);
      found.set(person.id, entry);
      return `${markerOpen}${match}${markerClose}`;
    });

  const walk = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') return markString(value, path);
    if (Array.isArray(value)) return value.map((item, i) => walk(item, `${path}[${i}]`));
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, walk(item, `${path}.${key}`)]),
      );
    return value;
  };

  const document = walk(doc, '$') as T;
  const thirdParties = [...found.values()].sort(
    (a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name),
  );
  return { document, thirdParties };
}
