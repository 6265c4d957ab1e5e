/**
 * The tables reports are made of, each built from the shared dashboard rows or straight from a
 * compliance view's obligations. Every cell counting obligations carries the address of the
 * evidence page listing them, so the figure can be checked.
 */

import type {
  EvidenceEntry,
  StaffEntry,
  UnitEntry,
} from '../../data-access/compliance-repository.ts';
import { yearWindow } from '../../domain/calendar/iso-date.ts';

import type { IsoDate } from '../../domain/calendar/period.ts';
import { describePeriod } from '../../domain/calendar/period-words.ts';
import { daysBetween } from '../../domain/compliance/dates.ts';
import type { Obligation, ObligationState } from '../../domain/compliance/index.ts';
import {
  actionAgeBands,
  actionAgeing,
  isOpen,
  type Timeliness,
  timeliness,
} from '../../domain/dashboards/index.ts';
import type { RecordingDeadline } from '../../domain/policy/schema.ts';
import type { ObligationKind, RecordKind } from '../../domain/policy/vocabulary.ts';
import type { ComplianceView } from '../../services/compliance-service.ts';
import {
  compareText,
  type ReportCell,
  type ReportColumn,
  type ReportTable,
} from '../../web/report-table.ts';
import {
  type ChildRow,
  type GroupFigures,
  kindGroups,
  type PersonRow,
  type UnitRow,
  unitOf,
} from '../dashboards/dashboard-figures.ts';
import { labels as recordLabels } from '../records/labels.ts';
import { countedStates, obligationsHref, openStates, type Whose } from './obligation-links.ts';

/** A report table with what the page needs beside the figures. */
export type LinkedTable = ReportTable & {
  /** For anchors and file names. */
  id: string;
  /** The workbook sheet: at most 31 characters. */
  sheet: string;
  /** Said instead of an empty table. */
  empty: string;
  /** Per row, the evidence address of each linked cell by column key. */
  links: (Record<string, string> | undefined)[];
};

/** Who a report is about: a unit (and everything under it) or the whole organisation. */
export type ReportScope = {
  name: string;
  /** The evidence page's scope: the unit, or nothing for the whole organisation. */
  whose: Whose;
  /** The units the people in scope belong to, by name: a report's rows "by team". */
  teams: UnitEntry[];
  people: StaffEntry[];
};

/** What a report is built from; the rows that need the database are read once, when asked. */
export type ReportContext = {
  view: ComplianceView;
  scope: ReportScope;
  people: () => Promise<PersonRow[]>;
  children: () => Promise<ChildRow[]>;
  evidence: (externalIds: readonly string[]) => Promise<Map<string, EvidenceEntry>>;
};

type Row = { cells: Record<string, ReportCell>; links?: Record<string, string> };

const text = (key: string, label: string): ReportColumn => ({ key, label, kind: 'text' });
const number = (key: string, label: string): ReportColumn => ({ key, label, kind: 'number' });
const percent = (key: string, label: string): ReportColumn => ({ key, label, kind: 'percent' });
const date = (key: string, label: string): ReportColumn => ({ key, label, kind: 'date' });

function table(
  head: { id: string; title: string; sheet?: string; empty: string },
  columns: ReportColumn[],
  rows: Row[],
): LinkedTable {
  return {
    id: head.id,
    title: head.title,
    sheet: head.sheet ?? head.title,
    empty: head.empty,
    columns,
    rows: rows.map((r) => r.cells),
    links: rows.map((r) => r.links),
  };
}

/** What a row's state is called: a status row's or an obligation's. */
export const stateLabels: Record<string, string> = {
  overdue: 'Overdue',
  due_soon: 'Due soon',
  due: 'Due',
  up_to_date: 'Up to date',
  no_rule: 'No rule',
  met: 'Met',
  met_late: 'Met late',
  not_applicable: 'Not applicable',
  waived: 'Waived',
};

const stepLabels: Record<RecordingDeadline['step'], string> = {
  written: 'Written',
  shared: 'Shared',
  signed: 'Signed',
  on_child_record: 'On the child’s record',
  date_recorded: 'Date recorded',
};

const groupKinds = (id: string): ObligationKind[] => kindGroups.find((g) => g.id === id)!.kinds;
export const supervisionKinds = groupKinds('supervision');
export const caseKinds = groupKinds('case');

/** The twelve months to the as-of date, as the dashboards count them. */
export function lastTwelveMonths(asOf: IsoDate): { dueFrom: IsoDate; dueTo: IsoDate } {
  const { start, end } = yearWindow(asOf, 'rolling');
  return { dueFrom: start, dueTo: end };
}

const byDate = (a: IsoDate | null, b: IsoDate | null) =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;

const teamName = (view: ComplianceView, teamId: string | null | undefined) =>
  (teamId ? view.directory.unitsById.get(teamId)?.name : undefined) ?? null;
const staffName = (view: ComplianceView, externalId: string | null | undefined) =>
  (externalId ? view.directory.staff.get(externalId)?.name : undefined) ?? null;

/** A person's or a child's name, as the subject of an obligation is known. */
function subjectName(view: ComplianceView, o: Obligation): string | null {
  if (o.subject.kind === 'staff') return staffName(view, o.subject.id);
  if (o.subject.kind === 'child') return view.directory.children.get(o.subject.id)?.caseId ?? null;
  return view.directory.units.get(o.subject.id)?.name ?? null;
}

// -- Staff supervision ---------------------------------------------------------------------

/** Each person's supervision: last held, next planned, state, count this year, share on time. */
export function supervisionTable(
  ctx: ReportContext,
  rows: PersonRow[],
  head: { id: string; title: string; sheet?: string; empty: string },
): LinkedTable {
  const { asOf, obligations } = ctx.view;
  const window = lastTwelveMonths(asOf);
  const byId = new Map(
    obligations.filter((o) => supervisionKinds.includes(o.kind)).map((o) => [o.id, o]),
  );
  const sorted = [...rows].sort(
    (a, b) =>
      compareText(a.team?.name ?? '', b.team?.name ?? '') ||
      compareText(a.person.name, b.person.name),
  );
  return table(
    head,
    [
      text('name', 'Name'),
      text('team', 'Team'),
      date('lastHeld', 'Last supervision held'),
      date('nextPlanned', 'Next planned'),
      text('state', 'State'),
      date('dueBy', 'Due by'),
      number('heldThisYear', 'Held this year'),
      number('minimum', 'Minimum for the year'),
      percent('onTime', 'On time in the last 12 months'),
    ],
    sorted.map((row) => {
      const whose = { person: row.person.id };
      const own = row.obligationIds.map((id) => byId.get(id)).filter((o) => o !== undefined);
      const share = timeliness(own, window.dueFrom, window.dueTo, asOf);
      const states = isOpen(row.state as ObligationState) ? [row.state as ObligationState] : [];
      return {
        cells: {
          name: row.person.name,
          team: row.team?.name ?? null,
          lastHeld: row.lastHeld,
          nextPlanned: row.nextPlanned,
          state: stateLabels[row.state] ?? row.state,
          dueBy: row.dueBy,
          heldThisYear: row.heldThisYear,
          minimum: row.minimum,
          onTime: share.rate,
        },
        links: {
          state: obligationsHref(whose, { kinds: supervisionKinds, states }, asOf),
          ...(share.due > 0
            ? {
                onTime: obligationsHref(
                  whose,
                  { kinds: supervisionKinds, states: countedStates, ...window },
                  asOf,
                ),
              }
            : {}),
        },
      };
    }),
  );
}

// -- Figures by team -----------------------------------------------------------------------

/** The links of a timeliness row: each count to the obligations it counts. */
function timelinessLinks(
  whose: Whose,
  kinds: readonly ObligationKind[],
  asOf: IsoDate,
): Record<string, string> {
  const window = lastTwelveMonths(asOf);
  const href = (states: readonly ObligationState[], dated = true) =>
    obligationsHref(whose, { kinds, states, ...(dated ? window : {}) }, asOf);
  return {
    due: href(countedStates),
    metOnTime: href(['met']),
    metLate: href(['met_late']),
    notMet: href(openStates),
    rate: href(countedStates),
    overdue: href(['overdue'], false),
  };
}

const timelinessColumns = [
  number('due', 'Due in the last 12 months'),
  number('metOnTime', 'Met on time'),
  number('metLate', 'Met late'),
  number('notMet', 'Not met'),
  percent('rate', 'Share on time'),
  number('overdue', 'Overdue now'),
];

function timelinessCells(t: Timeliness, overdue: number): Record<string, ReportCell> {
  return {
    due: t.due,
    metOnTime: t.metOnTime,
    metLate: t.metLate,
    notMet: t.notMet,
    rate: t.rate,
    overdue,
  };
}

/** Sums rows' figures: a total row. */
function sumFigures(figures: GroupFigures[]): GroupFigures {
  const t: Timeliness = {
    due: 0,
    metOnTime: 0,
    metLate: 0,
    notMet: 0,
    waived: 0,
    notApplicable: 0,
    rate: null,
  };
  let overdue = 0;
  for (const f of figures) {
    for (const key of ['due', 'metOnTime', 'metLate', 'notMet', 'waived', 'notApplicable'] as const)
      t[key] += f.timeliness[key];
    overdue += f.overdue;
  }
  t.rate = t.due === 0 ? null : t.metOnTime / t.due;
  return { timeliness: t, overdue };
}

/** One group's timeliness by team over the last twelve months, with a total row. */
export function teamTimelinessTable(
  ctx: ReportContext,
  unitRows: UnitRow[],
  groupId: string,
  head: { id: string; title: string; sheet?: string; empty: string },
): LinkedTable {
  const { asOf } = ctx.view;
  const kinds = groupKinds(groupId);
  const rows: Row[] = unitRows.map(({ unit, groups }) => {
    const g = groups[groupId]!;
    return {
      cells: { team: unit.name, ...timelinessCells(g.timeliness, g.overdue) },
      links: timelinessLinks({ unit: unit.id }, kinds, asOf),
    };
  });
  if (unitRows.length > 1) {
    const total = sumFigures(unitRows.map((r) => r.groups[groupId]!));
    rows.push({
      cells: { team: 'Total', ...timelinessCells(total.timeliness, total.overdue) },
      links: timelinessLinks(ctx.scope.whose, kinds, asOf),
    });
  }
  return table(head, [text('team', 'Team'), ...timelinessColumns], rows);
}

// -- Case supervision ------------------------------------------------------------------------

/** Children by their last case supervision, the longest since first (never discussed at the top). */
export function childrenTable(
  ctx: ReportContext,
  rows: ChildRow[],
  head: { id: string; title: string; sheet?: string; empty: string },
): LinkedTable {
  const { asOf } = ctx.view;
  const sorted = [...rows].sort(
    (a, b) =>
      byDate(a.lastDiscussed, b.lastDiscussed) ||
      byDate(a.dueBy, b.dueBy) ||
      compareText(a.child.caseId, b.child.caseId),
  );
  return table(
    head,
    [
      text('caseId', 'Case'),
      text('child', 'Child'),
      text('worker', 'Worker'),
      text('team', 'Team'),
      date('lastDiscussed', 'Last discussed'),
      date('dueBy', 'Due by'),
      text('state', 'State'),
      text('rule', 'Rule applied'),
      text('section', 'Policy section'),
      text('considered', 'Other rules considered'),
    ],
    sorted.map((row) => {
      const states = isOpen(row.state as ObligationState) ? [row.state as ObligationState] : [];
      return {
        cells: {
          caseId: row.child.caseId,
          child: row.child.name,
          worker: row.worker.name,
          team: teamName(ctx.view, row.worker.teamId),
          lastDiscussed: row.lastDiscussed,
          dueBy: row.dueBy,
          state: stateLabels[row.state] ?? row.state,
          rule: row.rule?.id ?? null,
          section: row.rule?.source.section ?? null,
          considered: row.considered.length > 0 ? row.considered.join(', ') : null,
        },
        links: {
          state: obligationsHref({ child: row.child.id }, { kinds: caseKinds, states }, asOf),
        },
      };
    }),
  );
}

// -- Recording ------------------------------------------------------------------------------

function deadlineWords(rule: RecordingDeadline): string {
  return rule.deadline.kind === 'at_time'
    ? 'At the time'
    : `Within ${describePeriod(rule.deadline.period)}`;
}

/** Each of the pack's recording deadlines: how often it was met on time in twelve months. */
export function recordingRulesTable(ctx: ReportContext): LinkedTable {
  const { asOf, obligations, pack } = ctx.view;
  const window = lastTwelveMonths(asOf);
  const byRule = new Map<string, Obligation[]>();
  for (const o of obligations) {
    if (o.kind !== 'recording') continue;
    const list = byRule.get(o.rule.id);
    if (list) list.push(o);
    else byRule.set(o.rule.id, [o]);
  }
  return table(
    {
      id: 'by-rule',
      title: 'Recording by deadline in the policy',
      sheet: 'By deadline',
      empty: 'The policy pack sets no recording deadlines.',
    },
    [
      text('rule', 'Rule'),
      text('step', 'Step'),
      text('records', 'Records'),
      text('deadline', 'Deadline'),
      ...timelinessColumns,
    ],
    pack.recordingDeadlines.map((rule) => {
      const own = byRule.get(rule.id) ?? [];
      const t = timeliness(own, window.dueFrom, window.dueTo, asOf);
      return {
        cells: {
          rule: rule.id,
          step: stepLabels[rule.step],
          records: rule.recordKinds.map((k) => recordLabels.kind[k]).join(', '),
          deadline: deadlineWords(rule),
          ...timelinessCells(t, own.filter((o) => o.state === 'overdue').length),
        },
        // The evidence page filters by kind, not rule: the link lists every recording deadline.
        links: timelinessLinks(ctx.scope.whose, ['recording'], asOf),
      };
    }),
  );
}

const overdueOf = (view: ComplianceView, kind: ObligationKind) =>
  view.obligations
    .filter((o) => o.kind === kind && o.state === 'overdue')
    .sort((a, b) => byDate(a.dueDate, b.dueDate) || compareText(a.id, b.id));

/** Records whose written, shared, signed or on-the-child's-record step is overdue now. */
export async function overdueRecordsTable(
  ctx: ReportContext,
  head: { id: string; title: string; sheet?: string; empty: string },
): Promise<LinkedTable> {
  const { view } = ctx;
  const late = overdueOf(view, 'recording');
  const records = await ctx.evidence(late.flatMap((o) => (o.recordId ? [o.recordId] : [])));
  const steps = new Map(view.pack.recordingDeadlines.map((r) => [r.id, r.step]));
  const teamOf = unitOf(view);
  return table(
    head,
    [
      text('record', 'Record'),
      date('held', 'Date of record'),
      text('about', 'About'),
      text('step', 'Step overdue'),
      text('responsible', 'Responsible'),
      text('team', 'Team'),
      date('due', 'Due'),
      number('daysOverdue', 'Days overdue'),
      text('rule', 'Rule'),
    ],
    late.map((o) => {
      const record = o.recordId ? records.get(o.recordId) : undefined;
      const step = steps.get(o.rule.id);
      return {
        cells: {
          record: record ? (recordLabels.kind[record.kind as RecordKind] ?? record.kind) : 'Record',
          held: o.window.from,
          about: subjectName(view, o),
          step: step ? stepLabels[step] : null,
          responsible: staffName(view, o.responsibleId),
          team: teamName(view, teamOf(o)),
          due: o.dueDate,
          daysOverdue: o.dueDate ? daysBetween(o.dueDate, view.asOf) : null,
          rule: o.rule.id,
        },
        ...(record?.type === 'record' ? { links: { record: `/records/${record.id}` } } : {}),
      };
    }),
  );
}

// -- Observations -----------------------------------------------------------------------------

/** Each person's observation obligation for the year the as-of date falls in, by rule. */
export async function observationTable(
  ctx: ReportContext,
  keep: (o: Obligation) => boolean,
  head: { id: string; title: string; sheet?: string; empty: string },
): Promise<LinkedTable> {
  const { view } = ctx;
  const { asOf } = view;
  const observations = view.obligations.filter(
    (o) => o.kind === 'observation' && o.subject.kind === 'staff',
  );
  const current = observations.filter(
    (o) => o.window.from <= asOf && (o.window.to === null || o.window.to >= asOf) && keep(o),
  );
  const evidence = await ctx.evidence(observations.flatMap((o) => o.evidenceIds));
  const lastObserved = new Map<string, IsoDate>();
  for (const o of observations)
    for (const id of o.evidenceIds) {
      const on = evidence.get(id)?.date;
      const before = lastObserved.get(o.subject.id);
      if (on && on <= asOf && (!before || on > before)) lastObserved.set(o.subject.id, on);
    }
  const rows = current
    .map((o) => ({ o, person: view.directory.staff.get(o.subject.id) }))
    .filter((r): r is { o: Obligation; person: StaffEntry } => r.person !== undefined)
    .sort(
      (a, b) =>
        compareText(teamName(view, a.person.teamId) ?? '', teamName(view, b.person.teamId) ?? '') ||
        compareText(a.person.name, b.person.name),
    );
  return table(
    head,
    [
      text('name', 'Name'),
      text('team', 'Team'),
      text('rule', 'Rule'),
      date('yearEnds', 'Year ends'),
      number('required', 'Required this year'),
      number('counted', 'Counted'),
      text('state', 'State'),
      date('lastObserved', 'Last observed'),
    ],
    rows.map(({ o, person }) => {
      const href = obligationsHref(
        { person: person.id },
        {
          kinds: ['observation'],
          ...(o.dueDate ? { dueFrom: o.dueDate, dueTo: o.dueDate } : {}),
        },
        asOf,
      );
      return {
        cells: {
          name: person.name,
          team: teamName(view, person.teamId),
          rule: o.rule.id,
          yearEnds: o.window.to,
          required: o.required ?? null,
          counted: o.counted ?? null,
          state: stateLabels[o.state] ?? o.state,
          lastObserved: lastObserved.get(o.subject.id) ?? null,
        },
        links: { required: href, counted: href, state: href },
      };
    }),
  );
}

// -- Actions ----------------------------------------------------------------------------------

/** Open actions by how long ago they were set, per team, with a total row. */
export function actionsAgeingTable(ctx: ReportContext): LinkedTable {
  const { view, scope } = ctx;
  const { asOf } = view;
  const teamOf = unitOf(view);
  const teams = new Set(scope.teams.map((t) => t.id));
  const actions = view.obligations.filter((o) => o.kind === 'action');
  const byTeam = new Map<string, Obligation[]>();
  for (const o of actions) {
    const team = teamOf(o);
    if (team === undefined || !teams.has(team)) continue;
    const list = byTeam.get(team);
    if (list) list.push(o);
    else byTeam.set(team, [o]);
  }
  const rowOf = (label: string, whose: Whose, of: Obligation[]): Row => {
    const ageing = actionAgeing(of, asOf);
    const cells: Record<string, ReportCell> = { team: label };
    for (const band of ageing.bands) cells[band.band] = band.open;
    cells.open = ageing.bands.reduce((n, b) => n + b.open, 0);
    cells.overdue = ageing.bands.reduce((n, b) => n + b.overdue, 0);
    cells.oldestOpen = ageing.oldestOpen;
    // The evidence page filters by state, not by age: a band leads to all the open actions.
    const open = obligationsHref(whose, { kinds: ['action'], states: openStates }, asOf);
    const links: Record<string, string> = { open };
    for (const band of actionAgeBands) links[band.band] = open;
    links.overdue = obligationsHref(whose, { kinds: ['action'], states: ['overdue'] }, asOf);
    return { cells, links };
  };
  const rows = scope.teams.map((t) => rowOf(t.name, { unit: t.id }, byTeam.get(t.id) ?? []));
  if (scope.teams.length > 1) rows.push(rowOf('Total', scope.whose, [...byTeam.values()].flat()));
  return table(
    {
      id: 'ageing',
      title: 'Open actions by age, by team',
      sheet: 'Ageing by team',
      empty: 'There are no teams in scope.',
    },
    [
      text('team', 'Team'),
      ...actionAgeBands.map((b) => number(b.band, b.label)),
      number('open', 'Open'),
      number('overdue', 'Overdue'),
      date('oldestOpen', 'Oldest open, set on'),
    ],
    rows,
  );
}

/** Actions past their due date and not done: who owns them, when they were set and due. */
export function overdueActionsTable(
  ctx: ReportContext,
  head: { id: string; title: string; sheet?: string; empty: string },
): LinkedTable {
  const { view } = ctx;
  const teamOf = unitOf(view);
  return table(
    head,
    [
      text('owner', 'Owner'),
      text('team', 'Team'),
      text('about', 'About'),
      date('setOn', 'Set on'),
      date('due', 'Due'),
      number('daysOverdue', 'Days overdue'),
    ],
    overdueOf(view, 'action').map((o) => ({
      cells: {
        owner: staffName(view, o.responsibleId),
        team: teamName(view, teamOf(o)),
        about: subjectName(view, o),
        setOn: o.window.from,
        due: o.dueDate,
        daysOverdue: o.dueDate ? daysBetween(o.dueDate, view.asOf) : null,
      },
    })),
  );
}

// -- Headline figures ------------------------------------------------------------------------

export type Headline = {
  figure: string;
  number: number | null;
  share?: number | null;
  href?: string;
};

/** The inspection pack's first sheet: one figure a row. */
export function headlineTable(headlines: Headline[]): LinkedTable {
  return table(
    {
      id: 'summary',
      title: 'Headline figures',
      empty: 'There are no figures.',
    },
    [text('figure', 'Figure'), number('number', 'Number'), percent('share', 'Share')],
    headlines.map((h) => ({
      cells: { figure: h.figure, number: h.number, share: h.share ?? null },
      ...(h.href ? { links: { number: h.href } } : {}),
    })),
  );
}
