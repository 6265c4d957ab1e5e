import type { IsoDate, Period } from '../calendar/period.ts';
import type { RuleSource } from '../policy/schema.ts';
import type { ObligationKind } from '../policy/vocabulary.ts';
import type { ComplianceScope } from './scope.ts';

/** What the engine needs from a working-day calendar (the calendar module provides one). */
export interface CalendarPort {
  addPeriod(date: IsoDate, period: Period): IsoDate;
  addWorkingDays(date: IsoDate, days: number): IsoDate;
  isWorkingDay(date: IsoDate): boolean;
}

export const obligationStates = [
  'met',
  'met_late',
  'due',
  'due_soon',
  'overdue',
  'not_applicable',
  'waived',
] as const;
export type ObligationState = (typeof obligationStates)[number];

export type ObligationSubject =
  | { kind: 'staff'; id: string }
  | { kind: 'child'; id: string }
  | { kind: 'team'; id: string };

export interface Obligation {
  /** Stable: kind, subject, worker or record, rule and due date (or window start). */
  id: string;
  kind: ObligationKind;
  subject: ObligationSubject;
  /** The allocated worker, for case and event supervision. */
  workerId?: string;
  /** The record a recording deadline is about. */
  recordId?: string;
  responsibleId: string | null;
  /** Null when the pack gives no timescale: due from the window's start until met. */
  dueDate: IsoDate | null;
  window: { from: IsoDate; to: IsoDate | null };
  state: ObligationState;
  /** Why it is waived or not applicable, and other explanations. */
  reason?: string;
  metOn?: IsoDate;
  rule: { id: string; source: RuleSource; note?: string };
  /** Other rules that applied and lost to the more frequent one. */
  considered?: string[];
  /** Counts for obligations of several events (per year, observations, audit quotas). */
  required?: number;
  counted?: number;
  evidenceIds: string[];
}

export interface EvaluateOptions {
  calendar: CalendarPort;
  /** Only obligations whose due date (or window start) is on or after this date. */
  from?: IsoDate | undefined;
  /** Only these kinds (derivations giving none of them are skipped). */
  kinds?: readonly ObligationKind[] | undefined;
  /** Only the scope's obligations; evaluate a `sliceBundle` of the organisation with it. */
  scope?: ComplianceScope | undefined;
}
