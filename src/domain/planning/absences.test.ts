import { describe, expect, it } from 'vitest';
import { workingCalendarForRegion } from '../calendar/index.ts';
import { getPack } from '../policy/registry.ts';
import type { CancellationReason, SessionStatus } from '../policy/vocabulary.ts';
import {
  type AbsenceFacts,
  absentLongerThan,
  coverTasks,
  type ManagerFacts,
  rebookAdvice,
  returnDay,
} from './absences.ts';

const calendar = workingCalendarForRegion('england-and-wales');
const durham = getPack('durham-one-point-2022')!;
const systemic = getPack('systemic-4x4x4')!;

function advise(
  reason: CancellationReason | null,
  absences: AbsenceFacts[],
  options: { pack?: typeof durham; status?: SessionStatus; date?: string } = {},
) {
  return rebookAdvice({
    session: {
      date: options.date ?? '2026-05-13',
      status: options.status ?? 'cancelled',
      cancellationReason: reason,
    },
    absences,
    pack: options.pack ?? durham,
    calendar,
  });
}

describe('D20 (Durham 4.4): "within 5 working days of the supervisee\'s return to work"', () => {
  const sick: AbsenceFacts = { kind: 'sickness', from: '2026-05-11', to: '2026-05-22' };

  it('the replacement is held within 5 working days of the first working day back', () => {
    const advice = advise('supervisee_sickness', [sick]);
    // Back on Tuesday 26 May (Monday 25th is the Spring bank holiday); day 1 is Wednesday 27th.
    expect(advice?.deadline).toMatchObject({
      rule: { id: 'rebook-after-sickness' },
      absence: sick,
      returnDay: '2026-05-26',
      holdBy: '2026-06-02',
    });
    expect(advice?.by).toBe('supervisor');
  });

  it('while the supervisee is still away, the rule applies but the date is not yet known', () => {
    const advice = advise('supervisee_sickness', [{ ...sick, to: null }]);
    expect(advice?.deadline).toMatchObject({ returnDay: undefined, holdBy: undefined });
    expect(advice?.deadline?.rule.rebookWithin).toEqual({ unit: 'working_days', count: 5 });
  });

  it('before the absence is recorded, the rule for sickness is still shown', () => {
    const advice = advise('supervisee_sickness', []);
    expect(advice?.deadline).toMatchObject({
      rule: { id: 'rebook-after-sickness' },
      absence: undefined,
      holdBy: undefined,
    });
  });

  it('"sickness/absence": maternity or other absence counts; the session postponed too', () => {
    const maternity: AbsenceFacts = { kind: 'maternity', from: '2026-05-01', to: '2026-11-01' };
    const advice = advise('supervisee_absence', [maternity], { status: 'postponed' });
    // Sunday 1 November: back Monday 2nd; 5 working days on is Monday 9th.
    expect(advice?.deadline).toMatchObject({ returnDay: '2026-11-02', holdBy: '2026-11-09' });
  });

  it('an absence starting the day after counts (called off the day before)', () => {
    const advice = advise('supervisee_sickness', [{ ...sick, from: '2026-05-14' }]);
    expect(advice?.deadline?.absence?.from).toBe('2026-05-14');
  });

  it('an unrelated absence earlier in the year does not', () => {
    const advice = advise('supervisee_sickness', [
      { kind: 'sickness', from: '2026-01-05', to: '2026-01-09' },
    ]);
    expect(advice?.deadline?.absence).toBeUndefined();
  });

  it("the supervisor's absence or an emergency carries no deadline", () => {
    expect(advise('supervisor_absence', [sick])?.deadline).toBeUndefined();
    expect(advise('emergency', [sick])?.deadline).toBeUndefined();
  });

  it('a pack with no absence rule (systemic, 001) gives no deadline', () => {
    expect(advise('supervisee_sickness', [sick], { pack: systemic })?.deadline).toBeUndefined();
  });

  it('only a cancelled or postponed session is rebooked', () => {
    expect(advise('supervisee_sickness', [sick], { status: 'held' })).toBeUndefined();
    expect(advise(null, [sick], { status: 'planned' })).toBeUndefined();
  });

  it('returnDay skips the weekend and bank holidays', () => {
    expect(returnDay({ kind: 'sickness', from: '2026-12-01', to: '2026-12-24' }, calendar)).toBe(
      '2026-12-29',
    );
    expect(returnDay({ kind: 'sickness', from: '2026-12-01', to: null }, calendar)).toBeUndefined();
  });
});

describe('D21 (Durham 4.5): "due to annual leave … it is their responsibility to reschedule"', () => {
  const leave: AbsenceFacts = { kind: 'annual_leave', from: '2026-05-11', to: '2026-05-15' };

  it('the practitioner rebooks a session moved for their annual leave, with no day count', () => {
    const advice = advise('supervisee_annual_leave', [leave]);
    expect(advice).toMatchObject({
      by: 'supervisee',
      byRule: { id: 'practitioner-rebooks-after-leave', catalogueRef: 'D21' },
      deadline: undefined,
    });
  });

  it('for other reasons, and in packs that say nothing, the supervisor rebooks', () => {
    expect(advise('emergency', [])?.by).toBe('supervisor');
    expect(advise('supervisee_annual_leave', [leave], { pack: systemic })).toMatchObject({
      by: 'supervisor',
      byRule: undefined,
    });
  });
});

describe('D22 (Durham 4.5): "a team manager is not at work for more than 4 weeks"', () => {
  const fourWeeks = { unit: 'weeks', count: 4 } as const;
  const today = '2026-06-15';

  it.each([
    ['exactly 4 weeks (1 to 28 June) is not more than 4 weeks', '2026-06-28', false],
    ['4 weeks and a day (to 29 June) is', '2026-06-29', true],
    ['an absence still going on, 2 weeks in, is not yet', null, false],
  ])('%s', (_label, to, longer) => {
    expect(
      absentLongerThan({ kind: 'sickness', from: '2026-06-01', to }, fourWeeks, today, calendar),
    ).toBe(longer);
  });

  it('an absence still going on past 4 weeks is', () => {
    expect(
      absentLongerThan(
        { kind: 'sickness', from: '2026-05-01', to: null },
        fourWeeks,
        '2026-05-29',
        calendar,
      ),
    ).toBe(true);
  });

  const manager = (absences: AbsenceFacts[], cover = false): ManagerFacts => ({
    staffId: 'tm',
    name: 'Sarah Whitfield',
    absences,
    supervisees: [
      {
        staffId: 'sw',
        name: 'Ben Carter',
        cover: cover ? [{ supervisorName: 'Nadia Kowalski', from: '2026-06-08', to: null }] : [],
      },
      { staffId: 'sw2', name: 'Grace Obi', cover: [] },
    ],
  });
  const long: AbsenceFacts = { kind: 'sickness', from: '2026-06-01', to: '2026-07-31' };

  it('raises a task for the line manager: each supervisee, with the cover arranged so far', () => {
    const tasks = coverTasks({ pack: durham, managers: [manager([long], true)], today, calendar });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      rule: { id: 'cover-for-absent-team-manager' },
      managerName: 'Sarah Whitfield',
      beyondFrom: '2026-06-29',
      supervisees: [
        { name: 'Ben Carter', cover: { supervisorName: 'Nadia Kowalski' } },
        { name: 'Grace Obi', cover: undefined },
      ],
    });
  });

  it('no task for a short absence, one already over, or in a pack without the rule', () => {
    const short: AbsenceFacts = { kind: 'annual_leave', from: '2026-06-01', to: '2026-06-12' };
    const over: AbsenceFacts = { kind: 'sickness', from: '2026-03-02', to: '2026-05-29' };
    expect(
      coverTasks({ pack: durham, managers: [manager([short, over])], today, calendar }),
    ).toEqual([]);
    expect(coverTasks({ pack: systemic, managers: [manager([long])], today, calendar })).toEqual(
      [],
    );
  });

  it('cover that ended before the absence does not count', () => {
    const old = manager([long]);
    const tasks = coverTasks({
      pack: durham,
      managers: [
        {
          ...old,
          supervisees: [
            {
              staffId: 'sw',
              name: 'Ben Carter',
              cover: [{ supervisorName: 'Nadia Kowalski', from: '2026-01-05', to: '2026-02-27' }],
            },
          ],
        },
      ],
      today,
      calendar,
    });
    expect(tasks[0]!.supervisees[0]!.cover).toBeUndefined();
  });
});
