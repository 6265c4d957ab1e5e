/**
 * Supervisees' feedback on the supervision they receive (issue 8, must have 4): the pack's
 * survey, answered once in each round about each current supervisor, and results shown only for
 * groups of at least the survey's minimum of respondents.
 *
 * The results API, for the results page and the annual supervision report:
 *
 *   rounds(organisationId) → [{ from, to }]: the rounds of the organisation's survey that have
 *     responses, latest first.
 *   results(organisationId, { from, to }, groupBy: 'organisation' | 'unit', unitIds?) →
 *     { survey, groups: [{ unitId, name, result, withheld? }] }: responses in every round lying
 *     within [from, to] (one round, or a year of half-year rounds). `result` is summariseFeedback's
 *     (src/domain/quality/feedback.ts); when `result.shown` is false show only that fewer than
 *     `survey.minimumGroup` responded (`withheld: 'too_few'`) or that the figures would let a
 *     smaller group's be worked out (`withheld: 'would_reveal'`): never the respondents count or
 *     any figure of such a group. groupBy 'unit' groups by the respondent's team when they
 *     responded (unitId null: no team) and always withholds, across the whole organisation, the
 *     teams whose figures subtracted from the organisation's would show a group below the
 *     minimum; unitIds then keeps the teams asked for. Callers decide access (can(actor, 'view',
 *     { type: 'quality_report', unitId })).
 *   comments(organisationId, { from, to }) → string[]: the free-text comments, without names and
 *     sorted by their text, only when the organisation as a whole meets the minimum.
 */

import type { Repositories } from '../../data-access/index.ts';
import type { FeedbackRow } from '../../data-access/supervision-feedback-repository.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { type Actor, can } from '../../domain/access/can.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import type { FeedbackSurvey } from '../../domain/policy/schema.ts';
import type { FieldProblem } from '../../domain/quality/answers.ts';
import {
  type FeedbackResponse,
  feedbackRound,
  type GroupResult,
  readFeedbackForm,
  summariseFeedback,
} from '../../domain/quality/feedback.ts';
import { storedPolicy } from '../../services/stored-policy.ts';
import { isUuid } from '../../web/forms.ts';
import { notAllowed, notFound } from '../../web/http-errors.ts';
import { compareText, type ReportTable } from '../../web/report-table.ts';
import { govukDate } from '../../web/view-filters.ts';
import type { SessionService } from '../planning/session-service.ts';

export type Caller = { user: UserAccount; actor: Actor; requestId?: string | undefined };

export type Round = { from: IsoDate; to: IsoDate };

export type FeedbackGroup = {
  /** The team; null for the organisation as a whole, or (grouped by unit) for no team. */
  unitId: string | null;
  name: string;
  result: GroupResult;
  /** Why the figures are not shown; absent when they are. */
  withheld?: 'too_few' | 'would_reveal';
};

export type FeedbackResults = { survey: FeedbackSurvey | undefined; groups: FeedbackGroup[] };

export const roundWords = (round: Round) => `${govukDate(round.from)} to ${govukDate(round.to)}`;

const toResponse = (row: FeedbackRow): FeedbackResponse => ({
  respondentId: row.respondentId,
  answers: row.answers,
});

/**
 * Each team's result, with the teams withheld whose figures, taken from the organisation's,
 * would leave those of fewer than the minimum: while the respondents outside the teams shown
 * number between 1 and the minimum less one, the smallest team still shown is withheld too.
 */
export function unitGroups(survey: FeedbackSurvey, rows: readonly FeedbackRow[]): FeedbackGroup[] {
  const byUnit = new Map<string | null, FeedbackRow[]>();
  for (const row of rows) byUnit.set(row.unitId, [...(byUnit.get(row.unitId) ?? []), row]);
  const groups: FeedbackGroup[] = [...byUnit].map(([unitId, own]) => {
    const result = summariseFeedback(survey, own.map(toResponse));
    const name = unitId === null ? 'No team' : (own[0]?.unitName ?? 'Unknown team');
    return result.shown ? { unitId, name, result } : { unitId, name, result, withheld: 'too_few' };
  });
  const organisationShown = summariseFeedback(survey, rows.map(toResponse)).shown;
  while (organisationShown) {
    const shownUnits = new Set(groups.filter((g) => !g.withheld).map((g) => g.unitId));
    const outside = new Set(
      rows.filter((r) => !shownUnits.has(r.unitId)).map((r) => r.respondentId),
    ).size;
    if (outside === 0 || outside >= survey.minimumGroup) break;
    const smallest = groups
      .filter((g) => !g.withheld)
      .sort(
        (a, b) => a.result.respondents - b.result.respondents || compareText(a.name, b.name),
      )[0];
    if (!smallest) break;
    smallest.withheld = 'would_reveal';
    smallest.result = { shown: false, respondents: smallest.result.respondents };
  }
  return groups.sort((a, b) =>
    a.unitId === null ? 1 : b.unitId === null ? -1 : compareText(a.name, b.name),
  );
}

export function feedbackService(repos: Repositories, { sessions }: { sessions: SessionService }) {
  const today = async (organisationId: string) => (await sessions.now(organisationId)).today;

  async function surveyOf(organisationId: string): Promise<FeedbackSurvey | undefined> {
    return (await storedPolicy(repos, organisationId)).pack.feedbackSurvey;
  }

  /** The caller's current supervisors, each once, and whether they responded this round. */
  async function supervisorsOf(caller: Caller, survey: FeedbackSurvey, on: IsoDate) {
    const organisationId = caller.user.organisationId;
    const me = caller.actor.staffId;
    if (!me) return [];
    const round = feedbackRound(survey.every, on);
    const [supervisors, responded] = await Promise.all([
      repos.staff.supervisors(organisationId, me, on),
      repos.supervisionFeedback.respondedTo(organisationId, survey.id, round.from, me),
    ]);
    const seen = new Set<string>();
    return supervisors
      .filter((s) => s.id !== me && !seen.has(s.id) && seen.add(s.id))
      .map((s) => ({
        id: s.id,
        name: s.name,
        jobTitle: s.jobTitle,
        responded: responded.includes(s.id),
      }));
  }

  async function rounds(organisationId: string): Promise<Round[]> {
    const survey = await surveyOf(organisationId);
    return survey ? repos.supervisionFeedback.rounds(organisationId, survey.id) : [];
  }

  async function results(
    organisationId: string,
    range: Round,
    groupBy: 'organisation' | 'unit',
    unitIds?: readonly string[],
  ): Promise<FeedbackResults> {
    const survey = await surveyOf(organisationId);
    if (!survey) return { survey, groups: [] };
    const rows = await repos.supervisionFeedback.responses(organisationId, survey.id, range);
    if (groupBy === 'organisation') {
      const result = summariseFeedback(survey, rows.map(toResponse));
      const group: FeedbackGroup = { unitId: null, name: 'Whole organisation', result };
      return { survey, groups: [result.shown ? group : { ...group, withheld: 'too_few' }] };
    }
    const groups = unitGroups(survey, rows);
    return {
      survey,
      groups: unitIds
        ? groups.filter((g) => g.unitId !== null && unitIds.includes(g.unitId))
        : groups,
    };
  }

  async function comments(organisationId: string, range: Round): Promise<string[]> {
    const survey = await surveyOf(organisationId);
    if (!survey) return [];
    const rows = await repos.supervisionFeedback.responses(organisationId, survey.id, range);
    if (!summariseFeedback(survey, rows.map(toResponse)).shown) return [];
    const textIds = survey.questions.filter((q) => q.answer === 'text').map((q) => q.id);
    // Sorted by text, so the order says nothing about who answered when.
    return rows
      .flatMap((r) => textIds.map((id) => r.answers[id]))
      .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
      .sort(compareText);
  }

  /** The units of the results the caller may see, and whether they see the whole organisation. */
  function visibility(actor: Actor, action: 'view' | 'export') {
    const organisation = can(actor, action, { type: 'quality_report', unitId: null });
    return {
      organisation,
      unit: (unitId: string | null) =>
        unitId === null ? organisation : can(actor, action, { type: 'quality_report', unitId }),
      any:
        organisation ||
        [...actor.managedUnitIds].some((unitId) =>
          can(actor, action, { type: 'quality_report', unitId }),
        ),
    };
  }

  /** The survey about one of the caller's current supervisors (404 for anyone else). */
  async function form(caller: Caller, supervisorId: string) {
    const organisationId = caller.user.organisationId;
    const [survey, on] = await Promise.all([surveyOf(organisationId), today(organisationId)]);
    if (!survey || !isUuid(supervisorId)) throw notFound();
    const supervisor = (await supervisorsOf(caller, survey, on)).find((s) => s.id === supervisorId);
    if (!supervisor) throw notFound();
    return { survey, round: feedbackRound(survey.every, on), supervisor };
  }

  return {
    rounds,
    results,
    comments,

    /** The survey, its round, and the caller's supervisors with whether they have responded. */
    async overview(caller: Caller) {
      const organisationId = caller.user.organisationId;
      const [survey, on] = await Promise.all([surveyOf(organisationId), today(organisationId)]);
      return {
        survey,
        round: survey ? feedbackRound(survey.every, on) : undefined,
        supervisors: survey ? await supervisorsOf(caller, survey, on) : [],
        canSeeResults: visibility(caller.actor, 'view').any,
      };
    },

    form,

    /**
     * Stores the caller's response about a current supervisor: invalid with each problem, or
     * refused when they already responded about them this round.
     */
    async respond(
      caller: Caller,
      supervisorId: string,
      posted: Readonly<Record<string, unknown>>,
    ): Promise<
      | { outcome: 'saved' }
      | { outcome: 'invalid'; problems: FieldProblem[] }
      | { outcome: 'duplicate' }
    > {
      const page = await form(caller, supervisorId);
      const me = caller.actor.staffId as string;
      if (page.supervisor.responded) return { outcome: 'duplicate' };
      const { answers, problems } = readFeedbackForm(page.survey, posted);
      if (problems.length > 0) return { outcome: 'invalid', problems };
      const organisationId = caller.user.organisationId;
      const staff = await repos.staff.record(organisationId, me);
      const result = await repos.supervisionFeedback.create(
        organisationId,
        {
          surveyId: page.survey.id,
          round: page.round,
          respondentId: me,
          supervisorId,
          unitId: staff?.teamId ?? null,
          answers,
          submittedOn: await today(organisationId),
        },
        // That a response was given, never what it said.
        {
          actorUserId: caller.user.id,
          requestId: caller.requestId,
          action: 'supervision_feedback.given',
          detail: { surveyId: page.survey.id, roundFrom: page.round.from },
        },
      );
      return result.outcome === 'saved' ? { outcome: 'saved' } : { outcome: 'duplicate' };
    },

    /**
     * The results page: a round with responses (the latest unless chosen), the organisation as a
     * whole and each team the caller may see, and the comments when the organisation's shown.
     */
    async resultsPage(caller: Caller, roundFrom: string | undefined, action: 'view' | 'export') {
      const organisationId = caller.user.organisationId;
      const may = visibility(caller.actor, action);
      if (!may.any) throw notAllowed();
      const survey = await surveyOf(organisationId);
      const all = survey ? await rounds(organisationId) : [];
      const round = all.find((r) => r.from === roundFrom) ?? all[0];
      if (!survey || !round)
        return { survey, rounds: all, round, organisation: undefined, teams: [], comments: [] };
      // Results quote supervisees' comments: each reading is on the audit trail.
      await repos.auditLog.append({
        organisationId,
        actorUserId: caller.user.id,
        action: `supervision_feedback.results_${action === 'view' ? 'viewed' : 'exported'}`,
        resourceType: 'supervision_feedback',
        resourceId: round.from,
        detail: { round },
        requestId: caller.requestId ?? null,
      });
      const [whole, units] = await Promise.all([
        may.organisation ? results(organisationId, round, 'organisation') : undefined,
        results(organisationId, round, 'unit'),
      ]);
      const organisation = whole?.groups[0];
      return {
        survey,
        rounds: all,
        round,
        organisation,
        teams: units.groups.filter((g) => may.unit(g.unitId)),
        comments: organisation?.result.shown ? await comments(organisationId, round) : [],
      };
    },
  };
}
export type FeedbackService = ReturnType<typeof feedbackService>;

const notShown = 'not shown';

/** The figures shown, as a table for the CSV: withheld groups carry a marker and no numbers. */
export function resultsTable(
  survey: FeedbackSurvey,
  round: Round,
  groups: readonly FeedbackGroup[],
): ReportTable {
  const rows: ReportTable['rows'] = [];
  for (const group of groups) {
    const base = { group: group.name };
    if (!group.result.shown) {
      rows.push({
        ...base,
        respondents: notShown,
        question: notShown,
        answer: notShown,
        agreeing: notShown,
        mean: notShown,
        chosen: notShown,
        note:
          group.withheld === 'would_reveal'
            ? 'Not shown, so that the results of smaller teams cannot be worked out'
            : `Fewer than ${survey.minimumGroup} people responded`,
      });
      continue;
    }
    for (const q of group.result.questions) {
      if (q.answer === 'agreement')
        rows.push({
          ...base,
          respondents: group.result.respondents,
          question: q.text,
          answer: null,
          // A question nobody answered (added since) has no share or mean, not a zero.
          agreeing: q.responses > 0 ? q.agreeShare : null,
          mean: q.responses > 0 ? Math.round(q.mean * 100) / 100 : null,
          chosen: null,
          note: null,
        });
      else
        for (const t of q.themes)
          rows.push({
            ...base,
            respondents: group.result.respondents,
            question: q.text,
            answer: t.theme,
            agreeing: null,
            mean: null,
            chosen: t.count,
            note: null,
          });
    }
  }
  return {
    title: `${survey.title}: ${roundWords(round)}`,
    columns: [
      { key: 'group', label: 'Group', kind: 'text' },
      { key: 'respondents', label: 'Respondents', kind: 'number' },
      { key: 'question', label: 'Question', kind: 'text' },
      { key: 'answer', label: 'Theme', kind: 'text' },
      { key: 'agreeing', label: 'Agreeing', kind: 'percent' },
      { key: 'mean', label: 'Mean score (1 to 5)', kind: 'number' },
      { key: 'chosen', label: 'Times chosen', kind: 'number' },
      { key: 'note', label: 'Note', kind: 'text' },
    ],
    rows,
  };
}
