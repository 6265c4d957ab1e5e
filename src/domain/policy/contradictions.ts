/**
 * The named errors of issue 13's bad input: a rule that contradicts itself (an interval of 0, a
 * deadline before its event, a window that ends before it opens), a code the pack's vocabulary
 * does not know, and a template without the field a rule of the pack refers to. The schema finds
 * the first two; this file words them so a council's author can see what to change.
 */
import type { z } from 'zod';
import { jsonPath } from './problems.ts';
import type { PolicyPack, RecordQualityCheck, templateFieldPurposes } from './schema.ts';

type Issue = z.core.$ZodIssue;

/** What each coded list holds, by the key it sits under. */
const codeKinds: Record<string, string> = {
  statuses: 'child status',
  notStatuses: 'child status',
  flags: 'child flag',
  exceptFlags: 'child flag',
  roleCategories: 'role',
  notRoleCategories: 'role',
  subjectRoles: 'role',
  allocationRoles: 'allocation role',
  relationships: 'supervisory relationship kind',
  recordKinds: 'record kind',
  recordKind: 'record kind',
  evidence: 'record kind',
  sessionKinds: 'session kind',
  kinds: 'absence kind',
  teamTypes: 'team type',
  events: 'child event',
  reasons: 'cancellation reason',
  step: 'recording step',
};

/** Periods counted from an event: after it, never before or on it. */
const deadlineKeys = new Set([
  'dueAfter',
  'windowOpensAfter',
  'firstWithin',
  'within',
  'rebookWithin',
  'after',
  'readyBefore',
  'afterCaseClosed',
]);

/** `period` is a deadline under these keys, an interval elsewhere (`frequency.period`). */
const deadlineParents = new Set(['deadline', 'retention']);

const unitWords: Record<string, string> = {
  days: 'days',
  working_days: 'working days',
  weeks: 'weeks',
  months: 'months',
};

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const lastName = (path: readonly PropertyKey[]) =>
  [...path].reverse().find((key): key is string => typeof key === 'string');

function unknownCode(issue: Issue, input: unknown): string | undefined {
  if (issue.code !== 'invalid_value') return undefined;
  const kind = codeKinds[lastName(issue.path) ?? ''];
  const got = valueAt(input, issue.path);
  if (!kind || got === undefined) return undefined;
  const known = issue.values.map(String).join(', ');
  return `${jsonPath(issue.path)}: unknown ${kind} ${JSON.stringify(got)}: expected one of ${known}`;
}

function contradictoryPeriod(issue: Issue, input: unknown): string | undefined {
  if (issue.code !== 'too_small' || issue.path.at(-1) !== 'count') return undefined;
  const period = valueAt(input, issue.path.slice(0, -1)) as { unit?: unknown; count?: unknown };
  const unit = typeof period?.unit === 'string' ? unitWords[period.unit] : undefined;
  if (typeof period?.count !== 'number' || !unit) return undefined;
  const amount = `${period.count} ${unit}`;
  const owner = issue.path.at(-2);
  const parent = issue.path.at(-3);
  const isDeadline =
    typeof owner === 'string' &&
    (deadlineKeys.has(owner) ||
      (owner === 'period' && typeof parent === 'string' && deadlineParents.has(parent)));
  const text = !isDeadline
    ? `an interval of ${amount} contradicts itself`
    : period.count < 0
      ? `a deadline of ${amount} falls before its event`
      : `a deadline of ${amount} leaves no time after its event`;
  return `${jsonPath(issue.path)}: ${text}: expected 1 or more`;
}

/** The issue in issue 13's words, or undefined for the generic wording. */
export function namedSchemaProblem(issue: Issue, input: unknown): string | undefined {
  return unknownCode(issue, input) ?? contradictoryPeriod(issue, input);
}

type Period = { unit: keyof typeof unitWords; count: number };

/** The fewest and the most calendar days a period can span (holidays stretch working days). */
function daySpan({ unit, count }: Period): [number, number] {
  switch (unit) {
    case 'days':
      return [count, count];
    case 'working_days':
      return [count, Math.ceil((count * 7) / 5) + 10];
    case 'weeks':
      return [count * 7, count * 7];
    default:
      return [count * 28, count * 31];
  }
}

const words = (p: Period) => `${p.count} ${unitWords[p.unit]}`;

/** A rule whose own numbers cannot all hold. */
export function selfContradictions(pack: PolicyPack): string[] {
  const problems: string[] = [];
  pack.eventTriggers.forEach((rule, index) => {
    const { windowOpensAfter: opens, dueAfter: due } = rule;
    if (!opens || !due || daySpan(due)[1] >= daySpan(opens)[0]) return;
    problems.push(
      `$.eventTriggers[${index}].windowOpensAfter: the window ends before it opens (opens ${words(opens)} after the event, due ${words(due)} after it): expected it to open on or before the due date`,
    );
  });
  pack.staffSupervision.forEach((rule, index) => {
    const { minimumMinutes: min, maximumMinutes: max } = rule;
    if (min !== undefined && max !== undefined && max < min)
      problems.push(
        `$.staffSupervision[${index}].maximumMinutes: a maximum of ${max} minutes is below the minimum of ${min}: expected at least ${min}`,
      );
  });
  return problems;
}

type Purpose = (typeof templateFieldPurposes)[number];

/** The field a quality check reads its answer from. */
const checkedField: Partial<Record<RecordQualityCheck, Purpose>> = {
  child_views: 'child_views',
  direct_work_examples: 'direct_work',
};

/**
 * A quality rule that names record kinds reads a field of their templates; when no template of
 * a kind has it, the rule could never be met (a kind with several templates, like Manchester's
 * family placement variant, needs it in one: docs/records.md).
 */
export function missingTemplateFields(pack: PolicyPack): string[] {
  const problems: string[] = [];
  (pack.recordQuality ?? []).forEach((rule, r) => {
    const purpose = checkedField[rule.check];
    if (!purpose) return;
    for (const kind of rule.recordKinds ?? []) {
      const templates = pack.templates
        .map((template, t) => ({ template, t }))
        .filter(({ template }) => template.recordKind === kind);
      const has = templates.some(({ template }) =>
        template.sections.some((s) => (s.fields ?? []).some((f) => f.purpose === purpose)),
      );
      if (templates.length === 0 || has) continue;
      const others = templates.slice(1).map(({ t }) => `$.templates[${t}]`);
      const also = others.length > 0 ? ` (nor ${others.join(', ')})` : '';
      problems.push(
        `$.templates[${templates[0]?.t}]${also}: no ${kind} template has a field for ${purpose.replace('_', ' ')} (purpose "${purpose}"), which $.recordQuality[${r}] ("${rule.id}") refers to: expected one, or a rule that leaves ${kind} out`,
      );
    }
  });
  return problems;
}
