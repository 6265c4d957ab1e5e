/**
 * The rules form: the values of a pack's rules a person can change on a page (periods, such as
 * intervals and deadlines in working days, and numbers, such as yearly counts and thresholds)
 * and its terminology, read back into overrides merged by rule id (domain/policy/overrides.ts).
 * A change is written as the whole top-level value it sits in, since arrays (stepped
 * frequencies) are replaced, not merged.
 */
import {
  deepMerge,
  type PackOverrides,
  type PolicyPack,
  ruleListKeys,
} from '../../domain/policy/index.ts';
import { FormErrors, type FormValues } from '../../web/forms.ts';

export type RuleListKey = (typeof ruleListKeys)[number];
/** Templates have a page of their own. */
export const editableLists = ruleListKeys.filter((key) => key !== 'templates');
export type PathPart = string | number;

export const periodUnits = ['days', 'working_days', 'weeks', 'months'] as const;
type PeriodUnit = (typeof periodUnits)[number];

export type EditableValue =
  | { kind: 'number'; path: PathPart[]; label: string; name: string; value: number }
  | {
      kind: 'period';
      path: PathPart[];
      label: string;
      /** The count's input; the unit's is `${name}.unit`. */
      name: string;
      count: number;
      unit: PeriodUnit;
    };

export type RuleLike = { id: string; source?: { seed: string; section: string }; note?: string };
export type EditableRule = { rule: RuleLike; values: EditableValue[]; removeName: string };

const notEditable = new Set(['id', 'source', 'note', 'catalogueRef']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isPeriod = (value: unknown): value is { unit: PeriodUnit; count: number } =>
  isObject(value) &&
  Object.keys(value).length === 2 &&
  typeof value.count === 'number' &&
  (periodUnits as readonly string[]).includes(value.unit as string);

/** "firstWithin" → "first within"; `steps`, 1 → "step 2". */
function words(path: readonly PathPart[]): string {
  const out: string[] = [];
  for (const part of path) {
    if (typeof part === 'number')
      out.push(`${(out.pop() ?? 'item').replace(/s$/, '')} ${part + 1}`);
    else out.push(part.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
  }
  const text = out.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const fieldName = (ruleId: string, path: readonly PathPart[]) =>
  `rule.${ruleId}.${path.join('.')}`;

/** Every period and number in a rule, depth first, in the order the rule lists them. */
export function editableValues(rule: RuleLike): EditableValue[] {
  const out: EditableValue[] = [];
  const walk = (value: unknown, path: PathPart[]) => {
    if (isPeriod(value)) {
      const name = fieldName(rule.id, path);
      out.push({
        kind: 'period',
        path,
        label: words(path),
        name,
        count: value.count,
        unit: value.unit,
      });
    } else if (typeof value === 'number') {
      out.push({ kind: 'number', path, label: words(path), name: fieldName(rule.id, path), value });
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) walk(item, [...path, index]);
    } else if (isObject(value)) {
      for (const [key, inner] of Object.entries(value)) {
        if (path.length === 0 && notEditable.has(key)) continue;
        // Template and tool contents are edited on their own pages, not as numbers here.
        if (key === 'sections' || key === 'questions') continue;
        walk(inner, [...path, key]);
      }
    }
  };
  walk(rule, []);
  return out;
}

export function rulesOf(pack: PolicyPack, list: RuleListKey): EditableRule[] {
  return ((pack[list] ?? []) as RuleLike[]).map((rule) => ({
    rule,
    values: editableValues(rule),
    removeName: `remove.${rule.id}`,
  }));
}

/** A whole number as typed, or undefined after an error naming the rule and value. */
function readWhole(
  form: FormValues,
  errors: FormErrors,
  name: string,
  label: string,
): number | undefined {
  const typed = form[name] ?? '';
  if (/^-?\d+$/.test(typed)) return Number(typed);
  errors.add(name, `${label} must be a whole number`, { href: `#${fieldId(name)}` });
  return undefined;
}

/** An HTML id for a field name (dots would need escaping in a CSS selector). */
export const fieldId = (name: string) => name.replace(/[^A-Za-z0-9_-]/g, '-');

function setAt(target: unknown, path: readonly PathPart[], value: unknown): void {
  let at = target as Record<PathPart, unknown>;
  for (const part of path.slice(0, -1)) at = at[part] as Record<PathPart, unknown>;
  at[path[path.length - 1]!] = value;
}

export type RuleFormReading = {
  /** Rule overrides of the list, each `{ id, …changed top-level values }` or `{ id, remove }`. */
  entries: Record<string, unknown>[];
  errors: FormErrors;
};

/** The changes the form makes to one rule list of `pack`, compared with what the pack says. */
export function readRuleForm(
  pack: PolicyPack,
  list: RuleListKey,
  form: FormValues,
): RuleFormReading {
  const errors = new FormErrors();
  const entries: Record<string, unknown>[] = [];
  for (const { rule, values, removeName } of rulesOf(pack, list)) {
    if (form[removeName] === 'yes') {
      entries.push({ id: rule.id, remove: true });
      continue;
    }
    const changed = structuredClone(rule) as unknown;
    const touched = new Set<string>();
    for (const value of values) {
      const label = `Rule ${rule.id}, ${value.label.toLowerCase()}`;
      if (form[value.name] === undefined) continue;
      const typed = readWhole(form, errors, value.name, label);
      if (typed === undefined) continue;
      if (value.kind === 'number') {
        if (typed === value.value) continue;
        setAt(changed, value.path, typed);
      } else {
        const unit = form[`${value.name}.unit`] ?? value.unit;
        if (!(periodUnits as readonly string[]).includes(unit)) {
          errors.add(`${value.name}.unit`, `${label}: choose days, working days, weeks or months`);
          continue;
        }
        if (typed === value.count && unit === value.unit) continue;
        setAt(changed, value.path, { unit, count: typed });
      }
      touched.add(String(value.path[0]));
    }
    if (touched.size === 0) continue;
    const entry: Record<string, unknown> = { id: rule.id };
    for (const key of touched) entry[key] = (changed as Record<string, unknown>)[key];
    entries.push(entry);
  }
  return { entries, errors };
}

/** Terminology as typed, the terms that differ from the pack's. */
export function readTerminology(pack: PolicyPack, form: FormValues): RuleFormReading {
  const errors = new FormErrors();
  const changes: Record<string, string> = {};
  for (const [key, text] of Object.entries(pack.terminology)) {
    const name = `term.${key}`;
    const typed = form[name];
    if (typed === undefined || typed === text) continue;
    if (typed === '')
      errors.add(name, `Enter the words for “${key}”`, { href: `#${fieldId(name)}` });
    else changes[key] = typed;
  }
  return { entries: Object.keys(changes).length > 0 ? [changes] : [], errors };
}

/**
 * Adds a list's changes to overrides. Rule overrides apply in order, so a later entry for the
 * same id refines an earlier one; entries changing the same rule are merged into one.
 */
export function withChanges(
  overrides: PackOverrides,
  list: RuleListKey | 'terminology',
  entries: readonly Record<string, unknown>[],
): PackOverrides {
  if (entries.length === 0) return overrides;
  if (list === 'terminology') {
    return { ...overrides, terminology: deepMerge(overrides.terminology ?? {}, entries[0]) };
  }
  const out = Array.isArray(overrides[list])
    ? [...(overrides[list] as Record<string, unknown>[])]
    : [];
  for (const entry of entries) {
    const at = out.findIndex((e) => e.id === entry.id && e.remove !== true);
    if (entry.remove !== true && at !== -1)
      out[at] = deepMerge(out[at], entry) as Record<string, unknown>;
    else out.push(entry);
  }
  return { ...overrides, [list]: out };
}

/**
 * The rule ids of a list after overrides, in order, as applyOverrides merges them, so a problem
 * at `$.list[3]` can be traced to its rule.
 */
export function mergedIds(base: PolicyPack, overrides: PackOverrides, list: RuleListKey): string[] {
  const ids = ((base[list] ?? []) as RuleLike[]).map((rule) => rule.id);
  const entries = overrides[list];
  if (!Array.isArray(entries)) return ids;
  for (const entry of entries) {
    if (!isObject(entry) || typeof entry.id !== 'string') continue;
    const at = ids.indexOf(entry.id);
    if (entry.remove === true) {
      if (at !== -1) ids.splice(at, 1);
    } else if (at === -1) ids.push(entry.id);
  }
  return ids;
}

/** `$.caseSupervision[3].interval.count: expected …` → its list, index, path and message. */
export function parseProblem(
  problem: string,
): { list: string; index: number | undefined; path: PathPart[]; text: string } | undefined {
  const match =
    /^\$\.([A-Za-z]+)(?:\[(\d+)\])?((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\]|\["[^"]*"\])*): (.*)$/s.exec(
      problem,
    );
  if (!match) return undefined;
  const path = [...match[3]!.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\["([^"]*)"\]/g)].map(
    (part) => (part[2] !== undefined ? Number(part[2]) : (part[1] ?? part[3]!)),
  );
  return {
    list: match[1]!,
    index: match[2] === undefined ? undefined : Number(match[2]),
    path,
    text: match[4]!,
  };
}

/**
 * Puts `check`'s problems on the form: each on the input of the value it names when the form
 * shows one, otherwise on the advanced overrides box. Returns the errors for the page.
 */
export function problemsOnForm(
  problems: readonly string[],
  rules: readonly EditableRule[],
  idAt: (list: string, index: number) => string | undefined,
  list: RuleListKey | 'terminology',
): FormErrors {
  const errors = new FormErrors();
  const advanced: string[] = [];
  for (const problem of problems) {
    const parsed = parseProblem(problem);
    const target = parsed && fieldFor(parsed, rules, idAt, list);
    if (target)
      errors.add(target.name, `${target.label}: ${parsed.text}`, {
        href: `#${fieldId(target.name)}`,
      });
    else advanced.push(problem);
  }
  if (advanced.length > 0) errors.add('advanced', advanced.join('; '));
  return errors;
}

function fieldFor(
  parsed: NonNullable<ReturnType<typeof parseProblem>>,
  rules: readonly EditableRule[],
  idAt: (list: string, index: number) => string | undefined,
  list: RuleListKey | 'terminology',
): { name: string; label: string } | undefined {
  if (list === 'terminology') {
    if (parsed.list !== 'terminology' || parsed.path.length === 0) return undefined;
    const key = String(parsed.path[0]);
    return { name: `term.${key}`, label: `Term “${key}”` };
  }
  if (parsed.list !== list || parsed.index === undefined) return undefined;
  const ruleId = idAt(parsed.list, parsed.index);
  const rule = rules.find((r) => r.rule.id === ruleId);
  if (!rule) return undefined;
  // The value whose path is the longest prefix of the problem's (a period's count or unit).
  let best: { value: EditableValue; length: number } | undefined;
  for (const value of rule.values) {
    const prefix = value.path.every((part, i) => parsed.path[i] === part);
    if (
      prefix &&
      value.path.length <= parsed.path.length &&
      value.path.length >= (best?.length ?? 0)
    )
      best = { value, length: value.path.length };
  }
  if (!best) return undefined;
  const { value } = best;
  const unit = value.kind === 'period' && parsed.path[value.path.length] === 'unit';
  return {
    name: unit ? `${value.name}.unit` : value.name,
    label: `Rule ${rule.rule.id}, ${value.label.toLowerCase()}`,
  };
}

/**
 * Overrides on a whole pack without validating the result (the caller's `check` does), for an
 * imported pack, which has no built-in to draft overrides against. Merges as applyOverrides does.
 */
export function mergeUnchecked(
  pack: PolicyPack,
  overrides: PackOverrides,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(pack as unknown as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(ruleListKeys as readonly string[]).includes(key) || !Array.isArray(value)) {
      out[key] = deepMerge(out[key], value);
      continue;
    }
    const rules = Array.isArray(out[key]) ? [...(out[key] as Record<string, unknown>[])] : [];
    for (const entry of value as Record<string, unknown>[]) {
      const at = isObject(entry) ? rules.findIndex((rule) => rule.id === entry.id) : -1;
      if (at !== -1 && entry.remove === true) rules.splice(at, 1);
      else if (at !== -1) rules[at] = deepMerge(rules[at], entry) as Record<string, unknown>;
      else rules.push(entry);
    }
    out[key] = rules;
  }
  return out;
}
