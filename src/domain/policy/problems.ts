/**
 * Turns zod issues into one line per problem, `$.path.to[0].field: expected …`, the form the
 * CLI prints and the admin pages show.
 */
import type { z } from 'zod';

export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function describe(issue: z.core.$ZodIssue): { path: readonly PropertyKey[]; text: string }[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: [...issue.path, key],
      text: 'expected no such field (unknown field)',
    }));
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // A discriminated union with a bad discriminator reports no branch errors; otherwise
    // report the branch that got furthest.
    const best = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
    if (best.length > 0) return best.flatMap(describe);
  }
  if (
    issue.code === 'invalid_union' &&
    'note' in issue &&
    issue.note === 'No matching discriminator'
  ) {
    return [{ path: issue.path, text: 'expected one of the known kinds' }];
  }
  const message = issue.message
    .replace(/^Invalid input: /, '')
    .replace(/^Invalid option: /, '')
    .replace(/, received undefined$/, ' (missing)');
  const text = /expected/i.test(message) ? message : `expected ${message}`;
  return [{ path: issue.path, text }];
}

export function formatProblems(error: z.ZodError): string[] {
  const lines = error.issues.flatMap(describe).map((p) => `${jsonPath(p.path)}: ${p.text}`);
  return [...new Set(lines)];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };
