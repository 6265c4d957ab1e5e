/**
 * The rules a supervision session must keep, whoever books or changes it (the pages, the API):
 * a planned session is not in the past, nobody supervises themselves, nobody is in two sessions
 * at once, and a session's status moves only from planned, with the reason each outcome needs.
 * Each problem names the field it is about, so a form can show it beside that field and the API
 * can name it in its problem document.
 */

import { dateInWords } from '../calendar/date-words.ts';
import type { IsoDate } from '../calendar/period.ts';
import type { CancellationReason, SessionKind, SessionStatus } from '../policy/vocabulary.ts';
import { sessionWindow, timeOfDay } from './time.ts';
import { listWords, sessionKindNouns, sessionStatusWords } from './words.ts';

export type SessionField =
  | 'kind'
  | 'date'
  | 'startsAt'
  | 'minutes'
  | 'location'
  | 'supervisorId'
  | 'participantIds'
  | 'teamId'
  | 'status'
  | 'cancellationReason'
  | 'reason'
  | 'rescheduledTo'
  | 'rescheduledStartsAt'
  | 'version';

export type SessionProblem = { field: SessionField; message: string };

/** A session as the rules see it. */
export type SessionFacts = {
  id?: string | undefined;
  kind: SessionKind;
  date: IsoDate;
  /** 'HH:MM', local time; null when no time was set (then it is taken to fill the day). */
  startsAt: string | null;
  minutes: number | null;
  supervisorId: string;
  /** The supervisee of a one-to-one; the attendees of a group. */
  participantIds: readonly string[];
  status: SessionStatus;
};

/** Today and the time now in the organisation's time zone. */
export type LocalNow = { today: IsoDate; time: string };

/** Statuses that hold people's time: a cancelled or postponed session frees it. */
const blocking: readonly SessionStatus[] = ['planned', 'held'];

export const minimumMinutes = 10;
export const maximumMinutes = 480;
export const maximumReasonLength = 500;

/** Whether two sessions take some of the same minutes of the same day. */
export function sessionsOverlap(a: SessionFacts, b: SessionFacts): boolean {
  if (a.date !== b.date) return false;
  const [aStart, aEnd] = sessionWindow(a.startsAt, a.minutes);
  const [bStart, bEnd] = sessionWindow(b.startsAt, b.minutes);
  return aStart < bEnd && bStart < aEnd;
}

/** The people whose time a session takes: its supervisor and its participants. */
export function peopleIn(session: Pick<SessionFacts, 'supervisorId' | 'participantIds'>) {
  return [session.supervisorId, ...session.participantIds];
}

function when(session: SessionFacts): string {
  if (session.startsAt === null) return `on ${dateInWords(session.date)} with no time set`;
  const [start, end] = sessionWindow(session.startsAt, session.minutes);
  return `from ${timeOfDay(start)} to ${timeOfDay(end)} on ${dateInWords(session.date)}`;
}

/**
 * The first clash of the session with another of the same people's sessions, as a problem on
 * the start time when both have one, otherwise on the date.
 */
export function clashOf(
  session: SessionFacts,
  others: readonly SessionFacts[],
  nameOf: (staffId: string) => string,
): SessionProblem | undefined {
  const people = new Set(peopleIn(session));
  for (const other of others) {
    if (other.id !== undefined && other.id === session.id) continue;
    if (!blocking.includes(other.status) || !sessionsOverlap(session, other)) continue;
    const shared = peopleIn(other).filter((person) => people.has(person));
    if (shared.length === 0) continue;
    const names = listWords([...new Set(shared)].map(nameOf));
    const verb = shared.length > 1 ? 'have' : 'has';
    const timed = session.startsAt !== null && other.startsAt !== null;
    const untimed = other.startsAt === null ? '. Give that session a time, or choose' : '. Choose';
    return {
      field: timed ? 'startsAt' : 'date',
      message: `${names} already ${verb} ${sessionKindNouns[other.kind]} ${when(other)}${untimed} another ${timed ? 'time' : 'date'}`,
    };
  }
  return undefined;
}

/** Whether a date and time are before now (a session with no time is past only after its day). */
export function isPast(date: IsoDate, startsAt: string | null, now: LocalNow): boolean {
  if (date !== now.today) return date < now.today;
  return startsAt !== null && startsAt < now.time;
}

/**
 * Checks a new or changed session. `others` are the sessions of the same people around its
 * date (any status: only planned and held ones take time).
 */
export function checkSession(
  session: SessionFacts,
  context: {
    now: LocalNow;
    others: readonly SessionFacts[];
    nameOf: (staffId: string) => string;
  },
): SessionProblem[] {
  const problems: SessionProblem[] = [];
  const { participantIds, supervisorId } = session;
  if (session.kind === 'one_to_one' && participantIds.length !== 1)
    problems.push({ field: 'participantIds', message: 'Select the supervisee' });
  else if (participantIds.length === 0)
    problems.push({ field: 'participantIds', message: 'Select at least one person to attend' });
  else if (new Set(participantIds).size !== participantIds.length)
    problems.push({ field: 'participantIds', message: 'Select each person only once' });
  else if (participantIds.includes(supervisorId)) {
    const name = context.nameOf(supervisorId);
    problems.push({
      field: 'participantIds',
      message:
        session.kind === 'one_to_one'
          ? `${name} cannot supervise themselves. Select a different supervisee or supervisor`
          : `${name} leads the session, so cannot also attend it. Untick them or choose someone else to lead it`,
    });
  }
  if (
    session.minutes !== null &&
    (!Number.isInteger(session.minutes) ||
      session.minutes < minimumMinutes ||
      session.minutes > maximumMinutes)
  )
    problems.push({
      field: 'minutes',
      message: `Length must be a whole number of minutes from ${minimumMinutes} to ${maximumMinutes}`,
    });
  if (session.status === 'planned' && isPast(session.date, session.startsAt, context.now)) {
    problems.push(
      session.date === context.now.today
        ? {
            field: 'startsAt',
            message: `A planned session today must start later than now (${context.now.time})`,
          }
        : {
            field: 'date',
            message: `The date of a planned session must be today or in the future. To record a session that took place, mark it as held`,
          },
    );
  }
  if (session.status === 'held' && session.date > context.now.today)
    problems.push({
      field: 'date',
      message: 'A held session must be dated today or earlier',
    });
  if (!problems.some((p) => p.field === 'participantIds')) {
    const clash = clashOf(session, context.others, context.nameOf);
    if (clash && !problems.some((p) => p.field === clash.field)) problems.push(clash);
  }
  return problems;
}

/** What happened to a planned session. */
export type StatusChange =
  | { status: 'held' }
  | { status: 'not_held'; reason: string | null }
  | { status: 'cancelled'; cancellationReason: CancellationReason | null; reason: string | null }
  | {
      status: 'postponed';
      cancellationReason: CancellationReason | null;
      reason: string | null;
      /** The date of the new session that replaces it. */
      rescheduledTo: IsoDate | null;
    };

export const outcomeStatuses = ['held', 'postponed', 'cancelled', 'not_held'] as const;
export type OutcomeStatus = (typeof outcomeStatuses)[number];

/**
 * Checks a change of status. A postponed session's replacement is a new planned session, which
 * the caller checks with `checkSession` (its date problems belong to `rescheduledTo`).
 */
export function checkStatusChange(
  session: Pick<SessionFacts, 'date' | 'status'>,
  change: StatusChange,
  now: LocalNow,
): SessionProblem[] {
  const problems: SessionProblem[] = [];
  if (session.status !== 'planned') {
    problems.push({
      field: 'status',
      message: `This session is already ${sessionStatusWords[session.status]}. Only a planned session can change status`,
    });
    return problems;
  }
  const reasonTooLong = (reason: string | null) =>
    reason !== null && reason.length > maximumReasonLength;
  switch (change.status) {
    case 'held':
      if (session.date > now.today)
        problems.push({
          field: 'status',
          message: `A session cannot be recorded as held before its date, ${dateInWords(session.date)}`,
        });
      break;
    case 'not_held':
      if (session.date > now.today)
        problems.push({
          field: 'status',
          message: `A session can be recorded as not held only on or after its date, ${dateInWords(session.date)}. To call it off before then, cancel or postpone it`,
        });
      if (!change.reason)
        problems.push({ field: 'reason', message: 'Enter why the session did not take place' });
      break;
    case 'cancelled':
    case 'postponed': {
      const word = change.status;
      if (!change.cancellationReason)
        problems.push({
          field: 'cancellationReason',
          message: `Select why the session is ${word}`,
        });
      else if (change.cancellationReason === 'other' && !change.reason)
        problems.push({ field: 'reason', message: `Enter why the session is ${word}` });
      if (change.status === 'postponed' && !change.rescheduledTo)
        problems.push({
          field: 'rescheduledTo',
          message: 'Enter the date the session is moved to',
        });
      if (
        change.status === 'postponed' &&
        change.rescheduledTo &&
        change.rescheduledTo === session.date
      )
        problems.push({
          field: 'rescheduledTo',
          message: `The new date must be different from ${dateInWords(session.date)}. To change only the time, change the session instead`,
        });
      break;
    }
  }
  if ('reason' in change && reasonTooLong(change.reason))
    problems.push({
      field: 'reason',
      message: `Reason must be ${maximumReasonLength} characters or fewer`,
    });
  return problems;
}
