import { describe, expect, it } from 'vitest';
import {
  checkSession,
  checkStatusChange,
  isPast,
  type LocalNow,
  type SessionFacts,
  type StatusChange,
  sessionsOverlap,
} from './sessions.ts';
import { parseTime, sessionWindow } from './time.ts';

const now: LocalNow = { today: '2026-11-23', time: '11:00' };
const names: Record<string, string> = {
  sw: 'Jordan Ellis',
  tm: 'Daniel Okafor',
  sw2: 'Fatima Shah',
  sw3: 'Liam Byrne',
};
const nameOf = (id: string) => names[id] ?? id;

const session = (over: Partial<SessionFacts> = {}): SessionFacts => ({
  kind: 'one_to_one',
  date: '2026-12-03',
  startsAt: '10:00',
  minutes: 90,
  supervisorId: 'tm',
  participantIds: ['sw'],
  status: 'planned',
  ...over,
});

const check = (s: SessionFacts, others: SessionFacts[] = []) =>
  checkSession(s, { now, others, nameOf });

describe('times of day', () => {
  it.each([
    ['9:30', '09:30'],
    ['09:30', '09:30'],
    ['9.30', '09:30'],
    ['14:00', '14:00'],
    ['9am', '09:00'],
    ['2:15pm', '14:15'],
    ['12pm', '12:00'],
    ['12am', '00:00'],
  ])('reads %s as %s', (text, time) => {
    expect(parseTime(text)).toBe(time);
  });

  it.each(['9', '25:00', '9:60', '13pm', 'half nine', ''])('refuses %j', (text) => {
    expect(parseTime(text)).toBeUndefined();
  });

  it('a session with no time set fills its day; no length is taken as an hour', () => {
    expect(sessionWindow(null, 90)).toEqual([0, 1440]);
    expect(sessionWindow('10:00', null)).toEqual([600, 660]);
  });
});

describe('two sessions overlapping for one person', () => {
  it.each([
    ['the same time', session(), true],
    ['starting during it', session({ startsAt: '11:00' }), true],
    [
      'starting as it ends (10:00 for 90 minutes ends at 11:30)',
      session({ startsAt: '11:30' }),
      false,
    ],
    ['ending as it starts', session({ startsAt: '08:30' }), false],
    ['another day', session({ date: '2026-12-04' }), false],
    ['no time set on the day', session({ startsAt: null }), true],
  ])('%s: %s', (_label, other, overlaps) => {
    expect(sessionsOverlap(session(), other)).toBe(overlaps);
  });

  it('are refused naming the start time, the person and the other session', () => {
    const other = session({ id: 'other', supervisorId: 'sw2', participantIds: ['sw'] });
    expect(check(session({ startsAt: '11:00' }), [other])).toEqual([
      {
        field: 'startsAt',
        message:
          'Jordan Ellis already has a one-to-one supervision from 10:00 to 11:30 on 3 December 2026. Choose another time',
      },
    ]);
  });

  it('the supervisor double-booked is refused too', () => {
    const group = session({
      id: 'g',
      kind: 'group',
      supervisorId: 'tm',
      participantIds: ['sw2', 'sw3'],
      startsAt: '09:00',
      minutes: 120,
    });
    expect(check(session(), [group])[0]?.message).toBe(
      'Daniel Okafor already has a group supervision from 09:00 to 11:00 on 3 December 2026. Choose another time',
    );
  });

  it('against a session with no time set, the date is refused and the fix is named', () => {
    const untimed = session({ id: 'u', startsAt: null, minutes: null });
    expect(check(session(), [untimed])).toEqual([
      {
        field: 'date',
        message:
          'Daniel Okafor and Jordan Ellis already have a one-to-one supervision on 3 December 2026 with no time set. Give that session a time, or choose another date',
      },
    ]);
  });

  it('cancelled and postponed sessions free the time; a session never clashes with itself', () => {
    const cancelled = session({ id: 'c', status: 'cancelled' });
    const postponed = session({ id: 'p', status: 'postponed' });
    expect(check(session(), [cancelled, postponed])).toEqual([]);
    expect(check(session({ id: 'same' }), [session({ id: 'same' })])).toEqual([]);
  });
});

describe('a session in the past cannot be planned', () => {
  it('yesterday is refused on the date', () => {
    expect(check(session({ date: '2026-11-22' }))).toEqual([
      {
        field: 'date',
        message:
          'The date of a planned session must be today or in the future. To record a session that took place, mark it as held',
      },
    ]);
  });

  it('earlier today is refused on the start time; later today is fine', () => {
    expect(check(session({ date: '2026-11-23', startsAt: '10:59' }))).toEqual([
      { field: 'startsAt', message: 'A planned session today must start later than now (11:00)' },
    ]);
    expect(check(session({ date: '2026-11-23', startsAt: '11:00' }))).toEqual([]);
    expect(check(session({ date: '2026-11-23', startsAt: null }))).toEqual([]);
  });

  it('a held session may be in the past but not in the future', () => {
    expect(check(session({ date: '2026-11-22', status: 'held' }))).toEqual([]);
    expect(check(session({ status: 'held' }))).toEqual([
      { field: 'date', message: 'A held session must be dated today or earlier' },
    ]);
  });

  it('isPast compares the date, then the time on the day', () => {
    expect(isPast('2026-11-22', null, now)).toBe(true);
    expect(isPast('2026-11-23', null, now)).toBe(false);
    expect(isPast('2026-11-23', '10:30', now)).toBe(true);
    expect(isPast('2026-11-24', '00:00', now)).toBe(false);
  });
});

describe('nobody supervises themselves', () => {
  it('a one-to-one with the supervisor as supervisee is refused on the supervisee', () => {
    expect(check(session({ participantIds: ['tm'] }))).toEqual([
      {
        field: 'participantIds',
        message:
          'Daniel Okafor cannot supervise themselves. Select a different supervisee or supervisor',
      },
    ]);
  });

  it('the leader of a group is not also one of its attendees', () => {
    expect(check(session({ kind: 'group', participantIds: ['sw', 'tm'] }))[0]).toEqual({
      field: 'participantIds',
      message:
        'Daniel Okafor leads the session, so cannot also attend it. Untick them or choose someone else to lead it',
    });
  });

  it('a one-to-one has exactly one supervisee; a group at least one attendee, each once', () => {
    expect(check(session({ participantIds: [] }))[0]?.message).toBe('Select the supervisee');
    expect(check(session({ participantIds: ['sw', 'sw2'] }))[0]?.message).toBe(
      'Select the supervisee',
    );
    expect(check(session({ kind: 'group', participantIds: [] }))[0]?.message).toBe(
      'Select at least one person to attend',
    );
    expect(check(session({ kind: 'group', participantIds: ['sw', 'sw'] }))[0]?.message).toBe(
      'Select each person only once',
    );
  });

  it('a length outside 10 to 480 minutes is refused', () => {
    for (const minutes of [0, 9, 481, 90.5])
      expect(check(session({ minutes }))).toEqual([
        { field: 'minutes', message: 'Length must be a whole number of minutes from 10 to 480' },
      ]);
    expect(check(session({ minutes: null }))).toEqual([]);
  });
});

describe('status changes: planned → held, postponed, cancelled or not held', () => {
  const past = { date: '2026-11-20', status: 'planned' as const };
  const future = { date: '2026-12-03', status: 'planned' as const };
  const cases: [string, Pick<SessionFacts, 'date' | 'status'>, StatusChange, string[]][] = [
    ['held on or after its date', past, { status: 'held' }, []],
    [
      'not held before its date',
      future,
      { status: 'held' },
      ['status: A session cannot be recorded as held before its date, 3 December 2026'],
    ],
    ['not held, with why', past, { status: 'not_held', reason: 'Supervisor called away' }, []],
    [
      'not held needs a reason',
      past,
      { status: 'not_held', reason: null },
      ['reason: Enter why the session did not take place'],
    ],
    [
      'not held only once its day has come',
      future,
      { status: 'not_held', reason: 'x' },
      [
        'status: A session can be recorded as not held only on or after its date, 3 December 2026. To call it off before then, cancel or postpone it',
      ],
    ],
    [
      'Durham 4.4: cancelled "because of the sickness/absence of supervisee"',
      future,
      { status: 'cancelled', cancellationReason: 'supervisee_sickness', reason: null },
      [],
    ],
    [
      'cancelled needs a reason from the list',
      future,
      { status: 'cancelled', cancellationReason: null, reason: null },
      ['cancellationReason: Select why the session is cancelled'],
    ],
    [
      "'other' needs the reason in words",
      future,
      { status: 'cancelled', cancellationReason: 'other', reason: null },
      ['reason: Enter why the session is cancelled'],
    ],
    [
      'Durham 4.4: "a further date should be agreed at the point the supervisee and supervisor agree to reschedule"',
      future,
      {
        status: 'postponed',
        cancellationReason: 'supervisee_annual_leave',
        reason: null,
        rescheduledTo: null,
      },
      ['rescheduledTo: Enter the date the session is moved to'],
    ],
    [
      'postponed to another date',
      future,
      {
        status: 'postponed',
        cancellationReason: 'emergency',
        reason: null,
        rescheduledTo: '2026-12-10',
      },
      [],
    ],
    [
      'postponed to the same date',
      future,
      {
        status: 'postponed',
        cancellationReason: 'emergency',
        reason: null,
        rescheduledTo: '2026-12-03',
      },
      [
        'rescheduledTo: The new date must be different from 3 December 2026. To change only the time, change the session instead',
      ],
    ],
    [
      'only a planned session changes status',
      { date: '2026-11-20', status: 'held' },
      { status: 'cancelled', cancellationReason: 'emergency', reason: null },
      ['status: This session is already held. Only a planned session can change status'],
    ],
    [
      'a cancelled one stays cancelled',
      { date: '2026-11-20', status: 'cancelled' },
      { status: 'held' },
      ['status: This session is already cancelled. Only a planned session can change status'],
    ],
    [
      'a reason is at most 500 characters',
      past,
      { status: 'not_held', reason: 'x'.repeat(501) },
      ['reason: Reason must be 500 characters or fewer'],
    ],
  ];
  it.each(cases)('%s', (_label, before, change, problems) => {
    expect(checkStatusChange(before, change, now).map((p) => `${p.field}: ${p.message}`)).toEqual(
      problems,
    );
  });
});
