/**
 * The figures of the annual supervision report and its 6-monthly themes (see
 * docs/quality-assurance.md): the report's periods (financial years from April, their halves and
 * quarters), audit findings by tool, dimension and question read from each audit's own copy of
 * its tool, timeliness of the obligations due in a period, and the feedback rounds a period
 * reads. Pure: the service reads the rows and the compliance view, these count them.
 */
import { monthInWords } from '../calendar/date-words.ts';
import type { IsoDate } from '../calendar/period.ts';
import { addMonths, alignedWindows, minDate } from '../compliance/dates.ts';
import type { Obligation } from '../compliance/types.ts';
import { type Timeliness, timeliness } from '../dashboards/timeliness.ts';
import type { AuditAnswerKind, AuditTool, FeedbackSurvey } from '../policy/schema.ts';
import { type AuditAnswers, answerLabel, answerOptions, isFavourable } from './answers.ts';

// -- Periods --------------------------------------------------------------------------------

/** A financial year (April to March) or one of its halves; `query` is its address's query. */
export type ReportPeriod = {
  kind: 'year' | 'half';
  /** The calendar year the financial year starts in: 2026 is April 2026 to March 2027. */
  year: number;
  half?: 1 | 2;
  from: IsoDate;
  to: IsoDate;
  label: string;
  query: string;
};

/** The financial year a date falls in, by the calendar year it starts in. */
export function financialYearOf(date: IsoDate): number {
  const year = Number(date.slice(0, 4));
  return date.slice(5, 7) >= '04' ? year : year - 1;
}

export function financialYear(year: number): ReportPeriod {
  return {
    kind: 'year',
    year,
    from: `${year}-04-01`,
    to: `${year + 1}-03-31`,
    label: `April ${year} to March ${year + 1}`,
    query: `year=${year}`,
  };
}

/** Half 1: April to September; half 2: October to March. */
export function financialHalf(year: number, half: 1 | 2): ReportPeriod {
  const from = half === 1 ? `${year}-04-01` : `${year}-10-01`;
  const to = half === 1 ? `${year}-09-30` : `${year + 1}-03-31`;
  return {
    kind: 'half',
    year,
    half,
    from,
    to,
    label: half === 1 ? `April to September ${year}` : `October ${year} to March ${year + 1}`,
    query: `half=${year}-${half}`,
  };
}

/**
 * The report opens on the last complete financial year: the annual report is written once a
 * year is over, and a year still running would read as a poor year.
 */
export function defaultPeriod(today: IsoDate): ReportPeriod {
  return financialYear(financialYearOf(today) - 1);
}

/**
 * The period a query asks for (`year=2026` or `half=2026-1`), the default when it asks for
 * none, or what is wrong with it. A period that has not started has nothing to report.
 */
export function readPeriod(
  query: { year?: string | undefined; half?: string | undefined },
  today: IsoDate,
): { ok: true; period: ReportPeriod } | { ok: false; problem: string } {
  let period: ReportPeriod;
  if (query.half !== undefined && query.half !== '') {
    const match = /^(\d{4})-([12])$/.exec(query.half);
    if (!match)
      return {
        ok: false,
        problem: 'Give the half year as the year it starts and 1 or 2, for example half=2026-1',
      };
    period = financialHalf(Number(match[1]), Number(match[2]) as 1 | 2);
  } else if (query.year !== undefined && query.year !== '') {
    if (!/^\d{4}$/.test(query.year))
      return {
        ok: false,
        problem: 'Give the financial year as the year it starts, for example year=2026',
      };
    period = financialYear(Number(query.year));
  } else return { ok: true, period: defaultPeriod(today) };
  if (period.year < 2000) return { ok: false, problem: 'Choose a financial year from 2000' };
  if (period.from > today)
    return { ok: false, problem: `${period.label} has not started yet: choose an earlier period` };
  return { ok: true, period };
}

/** The figures stand as at the period's end, or today while it is still running. */
export const reportAsOf = (period: ReportPeriod, today: IsoDate): IsoDate =>
  minDate(period.to, today);

/** The periods offered: the last `years` financial years and their halves, those started. */
export function periodChoices(today: IsoDate, years = 3): ReportPeriod[] {
  const current = financialYearOf(today);
  const out: ReportPeriod[] = [];
  for (let year = current; year > current - years; year--)
    for (const p of [financialYear(year), financialHalf(year, 1), financialHalf(year, 2)])
      if (p.from <= today) out.push(p);
  return out;
}

export type Quarter = { label: string; from: IsoDate; to: IsoDate };

/** The financial quarters of a period (Q1 April to June … Q4 January to March). */
export function quartersOf(period: Pick<ReportPeriod, 'from' | 'to'>): Quarter[] {
  return alignedWindows(period.from, period.to, 3, 4)
    .filter((q) => q.from >= period.from && q.to <= period.to)
    .map((q) => {
      const n = ((Number(q.from.slice(5, 7)) - 4 + 12) % 12) / 3 + 1;
      const last = addMonths(q.from, 2);
      return {
        label: `Q${n}: ${monthInWords(q.from).split(' ')[0]} to ${monthInWords(last)}`,
        from: q.from,
        to: q.to,
      };
    });
}

// -- Audit findings ---------------------------------------------------------------------------

/** A completed audit as the report reads it: the tool as it stood when the audit was done. */
export type ReportedAudit = {
  id: string;
  completedOn: IsoDate;
  /** Null for audits imported without a tool (their answers are not held in Oversight). */
  tool: AuditTool | null;
  answers: AuditAnswers;
};

/**
 * `answers` counts every answer given; `judged` those the tool's scale calls good or not (free
 * text is not judged); `share` = favourable / judged, or null when nothing was judged.
 */
export type Tally = { answers: number; judged: number; favourable: number; share: number | null };

export type AnswerCount = { value: string; label: string; count: number };

export type QuestionFindings = Tally & {
  id: string;
  text: string;
  answer: AuditAnswerKind;
  /** How many gave each answer, in the scale's order; empty for free text. */
  distribution: AnswerCount[];
};
export type DimensionFindings = Tally & {
  id: string;
  heading: string;
  questions: QuestionFindings[];
};
export type ToolFindings = Tally & {
  id: string;
  name: string;
  audits: number;
  dimensions: DimensionFindings[];
};

const emptyTally = (): Tally => ({ answers: 0, judged: 0, favourable: 0, share: null });

function addTo(t: Tally, favourable: boolean | undefined) {
  t.answers++;
  if (favourable === undefined) return;
  t.judged++;
  if (favourable) t.favourable++;
}

function finish<T extends Tally>(t: T): T {
  t.share = t.judged === 0 ? null : t.favourable / t.judged;
  return t;
}

/**
 * Findings by tool, dimension (a tool's section) and question. Each answer is judged by the
 * question as its own audit's tool put it, so a tool changed since reads as it was; headings and
 * order come from the newest copy of the tool. Tools by name; audits with no tool counted apart.
 */
export function findingsByDimension(audits: readonly ReportedAudit[]): {
  tools: ToolFindings[];
  withoutTool: number;
} {
  const newestFirst = [...audits].sort((a, b) =>
    a.completedOn === b.completedOn
      ? a.id < b.id
        ? -1
        : 1
      : a.completedOn > b.completedOn
        ? -1
        : 1,
  );
  const tools = new Map<string, ToolFindings>();
  // Each question's answer values in the scale's order, as first seen (newest).
  const orders = new Map<QuestionFindings, Map<string, AnswerCount>>();
  let withoutTool = 0;
  for (const audit of newestFirst) {
    if (!audit.tool) {
      withoutTool++;
      continue;
    }
    let tool = tools.get(audit.tool.id);
    if (!tool) {
      tool = {
        id: audit.tool.id,
        name: audit.tool.name,
        audits: 0,
        dimensions: [],
        ...emptyTally(),
      };
      tools.set(tool.id, tool);
    }
    tool.audits++;
    for (const section of audit.tool.sections) {
      let dimension = tool.dimensions.find((d) => d.id === section.id);
      if (!dimension) {
        dimension = { id: section.id, heading: section.heading, questions: [], ...emptyTally() };
        tool.dimensions.push(dimension);
      }
      for (const question of section.questions) {
        let found = dimension.questions.find((q) => q.id === question.id);
        if (!found) {
          found = {
            id: question.id,
            text: question.text,
            answer: question.answer,
            distribution: [],
            ...emptyTally(),
          };
          dimension.questions.push(found);
          orders.set(
            found,
            new Map(answerOptions(question).map((o) => [o.value, { ...o, count: 0 }])),
          );
        }
        const value = audit.answers[section.id]?.[question.id]?.answer;
        if (value === undefined) continue;
        const favourable = isFavourable(question, value);
        for (const t of [found, dimension, tool]) addTo(t, favourable);
        // Free text is never listed: it is read in the audit, not counted.
        if (question.answer === 'text') continue;
        const order = orders.get(found)!;
        const entry = order.get(value);
        if (entry) entry.count++;
        else order.set(value, { value, label: answerLabel(question, value), count: 1 });
      }
    }
  }
  const out = [...tools.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const tool of out) {
    for (const dimension of tool.dimensions) {
      for (const q of dimension.questions) {
        q.distribution = [...orders.get(q)!.values()]
          .filter((a) => a.count > 0)
          .map(({ value, label, count }) => ({ value, label, count }));
        finish(q);
      }
      finish(dimension);
    }
    finish(tool);
  }
  return { tools: out, withoutTool };
}

/** Every judged answer of these audits: how many were favourable. */
export function favourableShare(audits: readonly ReportedAudit[]): Tally {
  const t = emptyTally();
  for (const audit of audits) {
    if (!audit.tool) continue;
    for (const section of audit.tool.sections)
      for (const question of section.questions) {
        const value = audit.answers[section.id]?.[question.id]?.answer;
        if (value !== undefined) addTo(t, isFavourable(question, value));
      }
  }
  return finish(t);
}

/** 'Good 12, Requires improvement 3'. */
export const distributionWords = (distribution: readonly AnswerCount[]) =>
  distribution.map((a) => `${a.label} ${a.count}`).join(', ');

// -- Obligations in a period ------------------------------------------------------------------

/** The timeliness of the obligations falling due in a period, cut at the as-of date. */
export const timelinessIn = (
  obligations: readonly Obligation[],
  period: { from: IsoDate; to: IsoDate },
  asOf: IsoDate,
): Timeliness => timeliness(obligations, period.from, period.to, asOf);

/** A unit of the organisation, as the report groups by them. */
export type ReportUnit = { id: string; parentId: string | null };

/**
 * Each unit's timeliness, counting the obligations of every unit beneath it. `unitOf` gives the
 * unit an obligation belongs to (its person's team); obligations of no unit count only in the
 * organisation's figures, which the caller takes over all obligations.
 */
export function timelinessByUnit<U extends ReportUnit>(
  units: readonly U[],
  obligations: readonly Obligation[],
  unitOf: (o: Obligation) => string | undefined,
  period: { from: IsoDate; to: IsoDate },
  asOf: IsoDate,
): { unit: U; timeliness: Timeliness }[] {
  const parents = new Map(units.map((u) => [u.id, u.parentId]));
  const byUnit = new Map<string, Obligation[]>();
  for (const o of obligations) {
    const seen = new Set<string>();
    for (let at = unitOf(o); at !== undefined && at !== null && !seen.has(at); ) {
      seen.add(at);
      const list = byUnit.get(at);
      if (list) list.push(o);
      else byUnit.set(at, [o]);
      at = parents.get(at) ?? undefined;
    }
  }
  return units.map((unit) => ({
    unit,
    timeliness: timelinessIn(byUnit.get(unit.id) ?? [], period, asOf),
  }));
}

/** Audit quotas due in a period: how many were met, and the audits required and counted. */
export function auditQuotas(
  obligations: readonly Obligation[],
  period: { from: IsoDate; to: IsoDate },
  asOf: IsoDate,
): Timeliness & { required: number; counted: number } {
  const end = minDate(period.to, asOf);
  let required = 0;
  let counted = 0;
  for (const o of obligations) {
    if (o.kind !== 'audit' || o.dueDate === null || o.dueDate < period.from || o.dueDate > end)
      continue;
    if (o.state === 'waived' || o.state === 'not_applicable') continue;
    required += o.required ?? 0;
    counted += o.counted ?? 0;
  }
  return { ...timelinessIn(obligations, period, asOf), required, counted };
}

export type QuarterTrend = {
  quarter: Quarter;
  /** False for a quarter after the as-of date: nothing to show yet. */
  started: boolean;
  audited: Tally;
  recording: Timeliness;
  actions: Timeliness;
};

/**
 * Record-quality trends by quarter: the share of audited items answered favourably (audits
 * completed in the quarter), of records shared and signed within their deadlines, and of actions
 * done by their due date (obligations due in the quarter).
 */
export function quarterTrends(
  period: Pick<ReportPeriod, 'from' | 'to'>,
  asOf: IsoDate,
  audits: readonly ReportedAudit[],
  sharedAndSigned: readonly Obligation[],
  actions: readonly Obligation[],
): QuarterTrend[] {
  return quartersOf(period).map((quarter) => ({
    quarter,
    started: quarter.from <= asOf,
    audited: favourableShare(
      audits.filter((a) => a.completedOn >= quarter.from && a.completedOn <= quarter.to),
    ),
    recording: timelinessIn(sharedAndSigned, quarter, asOf),
    actions: timelinessIn(actions, quarter, asOf),
  }));
}

// -- Supervisees' feedback ----------------------------------------------------------------------

/**
 * The survey's rounds that overlap a period and had begun by the as-of date: a year's report
 * reads both rounds of a half-yearly survey, a half's report the whole round of a yearly one.
 */
export function feedbackRounds(
  every: FeedbackSurvey['every'],
  period: { from: IsoDate; to: IsoDate },
  asOf: IsoDate,
): { from: IsoDate; to: IsoDate }[] {
  return alignedWindows(period.from, period.to, every === 'half_year' ? 6 : 12, 4).filter(
    (round) => round.from <= asOf,
  );
}
