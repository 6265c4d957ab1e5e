/**
 * The rules that differ between two versions of a policy: per rule list, the ids added, removed
 * and changed (compared as canonical JSON), then terminology and the pack's own fields.
 */
import { canonicalJson } from '../../domain/canonical-json.ts';
import { type PolicyPack, ruleListKeys } from '../../domain/policy/index.ts';

export type RuleChange = { list: string; id: string; change: 'added' | 'removed' | 'changed' };

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

export function ruleChanges(before: PolicyPack, after: PolicyPack): RuleChange[] {
  const out: RuleChange[] = [];
  for (const list of ruleListKeys) {
    const old = new Map(((before[list] ?? []) as { id: string }[]).map((r) => [r.id, r]));
    const now = new Map(((after[list] ?? []) as { id: string }[]).map((r) => [r.id, r]));
    for (const [id, rule] of now) {
      if (!old.has(id)) out.push({ list, id, change: 'added' });
      else if (!same(old.get(id), rule)) out.push({ list, id, change: 'changed' });
    }
    for (const id of old.keys()) if (!now.has(id)) out.push({ list, id, change: 'removed' });
  }
  const terms = new Set([...Object.keys(before.terminology), ...Object.keys(after.terminology)]);
  for (const id of terms) {
    const [a, b] = [before.terminology[id], after.terminology[id]];
    if (a === b) continue;
    out.push({
      list: 'terminology',
      id,
      change: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed',
    });
  }
  const listed = new Set<string>([...ruleListKeys, 'terminology']);
  const keys = new Set(
    [...Object.keys(before), ...Object.keys(after)].filter((k) => !listed.has(k)),
  );
  for (const key of keys) {
    const [a, b] = [
      (before as Record<string, unknown>)[key],
      (after as Record<string, unknown>)[key],
    ];
    if (!same(a, b))
      out.push({
        list: 'pack',
        id: key,
        change: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed',
      });
  }
  return out;
}
