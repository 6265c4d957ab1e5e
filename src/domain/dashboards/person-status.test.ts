import { describe, expect, it } from 'vitest';
import { personSupervisionStatus } from './person-status.ts';
import { metOn, ob } from './test-support.ts';

const asOf = '2026-04-20';
const year = { from: '2026-04-01', to: '2027-03-31' };
const status = (list: Parameters<typeof personSupervisionStatus>[1], held: string[] = []) =>
  personSupervisionStatus('sw', list, held, null, 12, year, asOf);

describe('personSupervisionStatus: the state of the row', () => {
  it('says no rule applies when the person has no staff supervision obligation', () => {
    expect(status([])).toMatchObject({
      state: 'no_rule',
      current: undefined,
      dueBy: null,
      obligationIds: [],
    });
  });

  it('says up to date when every staff supervision obligation is met', () => {
    const a = metOn('2026-02-28', '2026-02-10');
    const b = metOn('2026-03-31', '2026-04-02');
    expect(status([a, b])).toMatchObject({
      state: 'up_to_date',
      current: undefined,
      dueBy: null,
      obligationIds: [a.id, b.id],
    });
  });

  it('says up to date when the only obligation was waived for an absence', () => {
    expect(status([ob({ state: 'waived' })]).state).toBe('up_to_date');
  });

  it('shows the open obligation due first, and its state and due date', () => {
    const later = ob({ dueDate: '2026-04-30', state: 'due' });
    const earlier = ob({ dueDate: '2026-03-31', state: 'overdue' });
    const row = status([later, earlier]);
    expect(row.current).toBe(earlier);
    expect(row).toMatchObject({ state: 'overdue', dueBy: '2026-03-31' });
  });

  it('shows due soon when the current obligation is due soon', () => {
    expect(status([ob({ dueDate: '2026-04-24', state: 'due_soon' })]).state).toBe('due_soon');
  });

  it('a rebook after sickness due before the regular supervision is the current one', () => {
    const regular = ob({ dueDate: '2026-04-30', state: 'due' });
    const rebook = ob({
      kind: 'staff_supervision_rebook',
      dueDate: '2026-04-17',
      state: 'overdue',
    });
    const row = status([regular, rebook]);
    expect(row.current).toBe(rebook);
    expect(row).toMatchObject({ state: 'overdue', dueBy: '2026-04-17' });
    expect(row.obligationIds).toEqual([regular.id, rebook.id]);
  });

  it("ignores other kinds of obligation and other people's", () => {
    const row = status([
      ob({ kind: 'observation', state: 'overdue' }),
      ob({ subject: { kind: 'staff', id: 'sw2' }, state: 'overdue' }),
    ]);
    expect(row).toMatchObject({ state: 'no_rule', obligationIds: [] });
  });
});

describe('personSupervisionStatus: sessions held', () => {
  it('shows the latest held session up to the as-of date, whatever order the dates come in', () => {
    expect(status([], ['2026-03-10', '2026-04-15', '2026-02-01']).lastHeld).toBe('2026-04-15');
  });

  it('ignores a session dated after the as-of date', () => {
    expect(status([], ['2026-03-10', '2026-04-21']).lastHeld).toBe('2026-03-10');
  });

  it('shows no last session when none was held', () => {
    expect(status([]).lastHeld).toBeNull();
  });

  it('counts sessions this year from its first day, not 31 March before it', () => {
    expect(status([], ['2026-03-31', '2026-04-01', '2026-04-20']).heldThisYear).toBe(2);
  });

  it('does not count sessions after the as-of date this year', () => {
    expect(status([], ['2026-04-10', '2026-04-21']).heldThisYear).toBe(1);
  });

  it('counts two sessions on one day as two', () => {
    expect(status([], ['2026-04-10', '2026-04-10']).heldThisYear).toBe(2);
  });

  it('passes the next planned session and the yearly minimum through', () => {
    const row = personSupervisionStatus('sw', [], [], '2026-05-04', 13, year, asOf);
    expect(row).toMatchObject({ staffId: 'sw', nextPlanned: '2026-05-04', minimum: 13 });
    expect(personSupervisionStatus('sw', [], [], null, null, year, asOf)).toMatchObject({
      nextPlanned: null,
      minimum: null,
    });
  });
});
