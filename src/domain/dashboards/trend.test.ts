import { describe, expect, it } from 'vitest';
import { countStates } from './counts.ts';
import { metOn, ob } from './test-support.ts';
import { monthlyTrend } from './trend.ts';

const asOf = '2026-03-18';
const point = (points: ReturnType<typeof monthlyTrend>, month: string) => {
  const p = points.find((x) => x.month === month);
  if (!p) throw new Error(`no ${month}`);
  return p;
};

describe('monthlyTrend: the months', () => {
  it('shows the last 12 calendar months by default, oldest first, ending with this month', () => {
    const points = monthlyTrend([], asOf);
    expect(points.map((p) => p.month)).toEqual([
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
    expect(points[0]).toMatchObject({ from: '2025-04-01', to: '2025-04-30', label: 'Apr 2025' });
    expect(points.map((p) => p.label).slice(8, 10)).toEqual(['Dec 2025', 'Jan 2026']);
  });

  it('cuts the current month at the as-of date', () => {
    const points = monthlyTrend([], asOf);
    expect(points.at(-1)).toMatchObject({
      from: '2026-03-01',
      to: '2026-03-18',
      label: 'Mar 2026',
    });
  });

  it('ends each earlier month on its last day, 29 February in a leap year', () => {
    const points = monthlyTrend([], '2024-03-31', 2);
    expect(points.map((p) => [p.from, p.to])).toEqual([
      ['2024-02-01', '2024-02-29'],
      ['2024-03-01', '2024-03-31'],
    ]);
  });

  it('shows as many months as asked for, and none for 0', () => {
    expect(monthlyTrend([], asOf, 3).map((p) => p.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
    expect(monthlyTrend([], asOf, 0)).toEqual([]);
  });

  it('gives no rate for a month in which nothing fell due', () => {
    expect(point(monthlyTrend([], asOf), '2026-01').rate).toBeNull();
  });
});

describe('monthlyTrend: timeliness in each month', () => {
  it('counts an obligation due on the last day of a month in that month, not the next', () => {
    const points = monthlyTrend([metOn('2026-01-31', '2026-02-02')], asOf);
    expect(point(points, '2026-01')).toMatchObject({ due: 1, metLate: 1, rate: 0 });
    expect(point(points, '2026-02').due).toBe(0);
  });

  it('counts met on the due date as on time, and the day after as late', () => {
    const points = monthlyTrend(
      [metOn('2026-02-10', '2026-02-10'), metOn('2026-02-11', '2026-02-12')],
      asOf,
    );
    expect(point(points, '2026-02')).toMatchObject({
      due: 2,
      metOnTime: 1,
      metLate: 1,
      rate: 0.5,
    });
  });

  it("leaves waived obligations out of the month's rate", () => {
    const points = monthlyTrend(
      [metOn('2026-02-10', '2026-02-10'), ob({ dueDate: '2026-02-11', state: 'waived' })],
      asOf,
    );
    expect(point(points, '2026-02')).toMatchObject({ due: 1, waived: 1, rate: 1 });
  });

  it('counts nothing due after the as-of date in the current month', () => {
    const points = monthlyTrend(
      [ob({ dueDate: '2026-03-18', state: 'due_soon' }), ob({ dueDate: '2026-03-19' })],
      asOf,
    );
    expect(point(points, '2026-03')).toMatchObject({ due: 1, notMet: 1 });
  });

  it('leaves out obligations with no due date and those due before the trend begins', () => {
    const points = monthlyTrend([ob({ dueDate: null }), metOn('2025-03-31', '2025-03-31')], asOf);
    expect(points.reduce((sum, p) => sum + p.due, 0)).toBe(0);
  });
});

describe('monthlyTrend: overdue at the end of each month', () => {
  it('counts a supervision due in January and met in February as overdue at the end of January only', () => {
    const points = monthlyTrend([metOn('2026-01-10', '2026-02-05')], asOf);
    expect(points.map((p) => p.overdueAtEnd).slice(-3)).toEqual([1, 0, 0]);
  });

  it('counts one never met as overdue at the end of every month since, this month included', () => {
    const points = monthlyTrend([ob({ dueDate: '2026-01-10', state: 'overdue' })], asOf);
    expect(points.map((p) => p.overdueAtEnd).slice(-4)).toEqual([0, 1, 1, 1]);
  });

  it("does not count one due on the last day of a month as overdue at that month's end", () => {
    const points = monthlyTrend([ob({ dueDate: '2026-01-31', state: 'overdue' })], asOf);
    expect(point(points, '2026-01').overdueAtEnd).toBe(0);
    expect(point(points, '2026-02').overdueAtEnd).toBe(1);
  });

  it("does not count one met late on the last day of a month as overdue at that month's end", () => {
    const points = monthlyTrend([metOn('2026-01-10', '2026-01-31')], asOf);
    expect(point(points, '2026-01').overdueAtEnd).toBe(0);
  });

  it("counts the current month at the as-of date, not at the month's last day", () => {
    const points = monthlyTrend(
      [
        ob({ dueDate: '2026-03-17', state: 'overdue' }),
        ob({ dueDate: '2026-03-18', state: 'due_soon' }),
        ob({ dueDate: '2026-03-25', state: 'due' }),
      ],
      asOf,
    );
    expect(point(points, '2026-03').overdueAtEnd).toBe(1);
  });

  it('counts an obligation due before the trend began that is still unmet', () => {
    const points = monthlyTrend([ob({ dueDate: '2024-12-01', state: 'overdue' })], asOf);
    expect(points.every((p) => p.overdueAtEnd === 1)).toBe(true);
  });

  it('leaves out waived and not applicable obligations', () => {
    const points = monthlyTrend(
      [
        ob({ dueDate: '2026-01-10', state: 'waived' }),
        ob({ dueDate: '2026-01-10', state: 'not_applicable' }),
      ],
      asOf,
    );
    expect(points.every((p) => p.overdueAtEnd === 0)).toBe(true);
  });

  it("this month's figure is the number overdue now", () => {
    const list = [
      metOn('2025-11-10', '2026-01-05'),
      ob({ dueDate: '2025-12-01', state: 'overdue' }),
      ob({ dueDate: '2026-02-28', state: 'overdue' }),
      ob({ dueDate: '2026-03-17', state: 'overdue' }),
      ob({ dueDate: '2026-03-05', state: 'waived' }),
      ob({ dueDate: '2026-03-18', state: 'due_soon' }),
      metOn('2026-03-01', '2026-03-02'),
    ];
    expect(monthlyTrend(list, asOf).at(-1)?.overdueAtEnd).toBe(countStates(list).overdue);
  });
});
