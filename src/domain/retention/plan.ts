/**
 * Which records a retention run deletes, from the pack's retention rules and the dates alone.
 * Never delete without a period (DESIGN 7, A16, A60): a kind with no rule, or kept "with the
 * child's record" where the organisation has set no period for that record, is kept and said so.
 * A record under a live legal hold, on itself or on anyone it is about, is spared.
 */
import { compareIsoDates } from '../calendar/iso-date.ts';
import type { IsoDate, Period } from '../calendar/period.ts';
import type { RetentionRule } from '../policy/schema.ts';
import type { RecordKind } from '../policy/vocabulary.ts';

export type RetentionCandidate = {
  id: string;
  kind: RecordKind;
  /** The record's date: the date of the supervision or observation. */
  date: IsoDate;
  /** Everyone the record is about or by: its staff, author and observer. */
  staffIds: readonly string[];
  /** The children it names, with the date each child's case closed (null: open). */
  children: readonly { id: string; closedOn: IsoDate | null }[];
};

export type HoldSubject = { kind: 'staff' | 'child' | 'record'; id: string };
export type LiveHold = { id: string; subject: HoldSubject };

export type DueRecord = {
  recordId: string;
  kind: RecordKind;
  date: IsoDate;
  ruleId: string;
  dueSince: IsoDate;
};
export type SparedRecord = DueRecord & { holdIds: string[] };

/** Why records of a kind are kept whatever their age. */
export type NoPeriodReason = 'no_rule' | 'no_period_for_child_record' | 'no_child_record';
export type NoPeriod = {
  kind: RecordKind;
  ruleId: string | null;
  reason: NoPeriodReason;
  count: number;
};

export type RetentionPlan = {
  asOf: IsoDate;
  due: DueRecord[];
  spared: SparedRecord[];
  noPeriod: NoPeriod[];
};

export type AddPeriod = (date: IsoDate, period: Period) => IsoDate;

type Outcome =
  | { kind: 'due'; ruleId: string; dueSince: IsoDate }
  | { kind: 'not_yet' }
  | { kind: 'no_period'; ruleId: string | null; reason: NoPeriodReason };

/** The rule for a kind: the first that names it, as the pack lists them. */
export function ruleFor(rules: readonly RetentionRule[], kind: RecordKind) {
  return rules.find((rule) => rule.recordKinds.includes(kind));
}

function latest(dates: readonly IsoDate[]): IsoDate {
  return dates.reduce((a, b) => (compareIsoDates(a, b) >= 0 ? a : b));
}

/** When one record falls due under its rule, if it ever can as things stand. */
export function dueDate(
  rule: RetentionRule | undefined,
  record: RetentionCandidate,
  addPeriod: AddPeriod,
): Outcome {
  if (!rule) return { kind: 'no_period', ruleId: null, reason: 'no_rule' };
  const retention = rule.retention;
  if (retention.kind === 'after_record_date')
    return { kind: 'due', ruleId: rule.id, dueSince: addPeriod(record.date, retention.period) };
  if (!retention.afterCaseClosed)
    return { kind: 'no_period', ruleId: rule.id, reason: 'no_period_for_child_record' };
  if (record.children.length === 0)
    return { kind: 'no_period', ruleId: rule.id, reason: 'no_child_record' };
  // Kept as long as the record of every child it names: until the last case to close has
  // been closed for the period.
  const closed = record.children.map((c) => c.closedOn);
  if (closed.some((d) => d === null)) return { kind: 'not_yet' };
  const lastClosed = latest(closed as IsoDate[]);
  return {
    kind: 'due',
    ruleId: rule.id,
    dueSince: addPeriod(lastClosed, retention.afterCaseClosed),
  };
}

/** The live holds on a record: on the record itself, on a person it is about, on a child. */
export function holdsOn(record: RetentionCandidate, holds: readonly LiveHold[]): string[] {
  return holds
    .filter(({ subject }) =>
      subject.kind === 'record'
        ? subject.id === record.id
        : subject.kind === 'staff'
          ? record.staffIds.includes(subject.id)
          : record.children.some((c) => c.id === subject.id),
    )
    .map((hold) => hold.id);
}

/** What a run on `asOf` deletes, spares and keeps for want of a period, in a stable order. */
export function retentionPlan(
  rules: readonly RetentionRule[],
  records: readonly RetentionCandidate[],
  holds: readonly LiveHold[],
  asOf: IsoDate,
  addPeriod: AddPeriod,
): RetentionPlan {
  const due: DueRecord[] = [];
  const spared: SparedRecord[] = [];
  const noPeriod = new Map<string, NoPeriod>();
  for (const record of records) {
    const outcome = dueDate(ruleFor(rules, record.kind), record, addPeriod);
    if (outcome.kind === 'not_yet') continue;
    if (outcome.kind === 'no_period') {
      const key = `${record.kind}|${outcome.reason}`;
      const entry = noPeriod.get(key) ?? { ...outcome, kind: record.kind, count: 0 };
      entry.count += 1;
      noPeriod.set(key, entry);
      continue;
    }
    if (compareIsoDates(outcome.dueSince, asOf) > 0) continue;
    const entry: DueRecord = {
      recordId: record.id,
      kind: record.kind,
      date: record.date,
      ruleId: outcome.ruleId,
      dueSince: outcome.dueSince,
    };
    const holdIds = holdsOn(record, holds);
    if (holdIds.length > 0) spared.push({ ...entry, holdIds });
    else due.push(entry);
  }
  const byDate = (a: DueRecord, b: DueRecord) =>
    compareIsoDates(a.date, b.date) || a.recordId.localeCompare(b.recordId);
  return {
    asOf,
    due: due.sort(byDate),
    spared: spared.sort(byDate),
    noPeriod: [...noPeriod.values()].sort((a, b) => a.kind.localeCompare(b.kind)),
  };
}

/** How the due set moved between a dry run and now: what a confirmed run must refuse. */
export function dueSetDifference(before: readonly DueRecord[], now: readonly DueRecord[]) {
  const was = new Set(before.map((r) => r.recordId));
  const is = new Set(now.map((r) => r.recordId));
  return {
    added: now.filter((r) => !was.has(r.recordId)),
    removed: before.filter((r) => !is.has(r.recordId)),
  };
}
