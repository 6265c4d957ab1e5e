import { describe, expect, it } from 'vitest';
import { dayOfWeek, daysBetween, workingCalendarForRegion } from '../calendar/index.ts';
import type { IsoDate } from '../calendar/period.ts';
import { Context } from '../compliance/context.ts';
import { bundle, staff } from '../compliance/test-support.ts';
import { getPack } from '../policy/registry.ts';
import type { StaffFrequency } from '../policy/schema.ts';
import {
  frequencyWords,
  governingFrequency,
  type PlanInput,
  packRuleFor,
  planYear,
} from './planner.ts';

const calendar = workingCalendarForRegion('england-and-wales');
const workingDay = (date: IsoDate) => calendar.isWorkingDay(date);

function plan(frequency: StaffFrequency, over: Partial<PlanInput> = {}) {
  return planYear({
    frequency,
    from: '2026-11-24',
    to: '2027-03-31',
    sessions: [],
    available: workingDay,
    calendar,
    ...over,
  });
}

const awayBetween = (from: IsoDate, to: IsoDate) => (date: IsoDate) =>
  workingDay(date) && !(date >= from && date <= to);

describe('the rule that governs a supervisee', () => {
  const pack = (id: string) => getPack(id)!;
  const ruleOf = (packId: string, person = staff('sw'), on = '2026-11-23') => {
    const b = bundle(packId, { staff: [person] });
    const ctx = new Context(b, pack(packId), on, calendar);
    return packRuleFor(ctx, person, on);
  };

  it('systemic (001) "Supervision should take place at least once every calendar month"', () => {
    expect(ruleOf('systemic-4x4x4')?.id).toBe('calendar-month');
  });

  it('systemic (001) ASYE "0-6 weeks Weekly; 6 weeks – 6 months Fortnightly"', () => {
    const asye = staff('sw', { asyeStartDate: '2026-10-01' });
    expect(ruleOf('systemic-4x4x4', asye)?.id).toBe('asye-stepped');
  });

  it('Manchester (002) "four weekly" for case holders, "twelve weekly" for business support', () => {
    expect(ruleOf('manchester')?.id).toBe('case-holders-four-weekly');
    const support = staff('sw', {
      roleCategory: 'business_support',
      caseHolding: false,
      contractedHours: 37,
    });
    expect(ruleOf('manchester', support)?.id).toBe('business-support-twelve-weekly');
  });

  it('Durham (004) "9 times each year … full time", "5 times per year" part time', () => {
    expect(ruleOf('durham-one-point-2022')?.id).toBe('full-time-nine-a-year');
    const partTime = staff('sw', { contractedHours: 18.5 });
    expect(ruleOf('durham-one-point-2022', partTime)?.id).toBe('part-time-five-a-year');
  });

  it('Northumberland (000) sets no frequency, so there is nothing to plan from the pack', () => {
    expect(ruleOf('northumberland-2024')).toBeUndefined();
    expect(governingFrequency(undefined, null)).toBeUndefined();
  });

  const nineAYear = pack('durham-one-point-2022').staffSupervision[0]!;

  it('Durham "monthly where possible": an agreed month governs over 9 a year', () => {
    const governing = governingFrequency(nineAYear, { unit: 'months', count: 1 });
    expect(governing).toMatchObject({
      source: 'agreement',
      frequency: { kind: 'every', period: { unit: 'months', count: 1 } },
      rule: nineAYear,
    });
    expect(governing?.agreedBelowPack).toBeUndefined();
  });

  it('an agreed frequency below the pack minimum never lowers it ("never less")', () => {
    const fourWeekly = pack('manchester').staffSupervision[0]!;
    const governing = governingFrequency(fourWeekly, { unit: 'weeks', count: 6 });
    expect(governing).toMatchObject({ source: 'pack', frequency: fourWeekly.frequency });
    expect(governing?.agreedBelowPack).toEqual({ unit: 'weeks', count: 6 });
  });

  it('an agreement equal to the pack leaves the pack (and its source) governing', () => {
    const fourWeekly = pack('manchester').staffSupervision[0]!;
    const governing = governingFrequency(fourWeekly, { unit: 'weeks', count: 4 });
    expect(governing).toMatchObject({ source: 'pack', rule: fourWeekly });
    expect(governing?.agreedBelowPack).toBeUndefined();
  });

  it('an agreement with no pack rule governs alone (Northumberland defers to the agreement)', () => {
    expect(governingFrequency(undefined, { unit: 'weeks', count: 4 })).toMatchObject({
      source: 'agreement',
      rule: undefined,
    });
  });

  it('describes each frequency in words', () => {
    expect(frequencyWords({ kind: 'calendar_month' })).toBe('once in each calendar month');
    expect(frequencyWords({ kind: 'every', period: { unit: 'weeks', count: 4 } })).toBe(
      'every 4 weeks',
    );
    expect(frequencyWords({ kind: 'every', period: { unit: 'weeks', count: 1 } })).toBe(
      'every week',
    );
    expect(frequencyWords(nineAYear.frequency)).toBe('9 a year (April to March)');
    expect(frequencyWords(pack('systemic-4x4x4').staffSupervision[1]!.frequency)).toBe(
      'every week in weeks 0 to 5, then every 2 weeks in weeks 6 to 25, then every month from week 26 (counted from the ASYE start)',
    );
  });
});

describe('planning the year: "at least once every calendar month" (001)', () => {
  const monthly: StaffFrequency = { kind: 'calendar_month' };

  it('proposes one a month on the day of the month of the last, the next working day if not', () => {
    const result = plan(monthly, { sessions: ['2026-11-10'] });
    // 10 January 2027 is a Sunday: Monday 11th; then the 11th carries on.
    expect(result.proposals).toEqual(['2026-12-10', '2027-01-11', '2027-02-11', '2027-03-11']);
    expect(result.gaps.map((g) => g.description)).toEqual([
      'No session in December 2026',
      'No session in January 2027',
      'No session in February 2027',
      'No session in March 2027',
    ]);
  });

  it('a month already held or planned is no gap, even before the day planning starts', () => {
    const result = plan(monthly, { sessions: ['2026-11-03', '2027-01-20'] });
    expect(result.gaps.map((g) => g.from)).toEqual(['2026-12-01', '2027-02-01', '2027-03-01']);
    // 20 February 2027 is a Saturday: Friday 19th is nearest.
    expect(result.proposals).toEqual(['2026-12-03', '2027-02-19', '2027-03-19']);
  });

  it('skips Christmas Day (a bank holiday): the nearest working day', () => {
    const result = plan(monthly, { sessions: ['2026-11-25'], to: '2026-12-31' });
    expect(result.proposals).toEqual(['2026-12-24']);
  });

  it("skips the supervisee's annual leave", () => {
    const result = plan(monthly, {
      sessions: ['2026-11-10'],
      available: awayBetween('2027-01-04', '2027-01-22'),
    });
    expect(result.proposals).toEqual(['2026-12-10', '2027-01-25', '2027-02-25', '2027-03-25']);
  });

  it('a month entirely away is a gap with nothing proposed', () => {
    const result = plan(monthly, {
      sessions: ['2026-11-10'],
      to: '2027-01-31',
      available: awayBetween('2026-12-01', '2026-12-31'),
    });
    expect(result.gaps[0]).toMatchObject({ from: '2026-12-01', proposed: [], unplaced: 1 });
    expect(result.proposals).toEqual(['2027-01-11']);
  });
});

describe('planning the year: "four weekly" (002) and other rolling intervals', () => {
  const fourWeekly: StaffFrequency = { kind: 'every', period: { unit: 'weeks', count: 4 } };

  it('falls on the same weekday 28 days on; a bank holiday moves it earlier, never later', () => {
    const result = plan(fourWeekly, {
      from: '2026-03-10',
      to: '2026-07-31',
      sessions: ['2026-03-09'],
    });
    // Due Easter Monday 6 April; Good Friday 3 April is a bank holiday too: Thursday 2 April.
    expect(result.proposals).toEqual([
      '2026-04-02',
      '2026-04-30',
      '2026-05-28',
      '2026-06-25',
      '2026-07-23',
    ]);
    expect(result.gaps[0]!.description).toBe(
      'Nothing planned between 10 March 2026 and 6 April 2026',
    );
    for (const [a, b] of pairs(['2026-03-09', ...result.proposals]))
      expect(daysBetween(a, b)).toBeLessThanOrEqual(28);
  });

  it('a planned session inside the interval carries the chain on', () => {
    const result = plan(fourWeekly, {
      from: '2026-03-10',
      to: '2026-05-31',
      sessions: ['2026-03-09', '2026-04-01'],
    });
    expect(result.proposals).toEqual(['2026-04-29', '2026-05-27']);
  });

  it('an overdue supervisee is proposed the first free working day', () => {
    const result = plan(fourWeekly, {
      from: '2026-11-28',
      to: '2026-12-31',
      sessions: ['2026-10-01'],
    });
    expect(result.gaps[0]!.description).toBe('Overdue since 29 October 2026: nothing planned');
    expect(result.proposals[0]).toBe('2026-11-30');
  });

  it('an overdue supervisee with a session booked too late is proposed one before it', () => {
    const result = plan(fourWeekly, {
      from: '2026-11-28',
      to: '2026-12-31',
      sessions: ['2026-10-01', '2026-12-10'],
    });
    expect(result.gaps[0]!.description).toBe(
      'Overdue since 29 October 2026: nothing planned before 10 December 2026',
    );
    expect(result.proposals[0]).toBe('2026-11-30');
  });

  it('someone with no session on record is due as soon as possible', async () => {
    const result = plan(fourWeekly, { from: '2026-11-28', to: '2027-01-31' });
    expect(result.gaps[0]!.description).toBe(
      'No session on record: the first is due as soon as possible',
    );
    expect(result.proposals).toEqual(['2026-11-30', '2026-12-24', '2027-01-21']);
  });

  it('an absence over the due date moves it to the first free day after', () => {
    const result = plan(fourWeekly, {
      from: '2026-03-10',
      to: '2026-04-30',
      sessions: ['2026-03-09'],
      available: awayBetween('2026-03-10', '2026-04-10'),
    });
    expect(result.proposals[0]).toBe('2026-04-13');
  });

  it('students "on a weekly basis" (001) get a session every week', () => {
    const weekly: StaffFrequency = { kind: 'every', period: { unit: 'weeks', count: 1 } };
    const result = plan(weekly, {
      from: '2026-12-15',
      to: '2027-01-15',
      sessions: ['2026-12-14'],
    });
    // Monday 28 December is the Boxing Day substitute: Thursday 24 December is the latest
    // working day within the week (Christmas Day is a Friday).
    expect(result.proposals).toEqual([
      '2026-12-21',
      '2026-12-24',
      '2026-12-31',
      '2027-01-07',
      '2027-01-14',
    ]);
  });

  it('ASYE "0-6 weeks Weekly; 6 weeks – 6 months Fortnightly" (001) steps from the ASYE start', () => {
    const stepped = getPack('systemic-4x4x4')!.staffSupervision[1]!.frequency;
    const result = plan(stepped, {
      from: '2026-09-01',
      to: '2026-10-31',
      sessions: ['2026-08-31'],
      anchors: { asye_start: '2026-08-03' },
    });
    // Weeks 4 and 5 are weekly; from week 6 (14 September) fortnightly.
    expect(result.proposals).toEqual([
      '2026-09-07',
      '2026-09-14',
      '2026-09-28',
      '2026-10-12',
      '2026-10-26',
    ]);
  });
});

describe('planning the year: "9 times each year as a minimum for full time staff" (004)', () => {
  const nine: StaffFrequency = { kind: 'per_year', count: 9, basis: 'financial' };
  const held = [
    '2026-04-10',
    '2026-05-11',
    '2026-06-10',
    '2026-07-10',
    '2026-08-10',
    '2026-09-10',
    '2026-10-12',
  ];

  it('spreads the sessions still missing this April–March year evenly to 31 March', () => {
    const result = plan(nine, { sessions: held, to: '2027-03-31' });
    expect(result.gaps[0]!.description).toBe('7 of 9 held or planned in April 2026 to March 2027');
    expect(result.proposals).toEqual(['2027-01-05', '2027-02-17']);
  });

  it('plans the next year only as far as the horizon, pro rata', () => {
    const result = plan(nine, { sessions: held, to: '2027-11-23' });
    expect(result.gaps[1]!.description).toBe(
      '0 of 9 held or planned in April 2027 to March 2028 (6 due by 23 November 2027)',
    );
    const next = result.proposals.filter((d) => d >= '2027-04-01');
    expect(next).toHaveLength(6);
    for (const date of next) expect(workingDay(date)).toBe(true);
    for (const [a, b] of pairs(next)) expect(daysBetween(a, b)).toBeGreaterThanOrEqual(28);
  });

  it('a part year in post needs a pro-rata share ("part year counts pro rata")', () => {
    const result = plan(nine, { from: '2026-11-24', sessions: [], startDate: '2026-10-01' });
    // 1 October to 31 March is 182 of 365 days: round(9 × 182 / 365) = 4.
    expect(result.gaps[0]!.description).toBe('0 of 4 held or planned in April 2026 to March 2027');
    expect(result.proposals).toHaveLength(4);
  });

  it('"a minimum of 5 times per year" part time: a year already met has no gap', () => {
    const five: StaffFrequency = { kind: 'per_year', count: 5, basis: 'financial' };
    const result = plan(five, { sessions: held.slice(0, 5) });
    expect(result.gaps).toEqual([]);
  });

  it('never proposes a weekend, a bank holiday or a day already holding a session', () => {
    const result = plan(nine, { sessions: held, to: '2027-11-23' });
    for (const date of result.proposals) {
      expect(dayOfWeek(date)).toBeLessThan(6);
      expect(calendar.holidayOn(date)).toBeUndefined();
      expect(held).not.toContain(date);
    }
  });
});

function pairs<T>(items: T[]): [T, T][] {
  return items.slice(1).map((item, i) => [items[i]!, item]);
}
