import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildFeed, buildInvitation, type CalendarSession, sessionSummary } from './invitation.ts';

/** Parses iCalendar text with ical.js (a real RFC 5545 parser), zones registered. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone'))
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  const events = calendar.getAllSubcomponents('vevent').map((event) => new ICAL.Event(event));
  return { calendar, events };
}

const session: CalendarSession = {
  id: '0b7e5a0c-1d2e-4f30-8a41-5b6c7d8e9f00',
  kind: 'one_to_one',
  date: '2026-07-01',
  startsAt: '10:00',
  minutes: 90,
  location: 'Room 2, Civic Centre',
  status: 'planned',
  supervisor: { name: 'Daniel Okafor', email: 'supervisor@northshire.example' },
  participants: [{ name: 'Jordan Ellis', email: 'practitioner@northshire.example' }],
  sequence: 0,
  updatedAt: new Date('2026-06-01T08:00:00Z'),
};
const organizer = { name: 'Oversight', email: 'oversight@northshire.example' };
const stamp = new Date('2026-06-01T08:00:05Z');

// Manchester 2.1 (F10): supervision "should be booked in ... using electronic booking
// arrangements wherever possible ... so that both parties are aware of the dates".
describe('the invitation a booking email carries', () => {
  it('is a METHOD:REQUEST with the session as one event both parties attend', () => {
    const invitation = buildInvitation(session, {
      organizer,
      stamp,
      link: 'https://o.example/planning/sessions/x',
    });
    expect(invitation.method).toBe('REQUEST');
    const { calendar, events } = parse(invitation.content);
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event.uid).toBe(`${session.id}@oversight`);
    expect(event.sequence).toBe(0);
    expect(event.summary).toBe('One-to-one supervision: Jordan Ellis with Daniel Okafor');
    expect(event.location).toBe('Room 2, Civic Centre');
    expect(event.organizer).toBe('mailto:oversight@northshire.example');
    expect(event.attendees.map((a) => a.getFirstValue())).toEqual([
      'MAILTO:supervisor@northshire.example',
      'MAILTO:practitioner@northshire.example',
    ]);
    expect(event.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(event.description).toContain(
      'Prepare for it in Oversight: https://o.example/planning/sessions/x',
    );
  });

  it('keeps 10am at 10am in London: 09:00 UTC in summer, 10:00 UTC in winter', () => {
    const summer = parse(buildInvitation(session, { organizer, stamp }).content).events[0]!;
    expect(summer.startDate.zone?.tzid).toBe('Europe/London');
    expect(summer.startDate.toString()).toBe('2026-07-01T10:00:00');
    expect(summer.startDate.toJSDate().toISOString()).toBe('2026-07-01T09:00:00.000Z');
    expect(summer.endDate.toJSDate().toISOString()).toBe('2026-07-01T10:30:00.000Z');
    const winter = parse(
      buildInvitation({ ...session, date: '2026-12-01' }, { organizer, stamp }).content,
    ).events[0]!;
    expect(winter.startDate.toJSDate().toISOString()).toBe('2026-12-01T10:00:00.000Z');
  });

  it('a session on the day the clocks go back keeps its wall-clock time', () => {
    const event = parse(
      buildInvitation({ ...session, date: '2026-10-25', startsAt: '09:30' }, { organizer, stamp })
        .content,
    ).events[0]!;
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-10-25T09:30:00.000Z');
  });

  it('lasts an hour when no length was booked', () => {
    const event = parse(
      buildInvitation({ ...session, minutes: null }, { organizer, stamp }).content,
    ).events[0]!;
    expect(event.duration.toSeconds()).toBe(3600);
  });

  it('is a whole-day event when only the day is booked', () => {
    const event = parse(
      buildInvitation({ ...session, startsAt: null }, { organizer, stamp }).content,
    ).events[0]!;
    expect(event.startDate.isDate).toBe(true);
    expect(event.startDate.toString()).toBe('2026-07-01');
  });

  // T-002-D.4: "the onus is on the person who needs to make the change to notify the other".
  it('a change carries the same UID with a higher SEQUENCE', () => {
    const first = parse(buildInvitation(session, { organizer, stamp }).content).events[0]!;
    const moved = parse(
      buildInvitation({ ...session, date: '2026-07-08', sequence: 1 }, { organizer, stamp })
        .content,
    ).events[0]!;
    expect(moved.uid).toBe(first.uid);
    expect(moved.sequence).toBe(1);
  });

  it('a cancelled or postponed session is a METHOD:CANCEL with STATUS:CANCELLED', () => {
    for (const status of ['cancelled', 'postponed', 'not_held'] as const) {
      const invitation = buildInvitation({ ...session, status, sequence: 2 }, { organizer, stamp });
      expect(invitation.method).toBe('CANCEL');
      const { calendar, events } = parse(invitation.content);
      expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
      expect(events[0]!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(events[0]!.sequence).toBe(2);
    }
  });

  it('leaves out a party with no email address', () => {
    const event = parse(
      buildInvitation(
        { ...session, participants: [{ name: 'Jordan Ellis', email: null }] },
        { organizer, stamp },
      ).content,
    ).events[0]!;
    expect(event.attendees).toHaveLength(1);
  });

  it('writes the stamp in UTC', () => {
    const { events } = parse(buildInvitation(session, { organizer, stamp }).content);
    expect(events[0]!.component.getFirstProperty('dtstamp')?.toICALString()).toBe(
      'DTSTAMP:20260601T080005Z',
    );
  });
});

describe('what a session is called', () => {
  it('names the supervisee and supervisor of a one-to-one, and the leader of a group', () => {
    expect(sessionSummary(session)).toBe('One-to-one supervision: Jordan Ellis with Daniel Okafor');
    expect(sessionSummary({ ...session, kind: 'group' })).toBe(
      'Group supervision led by Daniel Okafor',
    );
    expect(sessionSummary({ ...session, kind: 'group_learning' })).toBe(
      'Group learning session led by Daniel Okafor',
    );
    expect(sessionSummary({ ...session, kind: 'unplanned' })).toBe(
      'Unplanned supervision: Jordan Ellis with Daniel Okafor',
    );
  });
});

describe("a person's feed", () => {
  it('lists every session given, with cancelled ones marked, and nothing about children', () => {
    const text = buildFeed(
      [
        session,
        { ...session, id: 'a2', date: '2026-08-05', status: 'cancelled', sequence: 1 },
        { ...session, id: 'a3', date: '2026-05-06', status: 'held' },
      ],
      { name: 'Supervision: Jordan Ellis' },
    );
    const { calendar, events } = parse(text);
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Supervision: Jordan Ellis');
    expect(events.map((e) => [e.uid, e.component.getFirstPropertyValue('status')])).toEqual([
      [`${session.id}@oversight`, 'CONFIRMED'],
      ['a2@oversight', 'CANCELLED'],
      ['a3@oversight', 'CONFIRMED'],
    ]);
    expect(text).not.toMatch(/child/i);
    expect(events[0]!.attendees).toHaveLength(0);
  });
  it('is a valid calendar with no events when there are none', () => {
    expect(parse(buildFeed([], { name: 'Supervision: Jordan Ellis' })).events).toHaveLength(0);
  });
});
