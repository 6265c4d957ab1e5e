import { describe, expect, it } from 'vitest';
import type { BundleStaff } from '../bundle/schema.ts';
import { workingCalendarForRegion } from '../calendar/index.ts';
import { getPack } from '../policy/index.ts';
import type { TeamType } from '../policy/vocabulary.ts';
import {
  type AgreedFrequency,
  describeAgreedFrequency,
  fewestDays,
  floorProblem,
  frequencyFloor,
  meetsFloor,
  mostDays,
  nextAfter,
  parseAgreedFrequency,
  type SuperviseeFacts,
  sessionsAYear,
} from './frequency-floor.ts';

const calendar = workingCalendarForRegion('england-and-wales');
const on = '2026-06-15';

function facts(
  over: Partial<BundleStaff> = {},
  extra: { teamType?: TeamType; managesCaseHolder?: boolean } = {},
): SuperviseeFacts {
  const staff: BundleStaff = {
    id: 'me',
    name: 'Sam Worker',
    roleCategory: 'social_worker',
    caseHolding: true,
    contractedHours: 37,
    startDate: '2020-01-06',
    teamId: 'team',
    ...over,
  };
  return {
    staff,
    teamType: extra.teamType,
    supervises: extra.managesCaseHolder
      ? [
          {
            relationship: {
              id: 'r',
              superviseeId: 'report',
              supervisorId: 'me',
              kind: 'line_management',
              from: '2024-01-01',
            },
            superviseeCaseHolding: true,
          },
        ]
      : [],
  };
}

const every = (count: number, unit: AgreedFrequency['unit']): AgreedFrequency => ({ unit, count });

function floorFor(packId: string, f: SuperviseeFacts, date = on) {
  const pack = getPack(packId);
  if (!pack) throw new Error(packId);
  return frequencyFloor(pack, f, date, calendar);
}

/** [case, agreed, allowed] rows for one person under one pack. */
type Row = [string, AgreedFrequency, boolean];

function expectRows(floor: ReturnType<typeof floorFor>, rows: Row[]) {
  if (!floor) throw new Error('expected a floor');
  for (const [label, agreed, allowed] of rows)
    expect(meetsFloor(agreed, floor), label).toBe(allowed);
}

describe('systemic-4x4x4: "Supervision should take place at least once every calendar month"', () => {
  const floor = floorFor('systemic-4x4x4', facts());
  it('governs a social worker', () => {
    expect(floor?.rule.id).toBe('calendar-month');
    expect(floor?.words).toBe('at least once every calendar month');
  });
  it.each<Row>([
    ['every month is enough', every(1, 'months'), true],
    ['every four weeks is more often', every(4, 'weeks'), true],
    ['every fortnight is more often', every(2, 'weeks'), true],
    ['28 days always lands in the next calendar month', every(28, 'days'), true],
    ['31 days can skip February', every(31, 'days'), false],
    ['every five weeks can skip a month', every(5, 'weeks'), false],
    ['"2 monthly" is less often', every(2, 'months'), false],
  ])('%s', (label, agreed, allowed) => expectRows(floor, [[label, agreed, allowed]]));
});

describe('systemic-4x4x4 ASYE: "0-6 weeks Weekly; 6 weeks – 6 months Fortnightly; 6 months onwards Monthly"', () => {
  const asye = (weeksIn: number) =>
    floorFor(
      'systemic-4x4x4',
      facts({ asyeStartDate: '2026-01-05' }),
      calendar.addPeriod('2026-01-05', { unit: 'days', count: weeksIn * 7 + 3 }),
    );
  it('weeks 0 to 6: weekly', () => {
    const floor = asye(2);
    expect(floor?.rule.id).toBe('asye-stepped');
    expect(floor?.words).toBe('every week (weeks 0 to 6 of the ASYE)');
    expectRows(floor, [
      ['weekly', every(1, 'weeks'), true],
      ['7 days', every(7, 'days'), true],
      ['fortnightly is too seldom in the first six weeks', every(2, 'weeks'), false],
    ]);
  });
  it('week 6 to 6 months: fortnightly', () => {
    const floor = asye(11);
    expect(floor?.words).toBe('every 2 weeks (weeks 6 to 26 of the ASYE)');
    expectRows(floor, [
      ['fortnightly', every(2, 'weeks'), true],
      ['14 days', every(14, 'days'), true],
      ['weekly', every(1, 'weeks'), true],
      ['three-weekly', every(3, 'weeks'), false],
      ['monthly is too seldom before 6 months', every(1, 'months'), false],
    ]);
  });
  it('6 months onwards: monthly', () => {
    const floor = asye(30);
    expect(floor?.words).toBe('every month (from week 26 of the ASYE)');
    expectRows(floor, [
      ['monthly', every(1, 'months'), true],
      ['four-weekly', every(4, 'weeks'), true],
      ['five-weekly', every(5, 'weeks'), false],
    ]);
  });
  it('after the ASYE year the calendar-month rule governs again', () => {
    expect(asye(60)?.rule.id).toBe('calendar-month');
  });
});

describe('systemic-4x4x4 students: "supervision on a weekly basis, for a minimum of 90 minutes per week"', () => {
  const floor = floorFor(
    'systemic-4x4x4',
    facts({ roleCategory: 'student', placementStartDate: '2026-05-01' }),
  );
  it('the student rule is more specific than the calendar month', () => {
    expect(floor?.rule.id).toBe('students-weekly');
    expect(floor?.considered).toEqual(['calendar-month']);
  });
  it.each<Row>([
    ['weekly, alternating the two supervisors', every(1, 'weeks'), true],
    ['fortnightly with each supervisor is not weekly overall', every(2, 'weeks'), false],
  ])('%s', (label, agreed, allowed) => expectRows(floor, [[label, agreed, allowed]]));
  it('an apprentice too', () => {
    expect(floorFor('systemic-4x4x4', facts({ roleCategory: 'apprentice' }))?.rule.id).toBe(
      'students-weekly',
    );
  });
});

describe('manchester: "Four weekly" and "Twelve weekly"', () => {
  it('a case holder: four weekly, so "monthly" is not enough (A11)', () => {
    const floor = floorFor('manchester', facts());
    expect(floor?.rule.id).toBe('case-holders-four-weekly');
    expect(floor?.words).toBe('every 4 weeks');
    expectRows(floor, [
      ['once every 4 weeks (13 times a year)', every(4, 'weeks'), true],
      ['28 days', every(28, 'days'), true],
      ['three-weekly', every(3, 'weeks'), true],
      ['monthly (12 times a year)', every(1, 'months'), false],
      ['29 days', every(29, 'days'), false],
    ]);
  });
  it('"and their line managers": a team manager of case holders', () => {
    const floor = floorFor(
      'manchester',
      facts({ roleCategory: 'team_manager', caseHolding: false }, { managesCaseHolder: true }),
    );
    expect(floor?.words).toBe('every 4 weeks');
  });
  it('business support: twelve weekly', () => {
    const floor = floorFor(
      'manchester',
      facts({ roleCategory: 'business_support', caseHolding: false }),
    );
    expect(floor?.rule.id).toBe('business-support-twelve-weekly');
    expectRows(floor, [
      ['12 weeks', every(12, 'weeks'), true],
      ['2 months (at most 62 days)', every(2, 'months'), true],
      ['3 months can be 92 days', every(3, 'months'), false],
    ]);
  });
  it('part-time non-case holders are not covered (A23): any frequency stands', () => {
    const floor = floorFor(
      'manchester',
      facts({ roleCategory: 'senior_practitioner', caseHolding: false, contractedHours: 15 }),
    );
    expect(floor).toBeUndefined();
    expect(floorProblem(every(6, 'months'), floor, 'Ruth')).toBeUndefined();
  });
});

describe('leeds-schools-clusters: "a minimum interval of every four weeks"', () => {
  const floor = floorFor(
    'leeds-schools-clusters',
    facts({ roleCategory: 'school_safeguarding_staff' }, { teamType: 'school_cluster' }),
  );
  it('the contract’s four weeks governs over "one hour every month" (A38)', () => {
    expect(floor?.rule.id).toBe('four-weekly');
    expectRows(floor, [
      ['four weeks', every(4, 'weeks'), true],
      ['"This may increase if there is a need": fortnightly', every(2, 'weeks'), true],
      ['one hour every month', every(1, 'months'), false],
    ]);
  });
  it('staff who hold no cases have no minimum', () => {
    expect(floorFor('leeds-schools-clusters', facts({ caseHolding: false }))).toBeUndefined();
  });
});

describe('durham-one-point-2022: "9 times each year as a minimum for full time staff … 5 times per year" part time', () => {
  it('full time (30 hours or more): 9 a year', () => {
    const floor = floorFor('durham-one-point-2022', facts({ contractedHours: 37 }));
    expect(floor?.rule.id).toBe('full-time-nine-a-year');
    expect(floor?.words).toBe('at least 9 times a year (April to March)');
    expectRows(floor, [
      ['"monthly where possible" (12)', every(1, 'months'), true],
      ['every 5 weeks (10)', every(5, 'weeks'), true],
      ['every 40 days (9)', every(40, 'days'), true],
      ['every 41 days (8)', every(41, 'days'), false],
      ['every 6 weeks (8)', every(6, 'weeks'), false],
      ['every 2 months (6)', every(2, 'months'), false],
    ]);
  });
  it('exactly 30 hours is full time (A45)', () => {
    expect(floorFor('durham-one-point-2022', facts({ contractedHours: 30 }))?.rule.id).toBe(
      'full-time-nine-a-year',
    );
  });
  it('part time (under 30 hours): 5 a year', () => {
    const floor = floorFor('durham-one-point-2022', facts({ contractedHours: 22.5 }));
    expect(floor?.rule.id).toBe('part-time-five-a-year');
    expectRows(floor, [
      ['every 2 months (6)', every(2, 'months'), true],
      ['every 10 weeks (5)', every(10, 'weeks'), true],
      ['every 11 weeks (4)', every(11, 'weeks'), false],
      ['every 3 months (4)', every(3, 'months'), false],
    ]);
  });
});

describe('northumberland-2024: the seed defers to a separate supervision policy (A01)', () => {
  it('has no minimum, so any agreed frequency stands', () => {
    const floor = floorFor('northumberland-2024', facts());
    expect(floor).toBeUndefined();
    expect(floorProblem(every(12, 'months'), floor, 'Sam Worker')).toBeUndefined();
  });
});

describe('the problem names the person, the minimum and what was agreed', () => {
  it('reads as a sentence', () => {
    const floor = floorFor('manchester', facts());
    expect(floorProblem(every(1, 'months'), floor, 'Jordan Ellis')).toBe(
      'Agreed frequency must be at least as often as the policy’s minimum for Jordan Ellis, which is every 4 weeks. Every month is less often',
    );
    expect(floorProblem(every(4, 'weeks'), floor, 'Jordan Ellis')).toBeUndefined();
  });
});

describe('agreed frequencies', () => {
  it.each([
    [{ unit: 'weeks', count: 4 }, true, ''],
    [{ unit: 'months', count: 12 }, true, ''],
    [{ unit: 'days', count: 0 }, false, 'How often you will meet must be between 1 and 366 days'],
    [{ unit: 'weeks', count: 53 }, false, 'How often you will meet must be between 1 and 52 weeks'],
    [{ unit: 'weeks', count: 1.5 }, false, 'How often you will meet must be a whole number'],
    [{ unit: 'weeks', count: '4' }, false, 'How often you will meet must be a whole number'],
    [
      { unit: 'fortnights', count: 1 },
      false,
      'Select days, weeks or months for how often you will meet',
    ],
    [
      { unit: 'working_days', count: 5 },
      false,
      'Select days, weeks or months for how often you will meet',
    ],
    [null, false, 'Enter how often you will meet, as a number of days, weeks or months'],
  ])('%j', (input, ok, problem) => {
    const parsed = parseAgreedFrequency(input);
    expect(parsed.ok).toBe(ok);
    if (!parsed.ok) expect(parsed.problem).toBe(problem);
  });

  it('are described as the forms say them', () => {
    expect(describeAgreedFrequency(every(1, 'weeks'))).toBe('every week');
    expect(describeAgreedFrequency(every(4, 'weeks'))).toBe('every 4 weeks');
    expect(describeAgreedFrequency(every(1, 'months'))).toBe('every month');
  });

  it('a month is 28 to 31 days; months in a row as few or as many as the calendar allows', () => {
    expect(fewestDays({ unit: 'months', count: 1 })).toBe(28);
    expect(mostDays(every(1, 'months'))).toBe(31);
    expect(fewestDays({ unit: 'months', count: 2 })).toBe(59);
    expect(mostDays(every(2, 'months'))).toBe(62);
    expect(fewestDays({ unit: 'months', count: 3 })).toBe(89);
    expect(mostDays(every(12, 'months'))).toBe(366);
    expect(fewestDays({ unit: 'working_days', count: 5 })).toBe(7);
  });

  it('give a number of sessions a year', () => {
    expect(sessionsAYear(every(4, 'weeks'))).toBe(13);
    expect(sessionsAYear(every(1, 'months'))).toBe(12);
    expect(sessionsAYear(every(12, 'weeks'))).toBe(4);
  });

  it('fall due again one interval after a session, months clamped to the month’s end', () => {
    expect(nextAfter('2026-01-31', every(1, 'months'))).toBe('2026-02-28');
    expect(nextAfter('2026-03-27', every(4, 'weeks'))).toBe('2026-04-24');
    // Across the clocks going forward (29 March 2026) a date moves by whole days.
    expect(nextAfter('2026-03-28', every(1, 'days'))).toBe('2026-03-29');
  });
});
