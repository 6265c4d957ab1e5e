/**
 * An audit tool's questions as plain text, one line each, so an organisation can write (or paste)
 * its own tool into one box without JavaScript. The format (docs/quality-assurance.md):
 *
 *   ## Section heading
 *   Question text [yes/no] +findings
 *   Is a concern raised? [yes/no, yes is a concern]
 *   Question text [RAG]
 *   Question text [grade] +optional
 *   Question text [text]
 *
 * Ids are made from the words, in kebab-case, unique within their tool or section. Every problem
 * names its line.
 */
import type { AuditAnswerKind, AuditTool, AuditToolSection } from '../../domain/policy/schema.ts';

export type LineProblem = { line: number | null; message: string };

const kinds = '[yes/no], [RAG], [grade] or [text]';
const maxQuestions = 100;
const maxText = 500;

const kindWords: Record<string, { answer: AuditAnswerKind; favourable?: 'no' }> = {
  'yes/no': { answer: 'yes_no' },
  'yes/no,yesisaconcern': { answer: 'yes_no', favourable: 'no' },
  rag: { answer: 'rag' },
  grade: { answer: 'grade' },
  text: { answer: 'text' },
};

const flagWords = ['+findings', '+optional'] as const;

/**
 * Kebab-case from words, at most `max` characters cut at a hyphen: 'Child’s lived experience'
 * → 'childs-lived-experience'. Empty when the words hold no letters or digits a-z, 0-9.
 */
export function kebabOf(words: string, max = 40): string {
  const full = words
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’‘]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (full.length <= max) return full;
  const cut = full.slice(0, max + 1);
  const at = cut.lastIndexOf('-');
  return (at > 0 ? cut.slice(0, at) : full.slice(0, max)).replace(/-+$/g, '');
}

/** An id from words not yet in `taken`: the kebab-case, or it with -2, -3 … */
function uniqueId(words: string, fallback: string, taken: Set<string>): string {
  const base = kebabOf(words) || fallback;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/** Reads the text into sections of questions, or the problems, each naming its line. */
export function readToolText(text: string): {
  sections: AuditToolSection[];
  problems: LineProblem[];
} {
  const problems: LineProblem[] = [];
  const sections: (AuditToolSection & { line: number })[] = [];
  const sectionIds = new Set<string>();
  const questionIds = new Map<AuditToolSection, Set<string>>();
  let questions = 0;
  // Sections with a line in problem: said once, not again as "no questions".
  const troubled = new Set<number>();
  const lines = text.split(/\r\n|\r|\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const content = raw.trim();
    if (content === '') continue;
    const problem = (message: string, ofQuestion = true) => {
      problems.push({ line, message: `Line ${line}: ${message}` });
      const current = sections.at(-1);
      if (current && ofQuestion) troubled.add(current.line);
    };
    if (content.startsWith('#')) {
      const heading = content.replace(/^#+/, '').trim();
      if (heading === '') problem('write the section’s heading after ##', false);
      else if (heading.length > 200) problem('a heading must be 200 characters or fewer', false);
      else
        sections.push({
          id: uniqueId(heading, 'section', sectionIds),
          heading,
          questions: [],
          line,
        });
      continue;
    }
    const match = /^(.*?)\s*\[([^\]]*)\]((?:\s*\+\S+)*)\s*$/.exec(content);
    if (!match) {
      problem(`end the question with its kind of answer: ${kinds}`);
      continue;
    }
    const [, words = '', kind = '', flags = ''] = match;
    const known = kindWords[kind.toLowerCase().replace(/\s+/g, '')];
    const given = flags.split(/\s+/).filter((f) => f !== '');
    const unknown = given.find((f) => !(flagWords as readonly string[]).includes(f.toLowerCase()));
    if (!known) problem(`“[${kind}]” is not a kind of answer: use ${kinds}`);
    else if (words === '') problem(`write the question before “[${kind}]”`);
    else if (words.length > maxText) problem(`a question must be ${maxText} characters or fewer`);
    else if (unknown) problem(`“${unknown}” is not known: use +findings or +optional`);
    if (!known || words === '' || words.length > maxText || unknown) continue;
    questions++;
    if (questions === maxQuestions + 1)
      problem(`a tool can have at most ${maxQuestions} questions`);
    // Questions before any heading are in one section of their own.
    if (sections.length === 0)
      sections.push({
        id: uniqueId('Questions', 'section', sectionIds),
        heading: 'Questions',
        questions: [],
        line,
      });
    const section = sections[sections.length - 1]!;
    const taken = questionIds.get(section) ?? new Set<string>();
    questionIds.set(section, taken);
    const lower = given.map((f) => f.toLowerCase());
    section.questions.push({
      id: uniqueId(words, 'question', taken),
      text: words,
      answer: known.answer,
      ...(known.favourable ? { favourable: known.favourable } : {}),
      ...(lower.includes('+findings') ? { findings: true } : {}),
      ...(lower.includes('+optional') ? { optional: true } : {}),
    });
  }
  for (const section of sections)
    if (section.questions.length === 0 && !troubled.has(section.line))
      problems.push({
        line: section.line,
        message: `Line ${section.line}: the section “${section.heading}” has no questions: add questions under it or remove the heading`,
      });
  if (sections.length === 0 && problems.length === 0)
    problems.push({ line: null, message: 'Enter the questions, one on each line' });
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { sections: sections.map(({ line: _, ...section }) => section), problems };
}

const kindText: Record<AuditAnswerKind, string> = {
  yes_no: 'yes/no',
  rag: 'RAG',
  grade: 'grade',
  text: 'text',
};

/** A tool's sections in the text format: to start a new tool from an existing one. */
export function toolText(tool: Pick<AuditTool, 'sections'>): string {
  return tool.sections
    .map((section) =>
      [
        `## ${section.heading}`,
        ...section.questions.map((q) => {
          const kind =
            q.answer === 'yes_no' && q.favourable === 'no'
              ? 'yes/no, yes is a concern'
              : kindText[q.answer];
          return `${q.text} [${kind}]${q.findings ? ' +findings' : ''}${q.optional ? ' +optional' : ''}`;
        }),
      ].join('\n'),
    )
    .join('\n\n');
}
