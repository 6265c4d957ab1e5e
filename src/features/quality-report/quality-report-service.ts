/**
 * The annual supervision report and its 6-monthly themes (issue 8, must have 5): frequency and
 * timeliness of supervision and recording, audit findings by dimension, supervisees' feedback
 * themes and record-quality trends, for a financial year or a half. Every table and every
 * figure of the CSV are made in one pass from the same numbers, so they always agree.
 */

import type { Repositories } from '../../data-access/index.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { type Actor, can } from '../../domain/access/can.ts';
import { monthInWords } from '../../domain/calendar/date-words.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import type { Obligation } from '../../domain/compliance/index.ts';
import type { Timeliness } from '../../domain/dashboards/index.ts';
import { inTreeOrder } from '../../domain/organisation/units.ts';
import type { FeedbackSurvey, RecordingDeadline } from '../../domain/policy/schema.ts';
import type { GroupResult } from '../../domain/quality/feedback.ts';
import {
  auditQuotas,
  distributionWords,
  feedbackRounds,
  findingsByDimension,
  periodChoices,
  quarterTrends,
  type ReportPeriod,
  readPeriod,
  reportAsOf,
  type Tally,
  timelinessByUnit,
  timelinessIn,
} from '../../domain/quality/report.ts';
import type { ComplianceService } from '../../services/compliance-service.ts';
import { HttpError, notAllowed } from '../../web/http-errors.ts';
import {
  percentNumber,
  type ReportCell,
  type ReportColumn,
  type ReportTable,
} from '../../web/report-table.ts';
import { kindGroups, unitOf } from '../dashboards/dashboard-figures.ts';
import type { LinkedTable } from '../reports/report-lists.ts';
import type { FeedbackGroup, FeedbackService } from '../supervision-feedback/feedback-service.ts';

export type Caller = { user: UserAccount; actor: Actor; requestId?: string | undefined };

/** One figure of the CSV: which section, whose, what is measured, and its value. */
export type Figure = { section: string; group: string; measure: string; value: string };

export type ReportSection = {
  id: string;
  title: string;
  /** What the figures mean, in plain English, a paragraph each. */
  explanation: string[];
  tables: LinkedTable[];
};

export type AnnualReport = {
  organisationName: string;
  period: ReportPeriod;
  asOf: IsoDate;
  /** False while the period is still running: figures are to date. */
  complete: boolean;
  computedAt: Date;
  pack: { name: string; version: string };
  sections: ReportSection[];
  figures: Figure[];
  periods: ReportPeriod[];
};

/** What a suppressed group shows in place of every figure. */
export const notShown = 'not shown';

const text = (key: string, label: string): ReportColumn => ({ key, label, kind: 'text' });
const number = (key: string, label: string): ReportColumn => ({ key, label, kind: 'number' });
const percent = (key: string, label: string): ReportColumn => ({ key, label, kind: 'percent' });

const levelLabels: Record<string, string> = { service: 'Service', area: 'Area', team: 'Team' };

const stepLabels: Record<RecordingDeadline['step'], string> = {
  written: 'Written',
  shared: 'Shared',
  signed: 'Signed',
  on_child_record: 'On the child’s record',
  date_recorded: 'Date recorded',
};

const timelinessColumns = [
  number('due', 'Due'),
  number('metOnTime', 'Met on time'),
  number('metLate', 'Met late'),
  number('notMet', 'Missed'),
  percent('rate', 'On time'),
];

const timelinessCells = (t: Timeliness): Record<string, ReportCell> => ({
  due: t.due,
  metOnTime: t.metOnTime,
  metLate: t.metLate,
  notMet: t.notMet,
  rate: t.rate,
});

const tallyCells = (t: Tally): Record<string, ReportCell> => ({
  answers: t.answers,
  favourable: t.judged === 0 ? null : t.favourable,
  share: t.share,
});

/** A figure's value as the CSV writes it: counts as they are, shares as percentages to 0.1. */
function csvValue(column: ReportColumn, value: ReportCell): string {
  if (value === null) return '';
  if (typeof value === 'number')
    return String(column.kind === 'percent' ? percentNumber(value) : value);
  return value;
}

const measureOf = (column: ReportColumn) =>
  column.kind === 'percent' ? `${column.label} (%)` : column.label;

/** Collects a section's tables and their figures together. */
class SectionBuilder {
  readonly section: ReportSection;
  constructor(
    readonly figures: Figure[],
    head: Omit<ReportSection, 'tables'>,
  ) {
    this.section = { ...head, tables: [] };
  }

  /**
   * A table whose rows are groups: each row's figures (its cells other than text) become figures
   * of `group` (the row's first cell unless given).
   */
  rows(
    head: { id: string; title: string; empty: string; measure?: string },
    columns: ReportColumn[],
    rows: { group?: string; cells: Record<string, ReportCell> }[],
  ) {
    const [first, ...rest] = columns;
    // Tables of the same groups (units) tell their measures apart: 'Recording: Due'.
    const prefix = head.measure ? `${head.measure}: ` : '';
    for (const row of rows) {
      const group = row.group ?? String(row.cells[first!.key] ?? '');
      for (const column of rest) {
        if (column.kind === 'text') continue;
        this.figure(
          group,
          prefix + measureOf(column),
          csvValue(column, row.cells[column.key] ?? null),
        );
      }
    }
    this.add(head, columns, rows);
  }

  /** Adds a table as it is; its figures are given separately with `figure`. */
  add(
    head: { id: string; title: string; empty: string },
    columns: ReportColumn[],
    rows: { cells: Record<string, ReportCell> }[],
  ) {
    const table: ReportTable = { title: head.title, columns, rows: rows.map((r) => r.cells) };
    this.section.tables.push({
      ...table,
      id: head.id,
      sheet: head.title.slice(0, 31),
      empty: head.empty,
      links: rows.map(() => undefined),
    });
  }

  figure(group: string, measure: string, value: string) {
    this.figures.push({ section: this.section.title, group, measure, value });
  }
}

export function qualityReportService(
  repos: Repositories,
  options: {
    compliance: ComplianceService;
    feedback: Pick<FeedbackService, 'results'>;
    today: () => IsoDate;
  },
) {
  const { compliance, feedback, today } = options;

  return {
    /** The report for the period the query asks for (the last complete year by default). */
    async build(
      caller: Caller,
      query: { year?: string | undefined; half?: string | undefined },
      action: 'view' | 'export',
    ): Promise<AnnualReport> {
      if (!can(caller.actor, action, { type: 'quality_report', unitId: null })) throw notAllowed();
      const now = today();
      const read = readPeriod(query, now);
      if (!read.ok) throw new HttpError(400, 'There is no report for that period', read.problem);
      const { period } = read;
      const organisationId = caller.user.organisationId;
      const asOf = reportAsOf(period, now);
      const [view, audits, organisation] = await Promise.all([
        compliance.view(organisationId, asOf, { kind: 'organisation' }),
        repos.qualityReport.completedAudits(organisationId, { from: period.from, to: asOf }),
        repos.organisations.findById(organisationId),
      ]);
      // Aggregates only, but they judge people's supervision: who read them is kept.
      await repos.auditLog.append({
        organisationId,
        actorUserId: caller.user.id,
        action: action === 'export' ? 'quality_report.exported' : 'quality_report.viewed',
        resourceType: 'quality_report',
        resourceId: period.query,
        detail: { from: period.from, to: period.to },
        requestId: caller.requestId ?? null,
      });

      const figures: Figure[] = [];
      const units = inTreeOrder([...view.directory.unitsById.values()]);
      const leafOf = unitOf(view);
      const ofKinds = (kinds: readonly string[]) =>
        view.obligations.filter((o) => kinds.includes(o.kind));
      const supervision = ofKinds(kindGroups.find((g) => g.id === 'supervision')!.kinds);
      const recording = ofKinds(['recording']);
      const stepOf = new Map(view.pack.recordingDeadlines.map((r) => [r.id, r.step]));

      /** Each unit's timeliness and the organisation's, as table rows. */
      const byUnitRows = (obligations: Obligation[]) => [
        ...timelinessByUnit(units, obligations, leafOf, period, asOf).map(
          ({ unit, timeliness }) => ({
            cells: {
              unit: unit.name,
              level: levelLabels[unit.kind] ?? unit.kind,
              ...timelinessCells(timeliness),
            },
          }),
        ),
        {
          cells: {
            unit: 'Whole organisation',
            level: 'Organisation',
            ...timelinessCells(timelinessIn(obligations, period, asOf)),
          },
        },
      ];
      const unitColumns = [text('unit', 'Unit'), text('level', 'Level'), ...timelinessColumns];

      // a. Frequency and timeliness --------------------------------------------------------------
      const a = new SectionBuilder(figures, {
        id: 'timeliness',
        title: 'Frequency and timeliness of supervision',
        explanation: [
          'Each supervision the policy asked for that fell due in the period, by the unit of the person supervised: met on time (held by the date it was due), met late, or missed (not held by the date of these figures). A unit counts everyone in the teams beneath it. Waived supervision is not counted.',
          'Recording counts each step of each record (written, shared, signed, and any other the policy sets) against the deadline the policy gives it.',
        ],
      });
      a.rows(
        {
          id: 'supervision-by-unit',
          title: 'Staff supervision due in the period, by unit',
          empty: 'No supervision fell due in the period.',
          measure: 'Staff supervision',
        },
        unitColumns,
        byUnitRows(supervision),
      );
      const steps = [...new Set(view.pack.recordingDeadlines.map((r) => r.step))];
      a.rows(
        {
          id: 'recording-by-step',
          title: 'Recording within the policy’s deadlines, by step',
          empty: 'The policy pack sets no recording deadlines.',
          measure: 'Recording',
        },
        [text('step', 'Step'), ...timelinessColumns],
        steps.map((step) => ({
          group: `Whole organisation: ${stepLabels[step]}`,
          cells: {
            step: stepLabels[step],
            ...timelinessCells(
              timelinessIn(
                recording.filter((o) => stepOf.get(o.rule.id) === step),
                period,
                asOf,
              ),
            ),
          },
        })),
      );
      a.rows(
        {
          id: 'recording-by-unit',
          title: 'Recording within the policy’s deadlines, by unit',
          empty: 'No recording fell due in the period.',
          measure: 'Recording',
        },
        unitColumns,
        byUnitRows(recording),
      );

      // b. Audit findings by dimension -----------------------------------------------------------
      const findings = findingsByDimension(audits);
      const b = new SectionBuilder(figures, {
        id: 'audit-findings',
        title: 'Audit findings by dimension',
        explanation: [
          'Audits completed in the period, grouped by audit tool and by the tool’s dimensions (its sections) and questions. Each audit is read with the tool as it stood when the audit was done.',
          'Favourable answers are those that show good practice: yes (or no, where the question asks about a concern), green, good or outstanding. Free-text answers are counted but not judged, and never shown here.',
          'Audits against the sampling plans counts each auditor’s quota for each period that ended in the report’s period. Feedback after an audit is due within the policy’s deadline from its completion.',
        ],
      });
      const toolRows: { cells: Record<string, ReportCell> }[] = findings.tools.map((tool) => ({
        cells: { tool: tool.name, audits: tool.audits, ...tallyCells(tool) },
      }));
      if (findings.withoutTool > 0)
        toolRows.push({
          cells: {
            tool: 'Imported audits (answers not held in Oversight)',
            audits: findings.withoutTool,
            answers: null,
            favourable: null,
            share: null,
          },
        });
      const tallyColumns = [
        number('answers', 'Answers'),
        number('favourable', 'Favourable'),
        percent('share', 'Favourable share'),
      ];
      b.rows(
        {
          id: 'audits-by-tool',
          title: 'Audits completed in the period, by tool',
          empty: 'No audits were completed in the period.',
        },
        [text('tool', 'Audit tool'), number('audits', 'Audits completed'), ...tallyColumns],
        toolRows,
      );
      findings.tools.forEach((tool, t) => {
        b.rows(
          {
            id: `tool-${t + 1}-dimensions`,
            title: `${tool.name}: findings by dimension`,
            empty: 'The tool has no dimensions.',
          },
          [text('dimension', 'Dimension'), ...tallyColumns, text('given', 'Answers given')],
          tool.dimensions.map((d) => {
            const single = d.questions.length === 1 ? d.questions[0] : undefined;
            return {
              group: `${tool.name}: ${d.heading}`,
              cells: {
                dimension: d.heading,
                ...tallyCells(d),
                given: single ? distributionWords(single.distribution) : null,
              },
            };
          }),
        );
        for (const d of tool.dimensions) {
          const single = d.questions.length === 1 ? d.questions[0] : undefined;
          for (const given of single?.distribution ?? [])
            b.figure(`${tool.name}: ${d.heading}`, `Answered ${given.label}`, String(given.count));
        }
        if (tool.dimensions.every((d) => d.questions.length === 1)) return;
        const questionRows = tool.dimensions.flatMap((d) =>
          d.questions.map((q) => ({
            group: `${tool.name}: ${d.heading}: ${q.text}`,
            cells: {
              dimension: d.heading,
              question: q.text,
              ...tallyCells(q),
              given: distributionWords(q.distribution) || null,
            },
          })),
        );
        b.rows(
          {
            id: `tool-${t + 1}-questions`,
            title: `${tool.name}: findings by question`,
            empty: 'The tool has no questions.',
          },
          [
            text('dimension', 'Dimension'),
            text('question', 'Question'),
            ...tallyColumns,
            text('given', 'Answers given'),
          ],
          questionRows,
        );
        for (const d of tool.dimensions)
          for (const q of d.questions)
            for (const given of q.distribution)
              b.figure(
                `${tool.name}: ${d.heading}: ${q.text}`,
                `Answered ${given.label}`,
                String(given.count),
              );
      });
      const quotaRows = view.pack.audits.map((rule) => {
        const q = auditQuotas(
          view.obligations.filter((o) => o.kind === 'audit' && o.rule.id === rule.id),
          period,
          asOf,
        );
        return {
          cells: { rule: rule.id, ...timelinessCells(q), required: q.required, counted: q.counted },
        };
      });
      b.rows(
        {
          id: 'audit-quotas',
          title: 'Audits against the sampling plans',
          empty: 'The policy sets no sampling plans.',
        },
        [
          text('rule', 'Sampling plan'),
          number('due', 'Quotas due'),
          number('metOnTime', 'Met on time'),
          number('metLate', 'Met late'),
          number('notMet', 'Missed'),
          percent('rate', 'On time'),
          number('required', 'Audits required'),
          number('counted', 'Audits counted'),
        ],
        quotaRows,
      );
      b.rows(
        {
          id: 'audit-feedback',
          title: 'Feedback after audits within the deadline',
          empty: 'The policy sets no deadline for feedback after an audit.',
        },
        [text('rule', 'Deadline'), ...timelinessColumns],
        view.pack.feedbackDeadlines.map((rule) => ({
          cells: {
            rule: rule.id,
            ...timelinessCells(
              timelinessIn(
                view.obligations.filter(
                  (o) => o.kind === 'audit_feedback' && o.rule.id === rule.id,
                ),
                period,
                asOf,
              ),
            ),
          },
        })),
      );

      // c. Feedback themes -------------------------------------------------------------------------
      const survey = view.pack.feedbackSurvey;
      const c = new SectionBuilder(figures, {
        id: 'feedback',
        title: 'Feedback themes',
        explanation: survey
          ? [
              `What supervisees said about the supervision they receive (“${survey.title}”), for each round of the survey in the period, for the whole organisation and for each team (the respondent’s team when they answered).`,
              `Results are shown only for groups of at least ${survey.minimumGroup} respondents, and a team is also held back where its figures, taken from the organisation’s, would show those of a smaller group. Comments are never shown here.`,
            ]
          : ['The policy pack has no supervisees’ feedback survey.'],
      });
      if (survey)
        for (const round of feedbackRounds(survey.every, period, asOf)) {
          const [whole, teams] = await Promise.all([
            feedback.results(organisationId, round, 'organisation'),
            feedback.results(organisationId, round, 'unit'),
          ]);
          feedbackTables(c, survey, round, [...whole.groups, ...teams.groups]);
        }

      // d. Record-quality trends -------------------------------------------------------------------
      const d = new SectionBuilder(figures, {
        id: 'trends',
        title: 'Record-quality trends',
        explanation: [
          'By quarter: the share of audited items answered favourably (audits completed in the quarter), the share of records shared and signed within their deadlines, and the share of actions done by their due date (those falling due in the quarter).',
          ...(asOf < period.to ? ['Quarters that have not begun are left out.'] : []),
        ],
      });
      const sharedAndSigned = recording.filter((o) => {
        const step = stepOf.get(o.rule.id);
        return step === 'shared' || step === 'signed';
      });
      const trends = quarterTrends(period, asOf, audits, sharedAndSigned, ofKinds(['action']));
      d.rows(
        { id: 'quarters', title: 'Record quality by quarter', empty: 'No quarter has begun.' },
        [
          text('quarter', 'Quarter'),
          number('judged', 'Audited items judged'),
          percent('favourable', 'Favourable'),
          number('recordingDue', 'Sharing and signing steps due'),
          percent('recordingOnTime', 'Shared or signed on time'),
          number('actionsDue', 'Actions due'),
          percent('actionsOnTime', 'Actions done by their due date'),
        ],
        trends
          .filter((t) => t.started)
          .map((t) => ({
            cells: {
              quarter: t.quarter.label,
              judged: t.audited.judged,
              favourable: t.audited.share,
              recordingDue: t.recording.due,
              recordingOnTime: t.recording.rate,
              actionsDue: t.actions.due,
              actionsOnTime: t.actions.rate,
            },
          })),
      );

      return {
        organisationName: organisation?.name ?? 'The organisation',
        period,
        asOf,
        complete: asOf === period.to,
        computedAt: view.computedAt,
        pack: { name: view.pack.name, version: view.pack.version },
        sections: [a.section, b.section, c.section, d.section],
        figures,
        periods: periodChoices(now),
      };
    },
  };
}
export type QualityReportService = ReturnType<typeof qualityReportService>;

const roundLabel = (round: { from: IsoDate; to: IsoDate }) =>
  `round from ${monthInWords(round.from)} to ${monthInWords(round.to)}`;

/**
 * One round's feedback: who responded, then agreement by question and the improvement themes
 * with a column per group shown. A group held back has no figure anywhere, only "not shown".
 */
function feedbackTables(
  c: SectionBuilder,
  survey: FeedbackSurvey,
  round: { from: IsoDate; to: IsoDate },
  groups: FeedbackGroup[],
) {
  const label = roundLabel(round);
  const key = round.from;
  c.add(
    {
      id: `feedback-${key}-groups`,
      title: `Who responded, ${label}`,
      empty: 'Nobody responded in this round.',
    },
    [text('group', 'Group'), number('respondents', 'Respondents'), text('results', 'Results')],
    groups.map((g) => ({
      cells: {
        group: g.name,
        respondents: g.result.shown ? g.result.respondents : null,
        results: g.result.shown
          ? 'Shown below'
          : g.result.respondents === 0
            ? 'Nobody responded'
            : g.withheld === 'would_reveal'
              ? 'Not shown, so that a smaller group’s results cannot be worked out'
              : `Not shown: fewer than ${survey.minimumGroup} responded`,
      },
    })),
  );
  const shown = groups.filter(
    (g): g is FeedbackGroup & { result: Extract<GroupResult, { shown: true }> } => g.result.shown,
  );
  for (const g of groups)
    c.figure(
      `${g.name}, ${label}`,
      'Respondents',
      g.result.shown ? String(g.result.respondents) : notShown,
    );
  if (shown.length === 0) return;
  const groupColumns = shown.map((g, i) => ({ key: `g${i}`, name: g.name }));
  const agreement = survey.questions.filter((q) => q.answer === 'agreement');
  c.add(
    {
      id: `feedback-${key}-agreement`,
      title: `Share agreeing or strongly agreeing, ${label}`,
      empty: 'The survey asks no agreement questions.',
    },
    [text('question', 'Statement'), ...groupColumns.map((g) => percent(g.key, g.name))],
    agreement.map((q) => {
      const cells: Record<string, ReportCell> = { question: q.text };
      shown.forEach((g, i) => {
        const result = g.result.questions.find((r) => r.id === q.id);
        const share = result?.answer === 'agreement' ? result.agreeShare : null;
        cells[`g${i}`] = share;
        c.figure(
          `${g.name}, ${label}`,
          `Agreeing (%): ${q.text}`,
          share === null ? '' : String(percentNumber(share)),
        );
      });
      return { cells };
    }),
  );
  for (const q of survey.questions) {
    if (q.answer !== 'themes') continue;
    c.add(
      {
        id: `feedback-${key}-${q.id}`,
        title: `${q.text} (${label})`,
        empty: 'The question has no themes.',
      },
      [text('theme', 'Theme'), ...groupColumns.map((g) => number(g.key, g.name))],
      q.options.map((theme) => {
        const cells: Record<string, ReportCell> = { theme };
        shown.forEach((g, i) => {
          const result = g.result.questions.find((r) => r.id === q.id);
          const count =
            result?.answer === 'themes'
              ? (result.themes.find((t) => t.theme === theme)?.count ?? 0)
              : 0;
          cells[`g${i}`] = count;
          c.figure(`${g.name}, ${label}`, `Chose “${theme}”: ${q.text}`, String(count));
        });
        return { cells };
      }),
    );
  }
}
