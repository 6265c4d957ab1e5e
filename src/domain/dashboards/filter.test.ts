import { describe, expect, it } from 'vitest';
import { filterObligations } from './filter.ts';
import { ob } from './test-support.ts';

const supervision = ob({ id: 'sup', dueDate: '2026-03-15', state: 'overdue' });
const caseSup = ob({
  id: 'case',
  kind: 'case_supervision',
  subject: { kind: 'child', id: 'c1' },
  workerId: 'sw',
  responsibleId: 'tm2',
  dueDate: '2026-03-31',
  state: 'met',
});
const openEnded = ob({ id: 'open', kind: 'agreement', dueDate: null, responsibleId: null });
const all = [supervision, caseSup, openEnded];
const ids = (filter: Parameters<typeof filterObligations>[1]) =>
  filterObligations(all, filter).map((o) => o.id);

describe('filterObligations', () => {
  it('keeps everything, in order, when no criterion is given', () => {
    expect(ids({})).toEqual(['sup', 'case', 'open']);
  });

  it('keeps only the kinds asked for', () => {
    expect(ids({ kinds: ['case_supervision', 'agreement'] })).toEqual(['case', 'open']);
  });

  it('keeps only the states asked for', () => {
    expect(ids({ states: ['overdue', 'due'] })).toEqual(['sup', 'open']);
  });

  it('keeps only the subjects asked for', () => {
    expect(ids({ subjectIds: new Set(['c1']) })).toEqual(['case']);
  });

  it('keeps only obligations allocated to the workers asked for', () => {
    expect(ids({ workerIds: new Set(['sw']) })).toEqual(['case']);
  });

  it('keeps only obligations of the responsible people asked for, never one with nobody', () => {
    expect(ids({ responsibleIds: new Set(['tm']) })).toEqual(['sup']);
  });

  it('keeps only the obligation ids asked for, so a figure leads back to its obligations', () => {
    expect(ids({ ids: new Set(['open', 'sup']) })).toEqual(['sup', 'open']);
  });

  it('an empty list or set matches nothing, so a figure of 0 leads to no obligations', () => {
    expect(ids({ ids: new Set() })).toEqual([]);
    expect(ids({ kinds: [] })).toEqual([]);
  });

  it('includes obligations due on the first and last day of a due range', () => {
    expect(ids({ dueFrom: '2026-03-15', dueTo: '2026-03-31' })).toEqual(['sup', 'case']);
    expect(ids({ dueFrom: '2026-03-16', dueTo: '2026-03-30' })).toEqual([]);
  });

  it('leaves out obligations with no due date once any due bound is given', () => {
    expect(ids({ dueFrom: '2026-01-01' })).toEqual(['sup', 'case']);
    expect(ids({ dueTo: '2026-03-20' })).toEqual(['sup']);
  });

  it('requires every criterion given', () => {
    expect(ids({ kinds: ['staff_supervision'], states: ['met'] })).toEqual([]);
    expect(ids({ kinds: ['case_supervision'], states: ['met'], dueTo: '2026-03-31' })).toEqual([
      'case',
    ]);
  });
});
