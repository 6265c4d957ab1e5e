/**
 * A record's recording deadlines: each step the pack times (written, shared, signed, on the
 * child's record, the date recorded) falls due at the time of the meeting or within a period of
 * it. This is the one place those due dates are worked out: the record's page shows them and the
 * compliance engine turns them into obligations.
 */
import type { BundleRecord } from '../bundle/schema.ts';
import type { IsoDate, Period } from '../calendar/period.ts';
import { describePeriod } from '../calendar/period-words.ts';
import type { PolicyPack, RecordingDeadline } from '../policy/schema.ts';
import type { RecordingStep } from '../policy/vocabulary.ts';

export type RecordDeadline = {
  rule: RecordingDeadline;
  step: RecordingStep;
  dueOn: IsoDate;
  /** The day the step was done, if by `asOf`. */
  metOn?: IsoDate;
  /** Done, but after its due date. */
  late: boolean;
  /** Not done, and its due date has passed. */
  overdue: boolean;
  words: string;
};

export type DatedRecord = Pick<
  BundleRecord,
  'kind' | 'date' | 'writtenAt' | 'sharedAt' | 'signedAt' | 'onChildRecordAt' | 'dateRecordedAt'
>;

export const stepField: Record<RecordingStep, Exclude<keyof DatedRecord, 'kind' | 'date'>> = {
  written: 'writtenAt',
  shared: 'sharedAt',
  signed: 'signedAt',
  on_child_record: 'onChildRecordAt',
  date_recorded: 'dateRecordedAt',
};

const stepWords: Record<RecordingStep, string> = {
  written: 'Recorded',
  shared: 'Shared with the supervisee',
  signed: 'Signed',
  on_child_record: 'Added to the child’s record',
  date_recorded: 'Date of the meeting recorded',
};

const wordsByRule = new WeakMap<RecordingDeadline, string>();

/** "Shared with the supervisee within 10 working days of the meeting", "Recorded at the time". */
export function deadlineWords(rule: RecordingDeadline): string {
  // The compliance engine asks once per record: the words are made once per rule.
  let words = wordsByRule.get(rule);
  if (words === undefined) {
    words = phrase(rule);
    wordsByRule.set(rule, words);
  }
  return words;
}

function phrase(rule: RecordingDeadline): string {
  const when =
    rule.deadline.kind === 'at_time'
      ? 'at the time'
      : `within ${describePeriod(rule.deadline.period)} of the meeting`;
  return `${stepWords[rule.step]} ${when}`;
}

export function dueOnFor(
  rule: RecordingDeadline,
  meetingDate: IsoDate,
  addPeriod: (date: IsoDate, period: Period) => IsoDate,
): IsoDate {
  return rule.deadline.kind === 'at_time'
    ? meetingDate
    : addPeriod(meetingDate, rule.deadline.period);
}

export function recordDeadlines(
  pack: PolicyPack,
  addPeriod: (date: IsoDate, period: Period) => IsoDate,
  record: DatedRecord,
  asOf: IsoDate,
): RecordDeadline[] {
  return pack.recordingDeadlines
    .filter((rule) => rule.recordKinds.includes(record.kind))
    .map((rule) => {
      const dueOn = dueOnFor(rule, record.date, addPeriod);
      const done = record[stepField[rule.step]];
      // A step dated after `asOf` had not happened yet, as far as `asOf` knows.
      const metOn = done !== undefined && done <= asOf ? done : undefined;
      return {
        rule,
        step: rule.step,
        dueOn,
        ...(metOn !== undefined ? { metOn } : {}),
        late: metOn !== undefined && metOn > dueOn,
        overdue: metOn === undefined && asOf > dueOn,
        words: deadlineWords(rule),
      };
    });
}
