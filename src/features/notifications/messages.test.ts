import { describe, expect, it } from 'vitest';
import type { CalendarSession } from './invitation.ts';
import {
  agreementMessage,
  childNoteFailedMessage,
  recordMessage,
  sessionMessage,
  sessionWhen,
} from './messages.ts';
import { sessionEventFor } from './notification-jobs.ts';

const session: CalendarSession = {
  id: 's1',
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
const link = 'https://oversight.northshire.gov.uk/planning/sessions/s1';

describe('when a session is', () => {
  it.each([
    [{ startsAt: '10:00', minutes: 90 }, 'Wednesday 1 July 2026, 10am to 11:30am'],
    [{ startsAt: '11:30', minutes: 30 }, 'Wednesday 1 July 2026, 11:30am to midday'],
    [{ startsAt: '14:00', minutes: null }, 'Wednesday 1 July 2026, 2pm to 3pm'],
    [{ startsAt: null, minutes: 90 }, 'Wednesday 1 July 2026'],
  ])('%o', (over, words) => {
    expect(sessionWhen({ ...session, ...over })).toBe(words);
  });
});

describe('session emails', () => {
  it('a booking says when, where and who, and that the invitation puts it in the calendar', () => {
    const message = sessionMessage('booked', session, {
      recipientName: 'Jordan Ellis',
      link,
      withInvitation: true,
    });
    expect(message.subject).toBe('Supervision booked: Wednesday 1 July 2026 at 10am');
    expect(message.text).toBe(
      [
        'Dear Jordan Ellis,',
        '',
        'One-to-one supervision has been booked.',
        '',
        'When: Wednesday 1 July 2026, 10am to 11:30am',
        'Where: Room 2, Civic Centre',
        'Supervisor: Daniel Okafor',
        'Supervisee: Jordan Ellis',
        '',
        'The attached invitation puts it in your calendar, or updates it there.',
        '',
        `Prepare for it in Oversight (your agenda and the children to discuss): ${link}`,
      ].join('\n'),
    );
    expect(message.notificationBody).toBe(
      [
        'One-to-one supervision has been booked.',
        'When: Wednesday 1 July 2026, 10am to 11:30am',
        'Where: Room 2, Civic Centre',
        'Supervisor: Daniel Okafor',
        'Supervisee: Jordan Ellis',
      ].join('\n'),
    );
  });

  it('a change says how the session now stands', () => {
    const message = sessionMessage(
      'changed',
      { ...session, date: '2026-07-08' },
      {
        recipientName: 'Daniel Okafor',
        link,
        withInvitation: true,
      },
    );
    expect(message.subject).toBe('Supervision changed: Wednesday 8 July 2026 at 10am');
    expect(message.text).toContain(
      'One-to-one supervision has changed. This is how it stands now.',
    );
    expect(message.text).toContain('When: Wednesday 8 July 2026, 10am to 11:30am');
  });

  // Systemic 12 (T-001-01.4): "If supervision is cancelled it should be rearranged as soon as
  // possible". The cancellation says when it is to be rebooked; never why (it may be sickness).
  it('a cancellation gives the date it is to be rebooked for, and never the reason', () => {
    const message = sessionMessage(
      'cancelled',
      { ...session, status: 'cancelled' },
      {
        recipientName: 'Jordan Ellis',
        link,
        rescheduledTo: '2026-07-15',
        withInvitation: true,
      },
    );
    expect(message.subject).toBe('Supervision cancelled: Wednesday 1 July 2026 at 10am');
    expect(message.text).toBe(
      [
        'Dear Jordan Ellis,',
        '',
        'One-to-one supervision on Wednesday 1 July 2026 at 10am has been cancelled.',
        'It is to be rebooked for Wednesday 15 July 2026.',
        '',
        'The attached cancellation removes it from your calendar.',
        '',
        `See the session in Oversight: ${link}`,
      ].join('\n'),
    );
    expect(message.text).not.toMatch(/sick/i);
  });

  it('a reminder is for tomorrow, with no invitation', () => {
    const message = sessionMessage('reminder', session, {
      recipientName: 'Jordan Ellis',
      link: undefined,
      withInvitation: false,
    });
    expect(message.subject).toBe('Reminder: supervision tomorrow, Wednesday 1 July 2026 at 10am');
    expect(message.text).not.toContain('attached');
    expect(message.text).toContain(
      'Prepare for it in Oversight (your agenda and the children to discuss).',
    );
  });

  it('a group session lists who is attending', () => {
    const message = sessionMessage(
      'booked',
      {
        ...session,
        kind: 'group',
        participants: [
          { name: 'Jordan Ellis', email: null },
          { name: 'Chloe Martin', email: null },
        ],
      },
      { recipientName: 'Chloe Martin', link, withInvitation: true },
    );
    expect(message.text).toContain('Group supervision has been booked.');
    expect(message.text).toContain('Attending: Jordan Ellis, Chloe Martin');
  });
});

describe('what a notice tells, from the session as it now stands', () => {
  const cases: [
    Parameters<typeof sessionEventFor>[0],
    CalendarSession['status'],
    string | undefined,
  ][] = [
    ['session_booked', 'planned', 'booked'],
    ['session_booked', 'cancelled', undefined],
    ['session_booked', 'held', undefined],
    ['session_changed', 'planned', 'changed'],
    ['session_changed', 'postponed', 'cancelled'],
    ['session_changed', 'cancelled', 'cancelled'],
    ['session_changed', 'held', undefined],
    ['session_changed', 'not_held', undefined],
    ['session_cancelled', 'cancelled', 'cancelled'],
    ['session_cancelled', 'postponed', 'cancelled'],
    ['session_cancelled', 'planned', 'changed'],
    ['session_cancelled', 'held', undefined],
  ];
  it.each(cases)('%s with the session %s: %s', (kind, status, event) => {
    expect(sessionEventFor(kind, status)).toBe(event);
  });
});

describe('signature emails', () => {
  it('an agreement to sign names both parties, the version and who has signed', () => {
    const message = agreementMessage({
      recipientName: 'Jordan Ellis',
      supervisee: 'Jordan Ellis',
      supervisor: 'Daniel Okafor',
      version: 2,
      signedBy: { name: 'Daniel Okafor', on: '2026-11-20' },
      link: 'https://o.example/agreements/a1',
    });
    expect(message.subject).toBe('Supervision agreement to sign');
    expect(message.notificationBody).toBe(
      'The supervision agreement between Jordan Ellis (supervisee) and Daniel Okafor (supervisor), version 2, is ready for you to sign.\nDaniel Okafor signed it on Friday 20 November 2026.',
    );
    expect(message.text).toContain(
      'Read and sign it in Oversight: https://o.example/agreements/a1',
    );
  });

  // Manchester Appendix D: "A copy will be given to the supervisee to sign."
  it('a record to sign says whose supervision and who wrote it', () => {
    const message = recordMessage({
      recipientName: 'Jordan Ellis',
      meetingDate: '2026-11-18',
      author: 'Daniel Okafor',
      link: undefined,
    });
    expect(message.subject).toBe('Supervision record to sign');
    expect(message.notificationBody).toBe(
      'The record of your supervision on Wednesday 18 November 2026, written by Daniel Okafor, is ready for you to read and sign.',
    );
  });

  it('a note that did not reach the child’s record says which supervision, why, and what happens next', () => {
    const message = childNoteFailedMessage({
      recipientName: 'Daniel Okafor',
      meetingDate: '2026-11-18',
      author: 'Daniel Okafor',
      reason: 'the case management system refused it (it answered 422)',
      link: 'https://o.example/records/r1',
    });
    expect(message.subject).toBe('A supervision note did not reach the child’s record');
    expect(message.text).toBe(
      [
        'Dear Daniel Okafor,',
        '',
        'The note of the supervision on Wednesday 18 November 2026, written by Daniel Okafor, could not be added to the child’s record: the case management system refused it (it answered 422).',
        'Until it is, the child’s record does not show this supervision. An administrator can try again from the ‘Notes on the child’s record’ page in Oversight.',
        '',
        'Read the record in Oversight: https://o.example/records/r1',
      ].join('\n'),
    );
  });
});
