import { describe, expect, it } from 'vitest';
import { obligationStates } from '../compliance/types.ts';
import { countStates } from './counts.ts';
import { ob } from './test-support.ts';

describe('countStates', () => {
  it('counts nothing in an empty list', () => {
    expect(countStates([])).toEqual({
      met: 0,
      met_late: 0,
      due: 0,
      due_soon: 0,
      overdue: 0,
      not_applicable: 0,
      waived: 0,
      open: 0,
      total: 0,
    });
  });

  it('counts each state separately, open as due + due soon + overdue, total as all', () => {
    const list = [
      ob({ state: 'met' }),
      ob({ state: 'met' }),
      ob({ state: 'met_late' }),
      ob({ state: 'due' }),
      ob({ state: 'due_soon' }),
      ob({ state: 'overdue' }),
      ob({ state: 'overdue' }),
      ob({ state: 'overdue' }),
      ob({ state: 'not_applicable' }),
      ob({ state: 'waived' }),
    ];
    expect(countStates(list)).toEqual({
      met: 2,
      met_late: 1,
      due: 1,
      due_soon: 1,
      overdue: 3,
      not_applicable: 1,
      waived: 1,
      open: 5,
      total: 10,
    });
  });

  it('does not count waived or not applicable obligations as open', () => {
    const counts = countStates([ob({ state: 'waived' }), ob({ state: 'not_applicable' })]);
    expect(counts.open).toBe(0);
    expect(counts.total).toBe(2);
  });

  it('the states always add up to the total', () => {
    const list = obligationStates.flatMap((state, i) =>
      Array.from({ length: i + 1 }, () => ob({ state })),
    );
    const counts = countStates(list);
    expect(obligationStates.reduce((sum, s) => sum + counts[s], 0)).toBe(counts.total);
    expect(counts.total).toBe(list.length);
  });
});
