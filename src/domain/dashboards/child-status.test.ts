import { describe, expect, it } from 'vitest';
import type { Obligation } from '../compliance/types.ts';
import { childCaseStatus } from './child-status.ts';
import { metOn, ob } from './test-support.ts';

const asOf = '2026-05-20';
const c1 = { kind: 'child', id: 'c1' } as const;
const rule = (id: string) => ({ id, source: { seed: 'seed.txt', section: '8' } });
const caseOb = (workerId: string, extra: Partial<Obligation> = {}) =>
  ob({ kind: 'case_supervision', subject: c1, workerId, ...extra });
const caseMet = (workerId: string, due: string, on: string, extra: Partial<Obligation> = {}) =>
  metOn(due, on, { kind: 'case_supervision', subject: c1, workerId, ...extra });
const eventOb = (extra: Partial<Obligation> = {}) =>
  ob({ kind: 'event_supervision', subject: c1, ...extra });

describe('childCaseStatus: when the case was last discussed', () => {
  it('shows the latest discussion with any worker, not only this one', () => {
    const row = childCaseStatus(
      'c1',
      'sw',
      [caseMet('sw', '2026-03-02', '2026-02-20'), caseMet('sw2', '2026-05-02', '2026-04-15')],
      asOf,
    );
    expect(row.lastDiscussed).toBe('2026-04-15');
  });

  it('shows none when the case has never been discussed', () => {
    expect(childCaseStatus('c1', 'sw', [caseOb('sw')], asOf).lastDiscussed).toBeNull();
  });

  it('ignores a discussion dated after the as-of date', () => {
    const row = childCaseStatus('c1', 'sw', [caseMet('sw', '2026-06-01', '2026-05-25')], asOf);
    expect(row.lastDiscussed).toBeNull();
  });

  it('does not take a discussion from an event supervision obligation', () => {
    const row = childCaseStatus(
      'c1',
      'sw',
      [metOn('2026-05-10', '2026-05-10', { kind: 'event_supervision', subject: c1 })],
      asOf,
    );
    expect(row.lastDiscussed).toBeNull();
  });
});

describe('childCaseStatus: the state of the row', () => {
  it("says overdue when this worker's earliest open case supervision is overdue", () => {
    const overdue = caseOb('sw', { dueDate: '2026-05-02', state: 'overdue' });
    const row = childCaseStatus('c1', 'sw', [overdue], asOf);
    expect(row.current).toBe(overdue);
    expect(row).toMatchObject({ state: 'overdue', dueBy: '2026-05-02' });
  });

  it("is not overdue because another worker's case supervision is", () => {
    const row = childCaseStatus(
      'c1',
      'sw',
      [
        caseOb('sw2', { dueDate: '2026-05-02', state: 'overdue' }),
        caseOb('sw', { dueDate: '2026-06-15', state: 'due' }),
      ],
      asOf,
    );
    expect(row).toMatchObject({ state: 'due', dueBy: '2026-06-15' });
  });

  it('says up to date when this worker has obligations for the child and none is open', () => {
    const row = childCaseStatus('c1', 'sw', [caseMet('sw', '2026-05-02', '2026-04-30')], asOf);
    expect(row).toMatchObject({ state: 'up_to_date', current: undefined, dueBy: null });
  });

  it('says no rule when no case supervision rule applies to this worker', () => {
    const row = childCaseStatus('c1', 'sw', [caseMet('sw2', '2026-05-02', '2026-04-30')], asOf);
    expect(row).toMatchObject({ state: 'no_rule', rule: undefined, considered: [] });
    expect(row.lastDiscussed).toBe('2026-04-30');
  });

  it("ignores other children's obligations", () => {
    const other = caseOb('sw', { subject: { kind: 'child', id: 'c2' }, state: 'overdue' });
    expect(childCaseStatus('c1', 'sw', [other], asOf).state).toBe('no_rule');
  });
});

describe('childCaseStatus: the rule that applied and why', () => {
  it("names the current obligation's rule and the rules it beat", () => {
    const row = childCaseStatus(
      'c1',
      'sw',
      [
        caseMet('sw', '2026-03-02', '2026-03-01', { rule: rule('child-in-need-3-monthly') }),
        caseOb('sw', {
          dueDate: '2026-05-01',
          state: 'overdue',
          rule: rule('child-protection-2-monthly'),
          considered: ['child-in-need-3-monthly'],
        }),
      ],
      asOf,
    );
    expect(row.rule?.id).toBe('child-protection-2-monthly');
    expect(row.considered).toEqual(['child-in-need-3-monthly']);
  });

  it("names the latest obligation's rule when none is open", () => {
    const row = childCaseStatus(
      'c1',
      'sw',
      [
        caseMet('sw', '2026-05-02', '2026-04-30', { rule: rule('child-in-need-3-monthly') }),
        caseMet('sw', '2026-03-02', '2026-03-01', { rule: rule('early-help-3-monthly') }),
      ],
      asOf,
    );
    expect(row.rule?.id).toBe('child-in-need-3-monthly');
    expect(row.considered).toEqual([]);
  });
});

describe('childCaseStatus: event supervision', () => {
  it('lists open events of this worker or of no worker, earliest due first', () => {
    const day20 = eventOb({ workerId: 'sw', dueDate: '2026-06-08', state: 'due' });
    const day8 = eventOb({ workerId: 'sw', dueDate: '2026-05-21', state: 'due_soon' });
    const unallocated = eventOb({ dueDate: '2026-05-25', state: 'due' });
    const row = childCaseStatus('c1', 'sw', [day20, day8, unallocated], asOf);
    expect(row.events).toEqual([day8, unallocated, day20]);
  });

  it("leaves out met events and another worker's events", () => {
    const row = childCaseStatus(
      'c1',
      'sw',
      [
        metOn('2026-05-10', '2026-05-09', {
          kind: 'event_supervision',
          subject: c1,
          workerId: 'sw',
        }),
        eventOb({ workerId: 'sw2', state: 'overdue' }),
      ],
      asOf,
    );
    expect(row.events).toEqual([]);
  });
});

describe('childCaseStatus: the evidence behind the row', () => {
  it("lists this worker's case supervision, the events shown and the last discussion", () => {
    const own = caseOb('sw', { dueDate: '2026-05-02', state: 'overdue' });
    const other = caseMet('sw2', '2026-05-02', '2026-04-15');
    const otherOpen = caseOb('sw2', { dueDate: '2026-06-15' });
    const event = eventOb({ workerId: 'sw', dueDate: '2026-05-21', state: 'due_soon' });
    const row = childCaseStatus('c1', 'sw', [own, other, otherOpen, event], asOf);
    expect(row.obligationIds).toEqual([own.id, event.id, other.id]);
  });
});
