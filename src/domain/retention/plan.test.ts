import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../calendar/iso-date.ts';
import type { IsoDate, Period } from '../calendar/period.ts';
import { getPack } from '../policy/registry.ts';
import type { RetentionRule } from '../policy/schema.ts';
import { dueSetDifference, type RetentionCandidate, retentionPlan } from './plan.ts';

const addPeriod = (date: IsoDate, period: Period) =>
  period.unit === 'months'
    ? addMonths(date, period.count)
    : addDays(date, period.count * (period.unit === 'weeks' ? 7 : 1));

const rulesOf = (id: string) => getPack(id)!.retention;
const record = (
  id: string,
  kind: RetentionCandidate['kind'],
  date: IsoDate,
  more: Partial<RetentionCandidate> = {},
): RetentionCandidate => ({ id, kind, date, staffIds: ['jordan'], children: [], ...more });

const asOf = '2026-11-24';

describe('Durham 4.9: "retained for 6 years after the date of supervision"', () => {
  const durham = rulesOf('durham-one-point-2022');

  it('makes a personal supervision record due 6 years after its date, not a day before', () => {
    const plan = retentionPlan(
      durham,
      [
        record('six-years-ago', 'personal_supervision', '2020-11-24'),
        record('a-day-short', 'personal_supervision', '2020-11-25'),
      ],
      [],
      asOf,
      addPeriod,
    );
    expect(plan.due).toEqual([
      {
        recordId: 'six-years-ago',
        kind: 'personal_supervision',
        date: '2020-11-24',
        ruleId: 'personal-six-years',
        dueSince: '2026-11-24',
      },
    ]);
  });

  it('6.6: an observation is "retained for 6 years after the date of the observation"', () => {
    const plan = retentionPlan(
      durham,
      [record('obs', 'direct_observation', '2019-03-01')],
      [],
      asOf,
      addPeriod,
    );
    expect(plan.due.map((r) => [r.recordId, r.ruleId, r.dueSince])).toEqual([
      ['obs', 'observation-six-years', '2025-03-01'],
    ]);
  });

  it('keeps case records "in line with retention criteria for the child\'s record" until the organisation sets a period', () => {
    const old = record('case', 'case_supervision', '2010-01-01', {
      children: [{ id: 'c1', closedOn: '2011-01-01' }],
    });
    const kept = retentionPlan(durham, [old], [], asOf, addPeriod);
    expect(kept.due).toEqual([]);
    expect(kept.noPeriod).toEqual([
      {
        kind: 'case_supervision',
        ruleId: 'case-with-child-record',
        reason: 'no_period_for_child_record',
        count: 1,
      },
    ]);

    // With the organisation's period, due that long after the last child's case closed.
    const withPeriod: RetentionRule[] = durham.map((rule) =>
      rule.id === 'case-with-child-record'
        ? {
            ...rule,
            retention: {
              kind: 'with_child_record',
              afterCaseClosed: { unit: 'months', count: 12 * 10 },
            },
          }
        : rule,
    );
    const two = record('two', 'case_supervision', '2010-01-01', {
      children: [
        { id: 'c1', closedOn: '2011-01-01' },
        { id: 'c2', closedOn: '2017-06-30' },
      ],
    });
    const open = record('open', 'case_supervision', '2010-01-01', {
      children: [{ id: 'c3', closedOn: null }],
    });
    const plan = retentionPlan(withPeriod, [old, two, open], [], asOf, addPeriod);
    expect(plan.due.map((r) => [r.recordId, r.dueSince])).toEqual([['case', '2021-01-01']]);
    expect(plan.noPeriod).toEqual([]);
  });

  it('spares a record under a hold on itself, on a person or on a child it names', () => {
    const records = [
      record('r1', 'personal_supervision', '2015-01-01'),
      record('r2', 'personal_supervision', '2015-01-02', { staffIds: ['sam'] }),
      record('r3', 'direct_observation', '2015-01-03', { staffIds: ['ana'] }),
    ];
    const plan = retentionPlan(
      durham,
      records,
      [
        { id: 'h1', subject: { kind: 'record', id: 'r1' } },
        { id: 'h2', subject: { kind: 'staff', id: 'sam' } },
      ],
      asOf,
      addPeriod,
    );
    expect(plan.due.map((r) => r.recordId)).toEqual(['r3']);
    expect(plan.spared.map((r) => [r.recordId, r.holdIds])).toEqual([
      ['r1', ['h1']],
      ['r2', ['h2']],
    ]);
  });
});

describe('packs that give no period', () => {
  it.each(['northumberland-2024', 'manchester'])(
    '%s: nothing is due, and each kind says why it is kept',
    (id) => {
      const plan = retentionPlan(
        rulesOf(id),
        [
          record('p', 'personal_supervision', '2001-01-01'),
          record('c', 'case_supervision', '2001-01-01', {
            children: [{ id: 'c1', closedOn: '2002-01-01' }],
          }),
        ],
        [],
        asOf,
        addPeriod,
      );
      expect(plan.due).toEqual([]);
      expect(plan.noPeriod.map((n) => [n.kind, n.reason])).toEqual([
        ['case_supervision', 'no_period_for_child_record'],
        ['personal_supervision', 'no_rule'],
      ]);
    },
  );
});

describe('dueSetDifference', () => {
  it('names records that became due and records no longer due', () => {
    const a = {
      recordId: 'a',
      kind: 'pdr',
      date: '2000-01-01',
      ruleId: 'x',
      dueSince: '2006-01-01',
    } as const;
    const b = { ...a, recordId: 'b' };
    expect(dueSetDifference([a], [b])).toEqual({ added: [b], removed: [a] });
    expect(dueSetDifference([a], [a])).toEqual({ added: [], removed: [] });
  });
});
