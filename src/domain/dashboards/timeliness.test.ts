import { describe, expect, it } from 'vitest';
import { metOn, ob } from './test-support.ts';
import { timeliness } from './timeliness.ts';

const asOf = '2026-06-30';
const march = (list: Parameters<typeof timeliness>[0]) =>
  timeliness(list, '2026-03-01', '2026-03-31', asOf);

describe('timeliness', () => {
  it('counts a supervision met on its due date as on time', () => {
    expect(march([metOn('2026-03-15', '2026-03-15')])).toMatchObject({
      due: 1,
      metOnTime: 1,
      metLate: 0,
      rate: 1,
    });
  });

  it('counts one met the day after its due date as late, not on time', () => {
    expect(march([metOn('2026-03-15', '2026-03-16')])).toMatchObject({
      due: 1,
      metOnTime: 0,
      metLate: 1,
      rate: 0,
    });
  });

  it('counts obligations still open as not met, and they lower the rate', () => {
    const t = march([
      metOn('2026-03-10', '2026-03-09'),
      ob({ dueDate: '2026-03-20', state: 'overdue' }),
    ]);
    expect(t).toMatchObject({ due: 2, metOnTime: 1, notMet: 1, rate: 0.5 });
  });

  it('leaves waived and not applicable obligations out of the count and the rate', () => {
    const t = march([
      metOn('2026-03-10', '2026-03-09'),
      ob({ dueDate: '2026-03-12', state: 'waived' }),
      ob({ dueDate: '2026-03-13', state: 'not_applicable' }),
    ]);
    expect(t).toEqual({
      due: 1,
      metOnTime: 1,
      metLate: 0,
      notMet: 0,
      waived: 1,
      notApplicable: 1,
      rate: 1,
    });
  });

  it('includes obligations due on the first and the last day of the period, not either side', () => {
    const t = march([
      metOn('2026-02-28', '2026-02-28'),
      metOn('2026-03-01', '2026-03-01'),
      metOn('2026-03-31', '2026-03-31'),
      metOn('2026-04-01', '2026-04-01'),
    ]);
    expect(t.due).toBe(2);
  });

  it('stops the period at the as-of date: nothing due after it is counted', () => {
    const list = [
      metOn('2026-03-10', '2026-03-10'),
      ob({ dueDate: '2026-03-20', state: 'due_soon' }),
      ob({ dueDate: '2026-03-21', state: 'due' }),
    ];
    expect(timeliness(list, '2026-03-01', '2026-03-31', '2026-03-20')).toMatchObject({
      due: 2,
      metOnTime: 1,
      notMet: 1,
      rate: 0.5,
    });
  });

  it('leaves out obligations with no due date', () => {
    expect(march([ob({ dueDate: null, state: 'due' })]).due).toBe(0);
  });

  it('gives no rate (null, not 0 or 100%) when nothing fell due', () => {
    expect(march([]).rate).toBeNull();
    expect(march([ob({ dueDate: '2026-03-12', state: 'waived' })]).rate).toBeNull();
  });

  it('splits what fell due exactly into on time, late and not met', () => {
    const t = march([
      metOn('2026-03-02', '2026-03-01'),
      metOn('2026-03-03', '2026-03-05'),
      metOn('2026-03-04', '2026-03-04'),
      ob({ dueDate: '2026-03-05', state: 'overdue' }),
      ob({ dueDate: '2026-03-06', state: 'waived' }),
    ]);
    expect(t.metOnTime + t.metLate + t.notMet).toBe(t.due);
    expect(t).toMatchObject({ due: 4, metOnTime: 2, metLate: 1, notMet: 1, rate: 0.5 });
  });
});
