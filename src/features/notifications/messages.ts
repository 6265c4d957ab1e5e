/**
 * The words of each notification and email, written once here: the subject, the email's text
 * and the shorter text shown in the app. Pure. Plain English, GOV.UK style: dates as
 * 'Wednesday 1 July 2026', times as '10am'. No reason for a cancellation is given (it may be
 * someone's sickness) and no child is named.
 */

import { dayAndDateInWords } from '../../domain/calendar/date-words.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import { type CalendarSession, defaultMinutes, sessionKindLabels } from './invitation.ts';
import { govukTime, parseTime } from './zoned-time.ts';

/** Where each thing lives in the app; an email makes them absolute with OVERSIGHT_BASE_URL. */
export const paths = {
  session: (id: string) => `/planning/sessions/${id}`,
  agreement: (id: string) => `/agreements/${id}`,
  record: (id: string) => `/records/${id}`,
  notifications: '/notifications',
  home: '/',
};

export type Message = {
  subject: string;
  /** The email's plain text. */
  text: string;
  /** What the notifications page shows under the subject. */
  notificationBody: string;
};

export type SessionEvent = 'booked' | 'changed' | 'cancelled' | 'reminder';

function endTime(start: string, minutes: number): string {
  const { hours, minutes: m } = parseTime(start);
  const total = (hours * 60 + m + minutes) % (24 * 60);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** 'Wednesday 1 July 2026, 10am to 11:30am' or the day alone when no time is booked. */
export function sessionWhen(session: Pick<CalendarSession, 'date' | 'startsAt' | 'minutes'>) {
  const day = dayAndDateInWords(session.date);
  if (!session.startsAt) return day;
  const end = endTime(session.startsAt, session.minutes ?? defaultMinutes);
  return `${day}, ${govukTime(session.startsAt)} to ${govukTime(end)}`;
}

function sessionAt(session: CalendarSession): string {
  const day = dayAndDateInWords(session.date);
  return session.startsAt ? `${day} at ${govukTime(session.startsAt)}` : day;
}

function whoLines(session: CalendarSession): string[] {
  const oneToOne = session.kind === 'one_to_one' || session.kind === 'unplanned';
  const people = session.participants.map((person) => person.name).join(', ');
  return [
    `Supervisor: ${session.supervisor.name}`,
    ...(people ? [`${oneToOne ? 'Supervisee' : 'Attending'}: ${people}`] : []),
  ];
}

function withLink(link: string | undefined, words: string): string {
  return link ? `${words}: ${link}` : `${words}.`;
}

/** A session booked, changed or cancelled, or the reminder the day before. */
export function sessionMessage(
  event: SessionEvent,
  session: CalendarSession,
  options: {
    recipientName: string;
    link: string | undefined;
    rescheduledTo?: IsoDate | null;
    withInvitation: boolean;
  },
): Message {
  const label = sessionKindLabels[session.kind];
  const details = [
    `When: ${sessionWhen(session)}`,
    ...(session.location ? [`Where: ${session.location}`] : []),
    ...whoLines(session),
  ];
  const subjects: Record<SessionEvent, string> = {
    booked: `Supervision booked: ${sessionAt(session)}`,
    changed: `Supervision changed: ${sessionAt(session)}`,
    cancelled: `Supervision cancelled: ${sessionAt(session)}`,
    reminder: `Reminder: supervision tomorrow, ${sessionAt(session)}`,
  };
  const openings: Record<SessionEvent, string> = {
    booked: `${label} has been booked.`,
    changed: `${label} has changed. This is how it stands now.`,
    cancelled: `${label} on ${sessionAt(session)} has been cancelled.`,
    reminder: `${label} is tomorrow.`,
  };
  const rescheduled = options.rescheduledTo
    ? [`It is to be rebooked for ${dayAndDateInWords(options.rescheduledTo)}.`]
    : [];
  const calendarLine =
    event === 'cancelled'
      ? 'The attached cancellation removes it from your calendar.'
      : 'The attached invitation puts it in your calendar, or updates it there.';
  const text = [
    `Dear ${options.recipientName},`,
    '',
    openings[event],
    ...(event === 'cancelled' ? rescheduled : ['', ...details]),
    ...(options.withInvitation ? ['', calendarLine] : []),
    '',
    event === 'cancelled'
      ? withLink(options.link, 'See the session in Oversight')
      : withLink(
          options.link,
          'Prepare for it in Oversight (your agenda and the children to discuss)',
        ),
  ].join('\n');
  const notificationBody =
    event === 'cancelled'
      ? [openings[event], ...rescheduled].join('\n')
      : [openings[event], ...details].join('\n');
  return { subject: subjects[event], text, notificationBody };
}

export function agreementMessage(options: {
  recipientName: string;
  supervisee: string;
  supervisor: string;
  version: number;
  /** The party who has signed already, if one has. */
  signedBy: { name: string; on: IsoDate } | undefined;
  link: string | undefined;
}): Message {
  const opening = `The supervision agreement between ${options.supervisee} (supervisee) and ${options.supervisor} (supervisor), version ${options.version}, is ready for you to sign.`;
  const signed = options.signedBy
    ? [`${options.signedBy.name} signed it on ${dayAndDateInWords(options.signedBy.on)}.`]
    : [];
  return {
    subject: 'Supervision agreement to sign',
    text: [
      `Dear ${options.recipientName},`,
      '',
      opening,
      ...signed,
      '',
      withLink(options.link, 'Read and sign it in Oversight'),
    ].join('\n'),
    notificationBody: [opening, ...signed].join('\n'),
  };
}

export function recordMessage(options: {
  recipientName: string;
  meetingDate: IsoDate;
  author: string | undefined;
  link: string | undefined;
}): Message {
  const by = options.author ? `, written by ${options.author},` : '';
  const opening = `The record of your supervision on ${dayAndDateInWords(options.meetingDate)}${by} is ready for you to read and sign.`;
  return {
    subject: 'Supervision record to sign',
    text: [
      `Dear ${options.recipientName},`,
      '',
      opening,
      'If you do not agree with it, you can record your disagreement instead.',
      '',
      withLink(options.link, 'Read it in Oversight'),
    ].join('\n'),
    notificationBody: opening,
  };
}

export function escalationMessage(options: {
  recipientName: string;
  meetingDate: IsoDate;
  raisedBy: string | undefined;
  link: string | undefined;
}): Message {
  const who = options.raisedBy ?? 'Someone';
  const opening = `${who} has asked you to look at a disagreement about the record of a supervision on ${dayAndDateInWords(options.meetingDate)}.`;
  return {
    subject: 'A supervision disagreement for you to look at',
    text: [
      `Dear ${options.recipientName},`,
      '',
      opening,
      'You are the supervisor’s line manager. Read the record and the disagreement, and record your response on the record.',
      '',
      withLink(options.link, 'Read it in Oversight'),
    ].join('\n'),
    notificationBody: opening,
  };
}

/** A supervision note that could not be put on the child's record. The child is not named. */
export function childNoteFailedMessage(options: {
  recipientName: string;
  meetingDate: IsoDate;
  author: string | undefined;
  /** Why, in a line: the receiver refused it, or nothing answered for a day. */
  reason: string;
  link: string | undefined;
}): Message {
  const by = options.author ? `, written by ${options.author},` : '';
  const opening = `The note of the supervision on ${dayAndDateInWords(options.meetingDate)}${by} could not be added to the child’s record: ${options.reason}.`;
  const next =
    'Until it is, the child’s record does not show this supervision. An administrator can try again from the ‘Notes on the child’s record’ page in Oversight.';
  return {
    subject: 'A supervision note did not reach the child’s record',
    text: [
      `Dear ${options.recipientName},`,
      '',
      opening,
      next,
      '',
      withLink(options.link, 'Read the record in Oversight'),
    ].join('\n'),
    notificationBody: [opening, next].join('\n'),
  };
}
