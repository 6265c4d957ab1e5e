/**
 * The daily digest: one message a day to each person about the obligations they are
 * responsible for that are overdue or due soon, grouped so it reads as a short list rather than
 * a flood. Nothing to say, no message. Pure: the obligations and the names come in.
 *
 * Children are named by their case-management number only: an email leaves the organisation's
 * systems, and the seeds keep children's names out of supervision notes ("Names or personal
 * details of clients will not be recorded in Professional Supervision notes", Manchester 2.1).
 */

import { dayAndDateInWords } from '../../domain/calendar/date-words.ts';
import { compareIsoDates } from '../../domain/calendar/iso-date.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import type { Obligation, ObligationSubject } from '../../domain/compliance/types.ts';
import type { ObligationKind, RecordingStep } from '../../domain/policy/vocabulary.ts';

export type DigestState = 'overdue' | 'due_soon';

/** One obligation as the digest tells it; plain data, carried in a job's payload. */
export type DigestEntry = {
  kind: ObligationKind;
  state: DigestState;
  dueDate: IsoDate | null;
  /** Who or what it is about: 'Jordan Ellis', 'case 100234', 'Family Help Team East'. */
  subject: string;
  /** The worker, for a child's case supervision. */
  worker?: string;
  /** What is to be done, where the kind alone does not say: 'share with the supervisee'. */
  step?: string;
};

/** How subjects are named: staff and teams by name, children by case number. */
export type Directory = {
  staff: (externalId: string) => string | undefined;
  child: (externalId: string) => string | undefined;
  team: (externalId: string) => string | undefined;
  /** The step of a recording deadline rule (written, shared, signed …), by the rule's id. */
  recordingStep?: (ruleId: string) => RecordingStep | undefined;
};

const stepWords: Record<RecordingStep, string> = {
  written: 'write up',
  shared: 'share with the supervisee',
  signed: 'get signed',
  on_child_record: "put on the child's record",
  date_recorded: 'record the date',
};

export const kindHeadings: Record<ObligationKind, string> = {
  staff_supervision: 'Supervision',
  staff_supervision_rebook: 'Supervision to rebook',
  case_supervision: 'Case supervision',
  event_supervision: 'Case supervision after an event',
  recording: 'Supervision records to finish',
  observation: 'Observations of practice',
  pdr: 'Performance and development reviews',
  group_attendance: 'Group supervision attendance',
  team_group_session: 'Team group supervision',
  agreement: 'Supervision agreements',
  agreement_review: 'Supervision agreement reviews',
  effectiveness_review: 'Effectiveness reviews',
  handover: 'Handovers',
  audit: 'Audits',
  audit_feedback: 'Audit feedback',
  action: 'Actions',
};

const stateHeadings: Record<DigestState, string> = { overdue: 'Overdue', due_soon: 'Due soon' };

/** At most this many lines under one heading; the rest are counted ("and 4 more"). */
export const linesPerGroup = 10;

function subjectName(subject: ObligationSubject, directory: Directory): string {
  switch (subject.kind) {
    case 'staff':
      return directory.staff(subject.id) ?? 'a staff member';
    case 'child':
      return `case ${directory.child(subject.id) ?? subject.id}`;
    case 'team':
      return directory.team(subject.id) ?? 'a team';
  }
}

/**
 * Each responsible person's overdue and due-soon obligations, keyed by their staff id (the
 * bundle's external id). Obligations nobody is responsible for go to no one.
 */
export function digestEntries(
  obligations: readonly Obligation[],
  directory: Directory,
): Map<string, DigestEntry[]> {
  const out = new Map<string, DigestEntry[]>();
  for (const obligation of obligations) {
    if (obligation.state !== 'overdue' && obligation.state !== 'due_soon') continue;
    if (!obligation.responsibleId) continue;
    const entry: DigestEntry = {
      kind: obligation.kind,
      state: obligation.state,
      dueDate: obligation.dueDate,
      subject: subjectName(obligation.subject, directory),
    };
    if (obligation.workerId && obligation.subject.kind === 'child') {
      const worker = directory.staff(obligation.workerId);
      if (worker) entry.worker = worker;
    }
    const step =
      obligation.kind === 'recording' ? directory.recordingStep?.(obligation.rule.id) : undefined;
    if (step) entry.step = stepWords[step];
    const list = out.get(obligation.responsibleId) ?? [];
    list.push(entry);
    out.set(obligation.responsibleId, list);
  }
  return out;
}

export type DigestGroup = { heading: string; lines: string[]; more: number };
export type DigestSection = {
  state: DigestState;
  heading: string;
  count: number;
  groups: DigestGroup[];
};
export type Digest = { date: IsoDate; overdue: number; dueSoon: number; sections: DigestSection[] };

function line(entry: DigestEntry): string {
  const about = [entry.worker, entry.step].filter(Boolean).join(', ');
  const who = about ? `${entry.subject} (${about})` : entry.subject;
  if (entry.dueDate === null) return `${who}: due now`;
  const on = dayAndDateInWords(entry.dueDate);
  return entry.state === 'overdue' ? `${who}: was due ${on}` : `${who}: due ${on}`;
}

/** Oldest due date first; obligations with no due date (due now) before any dated one. */
function byDueDate(a: DigestEntry, b: DigestEntry): number {
  if (a.dueDate === b.dueDate) return line(a).localeCompare(line(b));
  if (a.dueDate === null) return -1;
  if (b.dueDate === null) return 1;
  return compareIsoDates(a.dueDate, b.dueDate);
}

/**
 * One person's digest: overdue first, then due soon; within each, a group per kind of
 * obligation in the order of `kindHeadings`, oldest first, at most `linesPerGroup` lines a
 * group. Undefined when there is nothing to say.
 */
export function buildDigest(entries: readonly DigestEntry[], date: IsoDate): Digest | undefined {
  if (entries.length === 0) return undefined;
  const kinds = Object.keys(kindHeadings) as ObligationKind[];
  const sections: DigestSection[] = [];
  for (const state of ['overdue', 'due_soon'] as const) {
    const inState = entries.filter((entry) => entry.state === state);
    if (inState.length === 0) continue;
    const groups: DigestGroup[] = [];
    for (const kind of kinds) {
      const ofKind = inState.filter((entry) => entry.kind === kind).sort(byDueDate);
      if (ofKind.length === 0) continue;
      groups.push({
        heading: kindHeadings[kind],
        lines: ofKind.slice(0, linesPerGroup).map(line),
        more: Math.max(0, ofKind.length - linesPerGroup),
      });
    }
    sections.push({ state, heading: stateHeadings[state], count: inState.length, groups });
  }
  const count = (state: DigestState) => entries.filter((entry) => entry.state === state).length;
  return { date, overdue: count('overdue'), dueSoon: count('due_soon'), sections };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** '2 overdue and 1 due soon', '3 due soon'. */
export function digestHeadline(digest: Digest): string {
  const parts = [
    digest.overdue > 0 ? `${digest.overdue} overdue` : undefined,
    digest.dueSoon > 0 ? `${digest.dueSoon} due soon` : undefined,
  ].filter(Boolean);
  return parts.join(' and ');
}

/**
 * The digest as words: the email's subject and text, and the shorter text of the in-app
 * notification. Lists are written '- item' lines, which the notifications page shows as lists.
 */
export function digestMessage(
  digest: Digest,
  options: { recipientName: string; link: string | undefined },
): { subject: string; text: string; notificationBody: string } {
  const total = digest.overdue + digest.dueSoon;
  const subject = `Supervision: ${digestHeadline(digest)} (${dayAndDateInWords(digest.date)})`;
  const lines = [
    `Dear ${options.recipientName},`,
    '',
    `${capitalise(plural(total, 'thing'))} you are responsible for in supervision ${total === 1 ? 'needs' : 'need'} attention: ${digestHeadline(digest)}.`,
  ];
  for (const section of digest.sections) {
    lines.push('', `${section.heading} (${section.count})`);
    for (const group of section.groups) {
      lines.push('', `${group.heading}:`);
      for (const item of group.lines) lines.push(`- ${item}`);
      if (group.more > 0) lines.push(`- and ${group.more} more`);
    }
  }
  lines.push(
    '',
    options.link
      ? `See them all in Oversight: ${options.link}`
      : 'Sign in to Oversight to see them all.',
    '',
    'You get this email once a working day, only when something is overdue or due soon.',
  );
  const notification = [`${digestHeadline(digest)}.`];
  for (const section of digest.sections) {
    notification.push(`${section.heading}:`);
    for (const group of section.groups)
      notification.push(`- ${group.heading}: ${plural(group.lines.length + group.more, 'item')}`);
  }
  return {
    subject,
    text: lines.join('\n'),
    notificationBody: capitalise(notification.join('\n')),
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
