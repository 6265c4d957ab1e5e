import { describe, expect, it } from 'vitest';
import type { Obligation } from '../../domain/compliance/types.ts';
import {
  buildDigest,
  type DigestEntry,
  type Directory,
  digestEntries,
  digestHeadline,
  digestMessage,
  linesPerGroup,
} from './digest.ts';

const directory: Directory = {
  staff: (id) =>
    ({ 'sw-ait-1': 'Jordan Ellis', asye: 'Chloe Martin', 'tm-ait': 'Daniel Okafor' })[id],
  child: (id) => ({ c1: '100234', c2: '100872' })[id],
  team: (id) => ({ 'ait-north': 'Assessment and Intervention Team North' })[id],
};

let serial = 0;
function obligation(over: Partial<Obligation>): Obligation {
  serial += 1;
  return {
    id: `o${serial}`,
    kind: 'staff_supervision',
    subject: { kind: 'staff', id: 'sw-ait-1' },
    responsibleId: 'tm-ait',
    dueDate: '2026-11-20',
    window: { from: '2026-10-23', to: '2026-11-20' },
    state: 'overdue',
    rule: { id: 'r', source: { seed: 's', section: 'x' } } as Obligation['rule'],
    evidenceIds: [],
    ...over,
  };
}

describe('digestEntries: who is told what', () => {
  it('gives each responsible person their overdue and due-soon obligations only', () => {
    const entries = digestEntries(
      [
        obligation({ state: 'overdue' }),
        obligation({ state: 'due_soon', subject: { kind: 'staff', id: 'asye' } }),
        obligation({ state: 'due' }),
        obligation({ state: 'met' }),
        obligation({ state: 'met_late' }),
        obligation({ state: 'waived' }),
        obligation({ state: 'not_applicable' }),
        obligation({ state: 'overdue', responsibleId: null }),
        obligation({ state: 'overdue', kind: 'action', responsibleId: 'sw-ait-1' }),
      ],
      directory,
    );
    expect([...entries.keys()]).toEqual(['tm-ait', 'sw-ait-1']);
    expect(entries.get('tm-ait')).toEqual([
      {
        kind: 'staff_supervision',
        state: 'overdue',
        dueDate: '2026-11-20',
        subject: 'Jordan Ellis',
      },
      {
        kind: 'staff_supervision',
        state: 'due_soon',
        dueDate: '2026-11-20',
        subject: 'Chloe Martin',
      },
    ]);
  });

  // Manchester 2.1: "Names or personal details of clients will not be recorded in
  // Professional Supervision notes". An email leaves the building: children by case number.
  it('names a child by case number, never by name, with the worker it concerns', () => {
    const entries = digestEntries(
      [
        obligation({
          kind: 'case_supervision',
          subject: { kind: 'child', id: 'c1' },
          workerId: 'sw-ait-1',
          state: 'due_soon',
        }),
      ],
      directory,
    );
    expect(entries.get('tm-ait')).toEqual([
      {
        kind: 'case_supervision',
        state: 'due_soon',
        dueDate: '2026-11-20',
        subject: 'case 100234',
        worker: 'Jordan Ellis',
      },
    ]);
  });

  // Systemic 9 (T-001, X15): notes written, shared and on the child's record, each within
  // 5 working days: one record can owe three steps, and the digest says which.
  it("says which step of a record's deadline is owed", () => {
    const steps: Record<string, 'written' | 'shared' | 'on_child_record'> = {
      'case-notes-written-5-wd': 'written',
      'case-notes-shared-5-wd': 'shared',
      'case-notes-on-child-record-5-wd': 'on_child_record',
    };
    const entries = digestEntries(
      Object.keys(steps).map((id) =>
        obligation({
          kind: 'recording',
          subject: { kind: 'child', id: 'c2' },
          rule: { id, source: { seed: 's', section: 'x' } } as Obligation['rule'],
        }),
      ),
      { ...directory, recordingStep: (id) => steps[id] },
    );
    const digest = buildDigest(entries.get('tm-ait')!, '2026-11-23')!;
    expect(digest.sections[0]!.groups[0]!.lines).toEqual([
      "case 100872 (put on the child's record): was due Friday 20 November 2026",
      'case 100872 (share with the supervisee): was due Friday 20 November 2026',
      'case 100872 (write up): was due Friday 20 November 2026',
    ]);
  });

  it('names a team, and says so when a name is not known', () => {
    const entries = digestEntries(
      [
        obligation({ kind: 'team_group_session', subject: { kind: 'team', id: 'ait-north' } }),
        obligation({ subject: { kind: 'staff', id: 'gone' } }),
        obligation({ kind: 'case_supervision', subject: { kind: 'child', id: 'c9' } }),
      ],
      directory,
    );
    expect(entries.get('tm-ait')!.map((e) => e.subject)).toEqual([
      'Assessment and Intervention Team North',
      'a staff member',
      'case c9',
    ]);
  });
});

const entry = (over: Partial<DigestEntry>): DigestEntry => ({
  kind: 'staff_supervision',
  state: 'overdue',
  dueDate: '2026-11-20',
  subject: 'Jordan Ellis',
  ...over,
});

describe('buildDigest: one message a day, grouped, never a flood', () => {
  it('says nothing when there is nothing to say', () => {
    expect(buildDigest([], '2026-11-23')).toBeUndefined();
  });

  it('puts overdue before due soon, groups by kind in a fixed order, oldest first', () => {
    const digest = buildDigest(
      [
        entry({
          kind: 'case_supervision',
          state: 'due_soon',
          subject: 'case 100872',
          dueDate: '2026-11-27',
        }),
        entry({ kind: 'recording', subject: 'Chloe Martin', dueDate: '2026-11-18' }),
        entry({ subject: 'Jordan Ellis', dueDate: '2026-11-20' }),
        entry({ subject: 'Chloe Martin', dueDate: '2026-11-02' }),
        entry({ kind: 'agreement', subject: 'Chloe Martin', dueDate: null }),
        entry({
          kind: 'case_supervision',
          state: 'due_soon',
          subject: 'case 100234',
          dueDate: '2026-11-25',
          worker: 'Jordan Ellis',
        }),
      ],
      '2026-11-23',
    )!;
    expect(digest.overdue).toBe(4);
    expect(digest.dueSoon).toBe(2);
    expect(
      digest.sections.map((s) => [s.heading, s.count, s.groups.map((g) => g.heading)]),
    ).toEqual([
      ['Overdue', 4, ['Supervision', 'Supervision records to finish', 'Supervision agreements']],
      ['Due soon', 2, ['Case supervision']],
    ]);
    expect(digest.sections[0]!.groups[0]!.lines).toEqual([
      'Chloe Martin: was due Monday 2 November 2026',
      'Jordan Ellis: was due Friday 20 November 2026',
    ]);
    expect(digest.sections[0]!.groups[2]!.lines).toEqual(['Chloe Martin: due now']);
    expect(digest.sections[1]!.groups[0]!.lines).toEqual([
      'case 100234 (Jordan Ellis): due Wednesday 25 November 2026',
      'case 100872: due Friday 27 November 2026',
    ]);
  });

  it(`shows at most ${linesPerGroup} lines under a heading and counts the rest`, () => {
    const many = Array.from({ length: 14 }, (_, i) =>
      entry({
        kind: 'case_supervision',
        subject: `case ${100000 + i}`,
        dueDate: `2026-11-${String(i + 1).padStart(2, '0')}`,
      }),
    );
    const group = buildDigest(many, '2026-11-23')!.sections[0]!.groups[0]!;
    expect(group.lines).toHaveLength(linesPerGroup);
    expect(group.lines[0]).toBe('case 100000: was due Sunday 1 November 2026');
    expect(group.more).toBe(4);
  });
});

describe('digestMessage: the words', () => {
  it('is one email with a subject that counts, the lists, and where to see them', () => {
    const digest = buildDigest(
      [
        entry({}),
        entry({
          kind: 'case_supervision',
          state: 'due_soon',
          subject: 'case 100234',
          dueDate: '2026-11-25',
        }),
      ],
      '2026-11-23',
    )!;
    const message = digestMessage(digest, {
      recipientName: 'Daniel Okafor',
      link: 'https://oversight.northshire.gov.uk/',
    });
    expect(message.subject).toBe('Supervision: 1 overdue and 1 due soon (Monday 23 November 2026)');
    expect(message.text).toBe(
      [
        'Dear Daniel Okafor,',
        '',
        '2 things you are responsible for in supervision need attention: 1 overdue and 1 due soon.',
        '',
        'Overdue (1)',
        '',
        'Supervision:',
        '- Jordan Ellis: was due Friday 20 November 2026',
        '',
        'Due soon (1)',
        '',
        'Case supervision:',
        '- case 100234: due Wednesday 25 November 2026',
        '',
        'See them all in Oversight: https://oversight.northshire.gov.uk/',
        '',
        'You get this email once a working day, only when something is overdue or due soon.',
      ].join('\n'),
    );
    expect(message.notificationBody).toBe(
      '1 overdue and 1 due soon.\nOverdue:\n- Supervision: 1 item\nDue soon:\n- Case supervision: 1 item',
    );
  });

  it('counts the lines left out, and does without a link when no address is set', () => {
    const many = Array.from({ length: 12 }, (_, i) => entry({ subject: `Person ${i}` }));
    const message = digestMessage(buildDigest(many, '2026-11-23')!, {
      recipientName: 'Daniel Okafor',
      link: undefined,
    });
    expect(message.subject).toBe('Supervision: 12 overdue (Monday 23 November 2026)');
    expect(message.text).toContain('- and 2 more');
    expect(message.text).toContain('Sign in to Oversight to see them all.');
    expect(message.notificationBody).toContain('- Supervision: 12 items');
  });

  it('headlines only what there is', () => {
    expect(digestHeadline(buildDigest([entry({ state: 'due_soon' })], '2026-11-23')!)).toBe(
      '1 due soon',
    );
  });
});
