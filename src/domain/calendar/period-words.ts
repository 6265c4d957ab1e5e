import type { Period, YearBasis } from './period.ts';

/**
 * Every period word the seeds use, with the one meaning Oversight gives it. Packs, the
 * documentation (docs/policy-packs.md) and the tests all read this table, so a phrase cannot
 * mean one thing in a rule and another in the docs. Decisions follow DESIGN.md §7 and the
 * ambiguity ids (A…) of SEED-CATALOGUE.md §10.
 */

/** How a phrase turns into due dates. */
export type PeriodRule =
  /** Rolling: the next one is due at most `period` after the previous one. */
  | { kind: 'interval'; period: Period }
  /** At least one in each calendar month (1st to last day); due by the month's last day. */
  | { kind: 'each_calendar_month' }
  /** At least `count` in each year of the basis. */
  | { kind: 'count_per_year'; count: number; basis: YearBasis }
  /** Once, due `period` after the anchor event. */
  | { kind: 'deadline'; anchor: string; period: Period }
  /** Due on each of the given days, counted in `unit` from the anchor. */
  | {
      kind: 'anchored_days';
      anchor: string;
      unit: 'days' | 'working_days';
      days: readonly number[];
    }
  /** Due `period` before the anchor event (on or before that day). */
  | { kind: 'before'; anchor: string; period: Period }
  /** A span of time counts are made over. */
  | { kind: 'year'; basis: YearBasis };

/** Where a phrase appears: the seed file and the SEED-CATALOGUE.md row. */
export type SeedSource = { seed: string; catalogue: string };

export type PeriodWordMeaning = {
  meaning: string;
  rule: PeriodRule;
  sources: readonly SeedSource[];
};

const seed = {
  northumberland: '000_e52dd64b6004ea86.txt',
  systemic: '001_3043796a7675463e.txt',
  manchester: '002_5c1b4389941b03df.txt',
  leeds: '003_f53ac6b3f28a7d99.txt',
  durham: '004_6931e96770cda4b3.txt',
} as const;

const weeks = (count: number): PeriodRule => ({
  kind: 'interval',
  period: { unit: 'weeks', count },
});
const months = (count: number): PeriodRule => ({
  kind: 'interval',
  period: { unit: 'months', count },
});

const everyCalendarMonth = {
  meaning:
    'At least once in every calendar month (1st to last day); each month’s one is due by ' +
    'that month’s last day. Not the same as four-weekly (A11).',
  rule: { kind: 'each_calendar_month' },
} as const;
const twoMonthly = {
  meaning:
    'Every 2 months, rolling: due on the same day of the month two months after the last one ' +
    '(clamped to the month’s end). "Bi-monthly" is every two months, not twice a month (A51).',
  rule: months(2),
} as const;
const threeMonthly = {
  meaning: 'Every 3 months, rolling: due on the same day of the month three months later.',
  rule: months(3),
} as const;
const fourWeekly = {
  meaning: 'Every 4 weeks, rolling: due at most 28 days after the last one (13 a year).',
  rule: weeks(4),
} as const;
const eightWeekly = {
  meaning:
    'Rolling: at most 56 days since that child’s last case supervision, not fixed 8-week ' +
    'windows (A24).',
  rule: weeks(8),
} as const;

export const periodWords = {
  monthly: {
    ...everyCalendarMonth,
    sources: [
      { seed: seed.durham, catalogue: 'F17' },
      { seed: seed.systemic, catalogue: 'F04' },
      { seed: seed.manchester, catalogue: 'F57' },
    ],
  },
  'every calendar month': {
    ...everyCalendarMonth,
    sources: [{ seed: seed.systemic, catalogue: 'F02' }],
  },
  '2 monthly': { ...twoMonthly, sources: [{ seed: seed.systemic, catalogue: 'F24' }] },
  'bi-monthly': { ...twoMonthly, sources: [{ seed: seed.durham, catalogue: 'F59' }] },
  '3 monthly': { ...threeMonthly, sources: [{ seed: seed.systemic, catalogue: 'F21' }] },
  quarterly: { ...threeMonthly, sources: [{ seed: seed.manchester, catalogue: 'F34' }] },
  'four weekly': { ...fourWeekly, sources: [{ seed: seed.manchester, catalogue: 'F06' }] },
  'every four weeks': { ...fourWeekly, sources: [{ seed: seed.leeds, catalogue: 'F14' }] },
  '8-weekly': { ...eightWeekly, sources: [{ seed: seed.durham, catalogue: 'F42' }] },
  'within an 8 week cycle': {
    ...eightWeekly,
    sources: [{ seed: seed.manchester, catalogue: 'F30' }],
  },
  'twelve weekly': {
    meaning: 'Every 12 weeks, rolling: due at most 84 days after the last one.',
    rule: weeks(12),
    sources: [{ seed: seed.manchester, catalogue: 'F08' }],
  },
  weekly: {
    meaning: 'Every week, rolling: due at most 7 days after the last one.',
    rule: weeks(1),
    sources: [{ seed: seed.systemic, catalogue: 'F03' }],
  },
  fortnightly: {
    meaning: 'Every 2 weeks, rolling: due at most 14 days after the last one.',
    rule: weeks(2),
    sources: [{ seed: seed.systemic, catalogue: 'F04' }],
  },
  '9 times a year': {
    meaning:
      'At least 9 in each financial year (1 April – 31 March), the year councils report on; ' +
      'a pack may choose the calendar or a rolling year instead.',
    rule: { kind: 'count_per_year', count: 9, basis: 'financial' },
    sources: [{ seed: seed.durham, catalogue: 'F17' }],
  },
  'bi-annual': {
    meaning: 'Every 6 months, rolling (twice a year, not every two years) (A03).',
    rule: months(6),
    sources: [{ seed: seed.northumberland, catalogue: 'F72' }],
  },
  annually: {
    meaning: 'Every 12 months, rolling: due on the same date a year after the last one.',
    rule: months(12),
    sources: [
      { seed: seed.systemic, catalogue: 'F65' },
      { seed: seed.leeds, catalogue: 'F68' },
      { seed: seed.durham, catalogue: 'F70' },
    ],
  },
  'within 4 weeks of allocation': {
    meaning: 'Once, due 28 calendar days after the date the case was allocated to the worker.',
    rule: { kind: 'deadline', anchor: 'allocation', period: { unit: 'weeks', count: 4 } },
    sources: [{ seed: seed.manchester, catalogue: 'F53' }],
  },
  'within one week': {
    meaning: 'Due 7 calendar days after the event (A25: one week is calendar days).',
    rule: { kind: 'deadline', anchor: 'event', period: { unit: 'days', count: 7 } },
    sources: [
      { seed: seed.manchester, catalogue: 'D06' },
      { seed: seed.manchester, catalogue: 'D07' },
    ],
  },
  'within 5 working days': {
    meaning:
      'Due on the 5th working day after the event; day 1 is the first working day after it ' +
      '(weekends and the region’s bank holidays do not count).',
    rule: { kind: 'deadline', anchor: 'event', period: { unit: 'working_days', count: 5 } },
    sources: [
      { seed: seed.systemic, catalogue: 'D02' },
      { seed: seed.manchester, catalogue: 'D08' },
      { seed: seed.durham, catalogue: 'D20' },
    ],
  },
  'day 8 and day 20 of an assessment': {
    meaning:
      'Reviews due on the 8th and the 20th working day after the assessment started, ' +
      'counted like "within N working days" (A12).',
    rule: {
      kind: 'anchored_days',
      anchor: 'assessment_start',
      unit: 'working_days',
      days: [8, 20],
    },
    sources: [{ seed: seed.systemic, catalogue: 'F22' }],
  },
  'April to March': {
    meaning: 'The financial year, 1 April to 31 March inclusive (A21).',
    rule: { kind: 'year', basis: 'financial' },
    sources: [{ seed: seed.manchester, catalogue: 'F61' }],
  },
  '2 days before': {
    meaning:
      'Available on or before the 2nd working day before the session: nobody reviews over a ' +
      'weekend or bank holiday, so working days give the supervisor the two days the seed ' +
      'intends to see the audits (a Monday session needs them by the Thursday) (A30).',
    rule: { kind: 'before', anchor: 'session', period: { unit: 'working_days', count: 2 } },
    sources: [{ seed: seed.manchester, catalogue: 'D09' }],
  },
} as const satisfies Record<string, PeriodWordMeaning>;

export type PeriodPhrase = keyof typeof periodWords;

function normalise(phrase: string): string {
  return phrase
    .toLowerCase()
    .replace(/[-\s]+/g, ' ')
    .trim();
}

const byNormalisedPhrase = new Map<string, PeriodWordMeaning>(
  Object.entries(periodWords).map(([phrase, meaning]) => [normalise(phrase), meaning]),
);

/** Looks a phrase up ignoring case, hyphens and spacing ('Four-weekly' finds 'four weekly'). */
export function lookupPeriodWord(phrase: string): PeriodWordMeaning | undefined {
  return byNormalisedPhrase.get(normalise(phrase));
}

/** A rule in a few words, for the documentation table. */
export function describeRule(rule: PeriodRule): string {
  switch (rule.kind) {
    case 'interval':
      return rule.period.count === 1
        ? `every ${describePeriod(rule.period).slice(2)}`
        : `every ${describePeriod(rule.period)}`;
    case 'each_calendar_month':
      return 'once in each calendar month';
    case 'count_per_year':
      return `${rule.count} per ${rule.basis} year`;
    case 'deadline':
      return `${describePeriod(rule.period)} after ${rule.anchor.replaceAll('_', ' ')}`;
    case 'anchored_days':
      return `${rule.unit.replaceAll('_', ' ')} ${rule.days.join(' and ')} after ${rule.anchor.replaceAll('_', ' ')}`;
    case 'before':
      return `${describePeriod(rule.period)} before ${rule.anchor}`;
    case 'year':
      return `${rule.basis} year`;
  }
}

export function describePeriod(period: Period): string {
  const unit = period.unit.replaceAll('_', ' ');
  return `${period.count} ${period.count === 1 ? unit.replace(/s$/, '') : unit}`;
}

/** The markdown table docs/policy-packs.md carries (a test keeps the two the same). */
export function periodWordsMarkdownTable(): string {
  const rows = Object.entries(periodWords).map(([phrase, word]) => {
    const sources = word.sources.map((s) => `${s.seed.slice(0, 3)} ${s.catalogue}`).join(', ');
    return `| ${phrase} | ${describeRule(word.rule)} | ${word.meaning} | ${sources} |`;
  });
  return [
    '| phrase | rule | meaning | seed (catalogue row) |',
    '| --- | --- | --- | --- |',
    ...rows,
  ]
    .join('\n')
    .concat('\n');
}
