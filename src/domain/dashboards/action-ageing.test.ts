import { describe, expect, it } from 'vitest';
import { addDays } from '../compliance/dates.ts';
import type { ObligationState } from '../compliance/types.ts';
import { actionAgeing } from './action-ageing.ts';
import { ob } from './test-support.ts';

const asOf = '2026-06-30';
/** An action set this many days before the as-of date. */
const action = (days: number, state: ObligationState = 'due') =>
  ob({
    kind: 'action',
    window: { from: addDays(asOf, -days), to: '2026-12-31' },
    dueDate: '2026-12-31',
    state,
  });
const bandOf = (days: number) =>
  actionAgeing([action(days)], asOf).bands.find((b) => b.open === 1)?.band;

describe('actionAgeing', () => {
  it('has four bands, youngest first, with their labels', () => {
    expect(actionAgeing([], asOf).bands.map((b) => [b.band, b.label])).toEqual([
      ['under_4_weeks', 'Under 4 weeks'],
      ['1_to_3_months', '1 to 3 months'],
      ['3_to_6_months', '3 to 6 months'],
      ['over_6_months', 'Over 6 months'],
    ]);
  });

  it.each([
    [0, 'under_4_weeks'],
    [27, 'under_4_weeks'],
    [28, '1_to_3_months'],
    [90, '1_to_3_months'],
    [91, '3_to_6_months'],
    [182, '3_to_6_months'],
    [183, 'over_6_months'],
    [800, 'over_6_months'],
  ])('an action set %i days ago is in %s', (days, band) => {
    expect(bandOf(days)).toBe(band);
  });

  it('counts the overdue ones within each band', () => {
    const ageing = actionAgeing(
      [action(10, 'overdue'), action(12, 'due_soon'), action(100, 'overdue')],
      asOf,
    );
    expect(ageing.bands.map((b) => [b.open, b.overdue])).toEqual([
      [2, 1],
      [0, 0],
      [1, 1],
      [0, 0],
    ]);
  });

  it('leaves out completed, dropped and other actions no longer open', () => {
    const ageing = actionAgeing(
      [action(10, 'met'), action(10, 'met_late'), action(10, 'waived')],
      asOf,
    );
    expect(ageing.bands.every((b) => b.open === 0)).toBe(true);
    expect(ageing.oldestOpen).toBeNull();
  });

  it('leaves out obligations that are not actions', () => {
    const supervision = ob({ window: { from: '2026-01-01', to: null }, state: 'overdue' });
    expect(actionAgeing([supervision], asOf).oldestOpen).toBeNull();
  });

  it('lists the actions in each band for the evidence link', () => {
    const young = action(3);
    const old = action(200);
    const ageing = actionAgeing([young, old], asOf);
    expect(ageing.bands.map((b) => b.obligationIds)).toEqual([[young.id], [], [], [old.id]]);
  });

  it('gives the date the oldest open action was set', () => {
    expect(actionAgeing([action(3), action(200), action(40)], asOf).oldestOpen).toBe(
      addDays(asOf, -200),
    );
  });
});
