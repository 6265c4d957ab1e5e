/**
 * An organisation's overrides sit on top of its pack. Rule lists merge by rule id: an override
 * with a known id is deep-merged into that rule, `{ id, remove: true }` drops it, and a new id
 * is appended. Other objects merge deeply; arrays that are not rule lists and scalars replace.
 * The merged pack is validated again, so an override cannot produce an invalid pack.
 */
import type { Parsed } from './problems.ts';
import type { PolicyPack } from './schema.ts';
import { ruleListKeys } from './schema.ts';
import { type PackChecks, validatePack } from './validate.ts';

type Json = unknown;

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepMerge(base: Json, over: Json): Json {
  if (over === undefined) return base;
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, Json> = { ...base };
    for (const [key, value] of Object.entries(over)) out[key] = deepMerge(base[key], value);
    return out;
  }
  return over;
}

function mergeRuleList(base: Json, over: Json, path: string, problems: string[]): Json {
  if (!Array.isArray(over)) {
    problems.push(`${path}: expected an array of rules with ids`);
    return base;
  }
  const out: Json[] = Array.isArray(base) ? [...base] : [];
  over.forEach((entry, index) => {
    if (!isPlainObject(entry) || typeof entry.id !== 'string') {
      problems.push(`${path}[${index}].id: expected a rule id`);
      return;
    }
    const at = out.findIndex((rule) => isPlainObject(rule) && rule.id === entry.id);
    if (entry.remove === true) {
      if (at === -1) problems.push(`${path}[${index}].id: expected the id of a rule in the pack`);
      else out.splice(at, 1);
      return;
    }
    if (at === -1) out.push(entry);
    else out[at] = deepMerge(out[at], entry);
  });
  return out;
}

export type PackOverrides = Record<string, unknown>;

/** Applies overrides to a pack and validates the result. */
export function applyOverrides(
  pack: PolicyPack,
  overrides: PackOverrides | undefined,
  checks: PackChecks = 'all',
): Parsed<PolicyPack> {
  if (!overrides) return { ok: true, value: pack };
  if (!isPlainObject(overrides))
    return { ok: false, problems: ['$: expected an object of overrides'] };
  const problems: string[] = [];
  const merged: Record<string, Json> = { ...(pack as unknown as Record<string, Json>) };
  for (const [key, value] of Object.entries(overrides)) {
    if ((ruleListKeys as readonly string[]).includes(key)) {
      merged[key] = mergeRuleList(merged[key], value, `$.${key}`, problems);
    } else if (key === 'id') {
      problems.push('$.id: expected no change to the pack id in overrides');
    } else {
      merged[key] = deepMerge(merged[key], value);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return validatePack(merged, checks);
}
