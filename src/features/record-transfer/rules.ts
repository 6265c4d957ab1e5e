/**
 * Records on a change of supervisor, as pure rules (Durham 4.8, 4.9, 6.6; Manchester 2.4). A
 * supervisee's personal records written by a supervisor who no longer supervises them pass to
 * the people who took over; where the pack asks for it, only once the supervisee agrees. The
 * manager of the original supervisor may then lay redactions over the text: an overlay on what
 * is shown, never a change to the signed words.
 */
import type { IsoDate } from '../../domain/calendar/period.ts';
import type { RecordTransferRule } from '../../domain/policy/schema.ts';
import type { RecordKind } from '../../domain/policy/vocabulary.ts';
import type { RecordContent } from '../../domain/records/types.ts';

/**
 * The kinds that pass on a change of supervisor: the supervisee's personal supervision record,
 * with observations "as part of" it (Durham 6.6) and the PDR. Case records follow the child's
 * record; agreements and handover notes are made for the new relationship.
 */
export const transferableKinds: readonly RecordKind[] = [
  'personal_supervision',
  'direct_observation',
  'pdr',
];

export type TransferPolicy = Pick<RecordTransferRule, 'consent' | 'redaction'>;

/** Where the pack is silent: records pass without consent and are never redacted. */
export const defaultTransferPolicy: TransferPolicy = { consent: 'not_required', redaction: false };

export type Decision = 'given' | 'declined';

/** One supervisory relationship of the supervisee, ended or not. */
export type SupervisionSpan = { supervisorId: string; startsOn: IsoDate; endsOn: IsoDate | null };

/** What a record's passing on is decided on, loaded with the record. */
export type TransferFacts = {
  policy: TransferPolicy;
  /** Every supervisory relationship the supervisee has had. */
  spans: readonly SupervisionSpan[];
  /** The supervisee's decision for each new supervisor who asked, by the supervisor's id. */
  decisions: Readonly<Record<string, Decision>>;
  /** The original supervisor's line manager and the managers of their team and the units above. */
  authorManagers: readonly string[];
};

/** The record as the rules need it: its date, its writer and its supervisee now. */
export type TransferSubject = {
  kind: RecordKind;
  date: IsoDate;
  authorId: string | undefined;
  supervisee:
    | { id: string; supervisorIds: readonly string[]; lineManagerId: string | undefined }
    | undefined;
};

const supervisedOn = (spans: readonly SupervisionSpan[], staffId: string, date: IsoDate) =>
  spans.some(
    (s) =>
      s.supervisorId === staffId && s.startsOn <= date && (s.endsOn === null || s.endsOn >= date),
  );

/**
 * Those who took over the supervisee since the record was written: everyone supervising or line
 * managing them now who did not supervise them on the record's date, once its writer no longer
 * does. None while the writer still supervises them (no change of supervisor yet).
 */
export function newSupervisors(subject: TransferSubject, spans: readonly SupervisionSpan[]) {
  const { supervisee, authorId } = subject;
  if (!transferableKinds.includes(subject.kind) || !supervisee || !authorId) return [];
  if (authorId === supervisee.id) return [];
  const now = new Set(supervisee.supervisorIds);
  if (supervisee.lineManagerId) now.add(supervisee.lineManagerId);
  if (now.has(authorId)) return [];
  return [...now].filter((id) => id !== supervisee.id && !supervisedOn(spans, id, subject.date));
}

/**
 * Who the record is held back from, and who may redact it: the new supervisors the supervisee
 * has not agreed to (where the pack asks for agreement), and the original supervisor's managers
 * (where the pack allows redaction, once there is a new supervisor).
 */
export function transferAccess(subject: TransferSubject, facts: TransferFacts | undefined) {
  if (!facts) return { heldBackFrom: [], redactors: [] };
  const newcomers = newSupervisors(subject, facts.spans);
  const heldBackFrom =
    facts.policy.consent === 'required'
      ? newcomers.filter((id) => facts.decisions[id] !== 'given')
      : [];
  const redactors =
    facts.policy.redaction && newcomers.length > 0
      ? facts.authorManagers.filter(
          (id) => id !== subject.authorId && id !== subject.supervisee?.id,
        )
      : [];
  return { heldBackFrom, redactors };
}

/**
 * A passage hidden in one answer of every version, until it is withdrawn. `version` is the one it
 * was laid on; earlier and later versions holding the same words hide them too.
 */
export type Redaction = {
  id: string;
  version: number;
  field: string;
  passage: string;
  replacement: string;
  reason: string;
  redactedByName: string | null;
  redactedAt: Date;
  withdrawnAt: Date | null;
  withdrawnByName: string | null;
  withdrawReason: string | null;
};

/**
 * Redactions in force, on every version: the overlay matches the passage as text, so a version
 * before the one it was laid on (still open at /versions/1, and in the API) hides it too.
 */
export const redactionsInForce = (redactions: readonly Redaction[]) =>
  redactions.filter((r) => r.withdrawnAt === null);

/** The content as shown to those who may not read the original: each passage replaced. */
export function overlay(
  content: RecordContent,
  redactions: readonly Pick<Redaction, 'field' | 'passage' | 'replacement'>[],
): RecordContent {
  if (redactions.length === 0) return content;
  const answers = { ...content.answers };
  for (const r of redactions) {
    const answer = answers[r.field];
    if (typeof answer === 'string') answers[r.field] = answer.split(r.passage).join(r.replacement);
  }
  return { ...content, answers };
}

type Hidden = Pick<Redaction, 'field' | 'passage' | 'replacement'>;

const hide = (text: string, redactions: readonly Hidden[]) =>
  redactions.reduce((t, r) => t.split(r.passage).join(r.replacement), text);

/**
 * The answers sent back by someone shown only the overlay, with the hidden words kept: an answer
 * sent as it was shown keeps the stored words, and an edited one gets the passage back where the
 * replacement still stands (when its answer hides one passage only: otherwise which is which is
 * not known). Without this, saving a draft would write the replacement over the original.
 */
export function keepHidden(
  sent: Readonly<Record<string, unknown>>,
  stored: Readonly<Record<string, unknown>>,
  redactions: readonly Hidden[],
): Record<string, unknown> {
  const answers = { ...sent };
  for (const field of new Set(redactions.map((r) => r.field))) {
    const value = answers[field];
    const original = stored[field];
    if (typeof value !== 'string' || value === original) continue;
    const own = redactions.filter((r) => r.field === field);
    if (typeof original === 'string' && value === hide(original, own)) answers[field] = original;
    else if (new Set(own.map((r) => `${r.passage}\u0000${r.replacement}`)).size === 1)
      answers[field] = value.split(own[0]!.replacement).join(own[0]!.passage);
  }
  return answers;
}
