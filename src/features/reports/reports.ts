/**
 * The reports: what each answers, in an inspector's words, and the tables it is made of. Each
 * is built from one compliance view, so any as-of date replays the figures as they stood.
 */
import { addMonths } from '../../domain/compliance/dates.ts';
import { isOpen, timeliness } from '../../domain/dashboards/index.ts';
import type { ObligationKind } from '../../domain/policy/vocabulary.ts';
import { unitRows } from '../dashboards/dashboard-figures.ts';
import { countedStates, obligationsHref, openStates } from './obligation-links.ts';
import {
  actionsAgeingTable,
  caseKinds,
  childrenTable,
  type Headline,
  headlineTable,
  type LinkedTable,
  lastTwelveMonths,
  observationTable,
  overdueActionsTable,
  overdueRecordsTable,
  type ReportContext,
  recordingRulesTable,
  supervisionKinds,
  supervisionTable,
  teamTimelinessTable,
} from './report-lists.ts';

export const reportIds = [
  'supervision-frequency',
  'management-oversight',
  'recording-timeliness',
  'observation-coverage',
  'actions-ageing',
  'inspection-pack',
] as const;
export type ReportId = (typeof reportIds)[number];

export type ReportDefinition = {
  id: ReportId;
  title: string;
  /** What the report answers, as an inspector would ask it. */
  question: string;
  build: (ctx: ReportContext) => Promise<LinkedTable[]>;
};

export function isReportId(value: string): value is ReportId {
  return (reportIds as readonly string[]).includes(value);
}

/** Children whose case was last discussed more than three months before the date, or never. */
const notDiscussedSince = (ctx: ReportContext) => addMonths(ctx.view.asOf, -3);

async function supervisionFrequency(ctx: ReportContext): Promise<LinkedTable[]> {
  return [
    supervisionTable(ctx, await ctx.people(), {
      id: 'people',
      title: 'Supervision of each member of staff',
      sheet: 'Staff',
      empty: 'There are no staff in scope.',
    }),
    teamTimelinessTable(ctx, unitRows(ctx.view, ctx.scope.teams), 'supervision', {
      id: 'teams',
      title: 'Supervision on time, by team',
      sheet: 'By team',
      empty: 'There are no teams in scope.',
    }),
  ];
}

async function managementOversight(ctx: ReportContext): Promise<LinkedTable[]> {
  return [
    childrenTable(ctx, await ctx.children(), {
      id: 'children',
      title: 'Children by their last case supervision, longest ago first',
      sheet: 'Children',
      empty: 'No children are allocated to workers in scope.',
    }),
  ];
}

async function recordingTimeliness(ctx: ReportContext): Promise<LinkedTable[]> {
  return [
    teamTimelinessTable(ctx, unitRows(ctx.view, ctx.scope.teams), 'recording', {
      id: 'teams',
      title: 'Recording on time, by team',
      sheet: 'By team',
      empty: 'There are no teams in scope.',
    }),
    recordingRulesTable(ctx),
    await overdueRecordsTable(ctx, {
      id: 'overdue',
      title: 'Records overdue now',
      sheet: 'Overdue records',
      empty: 'No records are overdue.',
    }),
  ];
}

async function observationCoverage(ctx: ReportContext): Promise<LinkedTable[]> {
  return [
    await observationTable(ctx, () => true, {
      id: 'people',
      title: 'Observations of practice this year',
      sheet: 'Observations',
      empty: 'The policy pack asks for no observations of anyone in scope.',
    }),
  ];
}

async function actionsAgeing(ctx: ReportContext): Promise<LinkedTable[]> {
  return [
    actionsAgeingTable(ctx),
    overdueActionsTable(ctx, {
      id: 'overdue',
      title: 'Actions overdue now',
      sheet: 'Overdue actions',
      empty: 'No actions are overdue.',
    }),
  ];
}

async function inspectionPack(ctx: ReportContext): Promise<LinkedTable[]> {
  const { view, scope } = ctx;
  const { asOf } = view;
  const [people, children] = await Promise.all([ctx.people(), ctx.children()]);
  const since = notDiscussedSince(ctx);
  const staffOverdue = people.filter((p) => p.state === 'overdue');
  const childrenOverdue = children.filter((c) => c.state === 'overdue');
  const notDiscussed = children.filter((c) => c.lastDiscussed === null || c.lastDiscussed < since);
  const lists = [
    supervisionTable(ctx, staffOverdue, {
      id: 'staff-overdue',
      title: 'Staff overdue for supervision',
      empty: 'No staff are overdue for supervision.',
    }),
    childrenTable(ctx, childrenOverdue, {
      id: 'case-supervision-overdue',
      title: 'Children whose case supervision is overdue',
      sheet: 'Case supervision overdue',
      empty: 'No child’s case supervision is overdue.',
    }),
    childrenTable(ctx, notDiscussed, {
      id: 'not-discussed',
      title: 'Children not discussed in supervision in the last 3 months',
      sheet: 'Not discussed in 3 months',
      empty: 'Every child allocated in scope was discussed in the last 3 months.',
    }),
    await overdueRecordsTable(ctx, {
      id: 'records-overdue',
      title: 'Records not written, shared or signed in time',
      sheet: 'Records overdue',
      empty: 'No records are overdue.',
    }),
    overdueActionsTable(ctx, {
      id: 'actions-overdue',
      title: 'Actions overdue',
      empty: 'No actions are overdue.',
    }),
    await observationTable(ctx, (o) => isOpen(o.state), {
      id: 'observations-due',
      title: 'Observations of practice still due this year',
      sheet: 'Observations due',
      empty: 'No observations are still due this year.',
    }),
  ];
  // The scope's share on time, as its evidence link lists them (every team's row would be slower).
  const window = lastTwelveMonths(asOf);
  const supervision = timeliness(
    view.obligations.filter((o) => supervisionKinds.includes(o.kind)),
    window.dueFrom,
    window.dueTo,
    asOf,
  );
  const href = (kinds: readonly ObligationKind[]) =>
    obligationsHref(scope.whose, { kinds, states: ['overdue'] }, asOf);
  const headlines: Headline[] = [
    { figure: 'Staff in scope', number: people.length },
    {
      figure: 'Staff overdue for supervision',
      number: staffOverdue.length,
      href: href(supervisionKinds),
    },
    {
      figure: 'Supervisions due in the last 12 months, and the share held on time',
      number: supervision.due,
      share: supervision.rate,
      href: obligationsHref(
        scope.whose,
        { kinds: supervisionKinds, states: countedStates, ...window },
        asOf,
      ),
    },
    { figure: 'Children allocated', number: children.length },
    {
      figure: 'Children whose case supervision is overdue',
      number: childrenOverdue.length,
      href: href(caseKinds),
    },
    { figure: 'Children not discussed in the last 3 months', number: notDiscussed.length },
    { figure: 'Records overdue', number: lists[3]!.rows.length, href: href(['recording']) },
    { figure: 'Actions overdue', number: lists[4]!.rows.length, href: href(['action']) },
    {
      figure: 'Observations of practice still due this year',
      number: lists[5]!.rows.length,
      href: obligationsHref(scope.whose, { kinds: ['observation'], states: openStates }, asOf),
    },
  ];
  return [headlineTable(headlines), ...lists];
}

export const reports: ReportDefinition[] = [
  {
    id: 'supervision-frequency',
    title: 'Supervision frequency',
    question:
      'Are staff supervised as often as the policy says? Each person’s last and next supervision, whether it is overdue, how many they have had this year against the minimum, and how many were on time.',
    build: supervisionFrequency,
  },
  {
    id: 'management-oversight',
    title: 'Management oversight',
    question:
      'When was each child’s case last discussed in supervision? Children by their last case supervision, longest ago first, with the rule that sets how often.',
    build: managementOversight,
  },
  {
    id: 'recording-timeliness',
    title: 'Timeliness of recording',
    question:
      'Are supervision records written, shared and signed in time? Each team and each deadline in the policy over the last 12 months, and the records overdue now.',
    build: recordingTimeliness,
  },
  {
    id: 'observation-coverage',
    title: 'Observation coverage',
    question:
      'Is practice observed as the policy asks? Each person the policy asks to be observed: how many observations this year and when they were last observed.',
    build: observationCoverage,
  },
  {
    id: 'actions-ageing',
    title: 'Actions ageing',
    question:
      'Are actions agreed in supervision followed through? Open actions by how long ago they were set, by team, and the actions overdue now.',
    build: actionsAgeing,
  },
  {
    id: 'inspection-pack',
    title: 'Inspection pack',
    question:
      'The lists about supervision an inspection asks for at the start, in one workbook: staff overdue for supervision, children whose case supervision is overdue or who were not discussed in 3 months, late records, overdue actions and observations due, with the headline figures.',
    build: inspectionPack,
  },
];

export function reportById(id: string): ReportDefinition | undefined {
  return reports.find((r) => r.id === id);
}
