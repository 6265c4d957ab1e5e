/**
 * Supervision sessions as iCalendar (RFC 5545): the invitation a booking email carries
 * (METHOD:REQUEST, or METHOD:CANCEL when the session is off, RFC 5546) and a person's feed.
 * Pure: the session, its sequence and the time stamp are handed in.
 *
 * Times are written as the clock in Europe/London shows them (DTSTART;TZID=Europe/London) with
 * the zone's rules in a VTIMEZONE, so a 10am session stays at 10am across the change to and from
 * British Summer Time. The UID is the session's id, so every invitation and every fetch of a
 * feed names the same event, and SEQUENCE grows with each change so calendars apply the newest.
 * Nothing about children is written: only the kind of session, when, where and who supervises.
 */
import ical, {
  type ICalCalendar,
  ICalCalendarMethod,
  type ICalEventData,
  ICalEventStatus,
} from 'ical-generator';
import type { IsoDate } from '../../domain/calendar/period.ts';
import type { SessionKind, SessionStatus } from '../../domain/policy/vocabulary.ts';
import { organisationTimeZone, parseTime } from './zoned-time.ts';

export type CalendarPerson = { name: string; email: string | null };

export type CalendarSession = {
  id: string;
  kind: SessionKind;
  date: IsoDate;
  /** 'HH:MM' on the clock in Europe/London; null when only the day is booked. */
  startsAt: string | null;
  minutes: number | null;
  location: string | null;
  status: SessionStatus;
  supervisor: CalendarPerson;
  participants: CalendarPerson[];
  /** How many times the session's invitation has changed (0 when first booked). */
  sequence: number;
  /** When the session last changed: the feed's DTSTAMP and LAST-MODIFIED. */
  updatedAt: Date;
};

/** A session booked with a time but no length is put in the calendar for an hour. */
export const defaultMinutes = 60;

export const sessionKindLabels: Record<SessionKind, string> = {
  one_to_one: 'One-to-one supervision',
  unplanned: 'Unplanned supervision',
  group: 'Group supervision',
  group_learning: 'Group learning session',
};

const productId = { company: 'Oversight', product: 'Supervision', language: 'EN' } as const;

/**
 * Europe/London's rules since 1996 (EU summer time: the last Sunday in March at 01:00 UTC to
 * the last Sunday in October at 01:00 UTC), for every TZID=Europe/London in a calendar.
 */
export const europeLondonVTimezone = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/London',
  'X-LIC-LOCATION:Europe/London',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19960331T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19961027T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

export function sessionUid(sessionId: string): string {
  return `${sessionId}@oversight`;
}

/** Whether the session is going ahead as booked (or went ahead). */
export function isOn(status: SessionStatus): boolean {
  return status === 'planned' || status === 'held';
}

/** 'One-to-one supervision: Jordan Ellis with Daniel Okafor'; a group names its leader. */
export function sessionSummary(session: CalendarSession): string {
  const label = sessionKindLabels[session.kind];
  if (session.kind === 'group' || session.kind === 'group_learning')
    return `${label} led by ${session.supervisor.name}`;
  const names = session.participants.map((person) => person.name).join(', ');
  return names ? `${label}: ${names} with ${session.supervisor.name}` : label;
}

/** The event's description: who, how long, where, and where to prepare. */
export function sessionDescription(session: CalendarSession, link?: string): string {
  const lines = [
    sessionKindLabels[session.kind],
    `Supervisor: ${session.supervisor.name}`,
    session.participants.length > 0
      ? `${session.kind === 'one_to_one' || session.kind === 'unplanned' ? 'Supervisee' : 'Attending'}: ${session.participants.map((p) => p.name).join(', ')}`
      : undefined,
    session.startsAt ? `Length: ${session.minutes ?? defaultMinutes} minutes` : undefined,
    session.location ? `Where: ${session.location}` : undefined,
    isOn(session.status) ? undefined : 'This session has been cancelled.',
    link ? `Prepare for it in Oversight: ${link}` : undefined,
  ];
  return lines.filter((line) => line !== undefined).join('\n');
}

/**
 * A wall-clock time as a Date whose UTC fields hold it: ical-generator writes those fields as
 * they are after a TZID, so no process time zone is involved.
 */
function wallTime(date: IsoDate, time: string, plusMinutes = 0): Date {
  const [year, month, day] = date.split('-').map(Number);
  const { hours, minutes } = parseTime(time);
  return new Date(Date.UTC(year!, month! - 1, day!, hours, minutes + plusMinutes));
}

function eventData(
  session: CalendarSession,
  options: { stamp: Date; link?: string | undefined },
): ICalEventData {
  const timing: Pick<ICalEventData, 'start' | 'end' | 'timezone' | 'allDay'> = session.startsAt
    ? {
        start: wallTime(session.date, session.startsAt),
        end: wallTime(session.date, session.startsAt, session.minutes ?? defaultMinutes),
        timezone: organisationTimeZone,
      }
    : { start: wallTime(session.date, '00:00'), allDay: true };
  return {
    ...timing,
    id: sessionUid(session.id),
    sequence: session.sequence,
    stamp: options.stamp,
    lastModified: session.updatedAt,
    summary: sessionSummary(session),
    description: sessionDescription(session, options.link),
    location: session.location ?? null,
    status: isOn(session.status) ? ICalEventStatus.CONFIRMED : ICalEventStatus.CANCELLED,
    ...(options.link ? { url: options.link } : {}),
  };
}

function newCalendar(method?: ICalCalendarMethod, name?: string): ICalCalendar {
  return ical({
    prodId: productId,
    ...(method ? { method } : {}),
    ...(name ? { name } : {}),
    // No calendar-wide zone (so DTSTAMP stays in UTC); each timed event names Europe/London.
    timezone: {
      name: null,
      generator: (zone) => (zone === 'Europe/London' ? europeLondonVTimezone : null),
    },
  });
}

/**
 * The invitation for one session: METHOD:REQUEST while it is on, METHOD:CANCEL once it is
 * cancelled, postponed or not held. The organiser is Oversight itself (the From address), so
 * the supervisor and the supervisees are all attendees and every one of them can accept it.
 */
export function buildInvitation(
  session: CalendarSession,
  options: { organizer: { name: string; email: string }; stamp: Date; link?: string | undefined },
): { method: 'REQUEST' | 'CANCEL'; content: string } {
  const method = isOn(session.status) ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL;
  const calendar = newCalendar(method);
  const attendees = [session.supervisor, ...session.participants].filter(
    (person): person is { name: string; email: string } => person.email !== null,
  );
  calendar.createEvent({
    ...eventData(session, options),
    organizer: options.organizer,
    attendees: attendees.map((person) => ({ name: person.name, email: person.email, rsvp: false })),
  });
  return { method, content: calendar.toString() };
}

/** A person's feed: every session given, cancelled ones marked STATUS:CANCELLED. */
export function buildFeed(
  sessions: CalendarSession[],
  options: { name: string; link?: (sessionId: string) => string | undefined },
): string {
  const calendar = newCalendar(ICalCalendarMethod.PUBLISH, options.name);
  calendar.ttl(60 * 60);
  for (const session of sessions) {
    calendar.createEvent(
      eventData(session, { stamp: session.updatedAt, link: options.link?.(session.id) }),
    );
  }
  return calendar.toString();
}
