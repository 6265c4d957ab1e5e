import { describe, expect, it } from 'vitest';
import {
  describeRule,
  lookupPeriodWord,
  type PeriodPhrase,
  periodWords,
  periodWordsMarkdownTable,
} from './period-words.ts';
import { workingCalendarForRegion } from './working-calendar.ts';

const england = workingCalendarForRegion('england-and-wales');
const ruleOf = (phrase: PeriodPhrase) => periodWords[phrase].rule;

describe('period words', () => {
  it('covers every phrase the seeds use', () => {
    expect(Object.keys(periodWords)).toEqual([
      'monthly',
      'every calendar month',
      '2 monthly',
      'bi-monthly',
      '3 monthly',
      'quarterly',
      'four weekly',
      'every four weeks',
      '8-weekly',
      'within an 8 week cycle',
      'twelve weekly',
      'weekly',
      'fortnightly',
      '9 times a year',
      'bi-annual',
      'annually',
      'within 4 weeks of allocation',
      'within one week',
      'within 5 working days',
      'day 8 and day 20 of an assessment',
      'April to March',
      '2 days before',
    ]);
  });

  it('gives synonyms the same meaning', () => {
    const pairs: [PeriodPhrase, PeriodPhrase][] = [
      ['monthly', 'every calendar month'],
      ['2 monthly', 'bi-monthly'],
      ['3 monthly', 'quarterly'],
      ['four weekly', 'every four weeks'],
      ['8-weekly', 'within an 8 week cycle'],
    ];
    for (const [a, b] of pairs) {
      expect(periodWords[a].rule).toEqual(periodWords[b].rule);
      expect(periodWords[a].meaning).toBe(periodWords[b].meaning);
    }
  });

  it('records the decisions of DESIGN.md §7', () => {
    expect(ruleOf('within an 8 week cycle')).toEqual({
      kind: 'interval',
      period: { unit: 'weeks', count: 8 },
    });
    expect(ruleOf('bi-annual')).toEqual({
      kind: 'interval',
      period: { unit: 'months', count: 6 },
    });
    expect(ruleOf('bi-monthly')).toEqual({
      kind: 'interval',
      period: { unit: 'months', count: 2 },
    });
    expect(ruleOf('April to March')).toEqual({ kind: 'year', basis: 'financial' });
    expect(ruleOf('day 8 and day 20 of an assessment')).toMatchObject({
      unit: 'working_days',
      days: [8, 20],
    });
  });

  it('names a seed and catalogue row for every phrase', () => {
    for (const word of Object.values(periodWords)) {
      expect(word.sources.length).toBeGreaterThan(0);
      for (const source of word.sources) {
        expect(source.seed).toMatch(/^00[0-4]_[0-9a-f]{16}\.txt$/);
        expect(source.catalogue).toMatch(/^[FDA]\d{2}$/);
      }
    }
  });

  it('looks phrases up ignoring case, hyphens and spaces', () => {
    expect(lookupPeriodWord('Four-weekly')).toBe(periodWords['four weekly']);
    expect(lookupPeriodWord('8 weekly')).toBe(periodWords['8-weekly']);
    expect(lookupPeriodWord('BI MONTHLY')).toBe(periodWords['bi-monthly']);
    expect(lookupPeriodWord('now and then')).toBeUndefined();
  });

  it('turns rules into due dates with the working calendar', () => {
    const assessment = ruleOf('day 8 and day 20 of an assessment');
    if (assessment.kind !== 'anchored_days') throw new Error('unexpected rule');
    // Assessment starting Monday 21 December 2026, over Christmas and New Year.
    expect(assessment.days.map((d) => england.addWorkingDays('2026-12-21', d))).toEqual([
      '2027-01-05',
      '2027-01-21',
    ]);
    const before = ruleOf('2 days before');
    if (before.kind !== 'before') throw new Error('unexpected rule');
    expect(england.subtractWorkingDays('2026-11-23', before.period.count)).toBe('2026-11-19');
  });

  it('describes rules briefly for the documentation', () => {
    expect(describeRule(ruleOf('four weekly'))).toBe('every 4 weeks');
    expect(describeRule(ruleOf('weekly'))).toBe('every week');
    expect(describeRule(ruleOf('monthly'))).toBe('once in each calendar month');
    expect(describeRule(ruleOf('9 times a year'))).toBe('9 per financial year');
    expect(describeRule(ruleOf('within 5 working days'))).toBe('5 working days after event');
    expect(periodWordsMarkdownTable().split('\n')).toHaveLength(2 + 22 + 1);
  });
});
