/**
 * The planner's pages: a supervisor's supervisees with their gaps against the frequency that
 * governs them, the sessions of the next 12 months, plan-the-year proposals, the views by team
 * and by person, a session with the packs' rebooking rules, and the preparation for a session.
 */
import type { Repositories } from '../../data-access/index.ts';
import type {
  PlannedPerson,
  StaffAbsence,
  SupervisionSession,
} from '../../data-access/supervision-session-repository.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { type Actor, can } from '../../domain/access/can.ts';
import { addDays, addMonths, describePeriod } from '../../domain/calendar/index.ts';
import type { IsoDate, Period } from '../../domain/calendar/period.ts';
import { Context } from '../../domain/compliance/context.ts';
import type { Obligation } from '../../domain/compliance/index.ts';
import { frequencyDays } from '../../domain/compliance/staff-supervision.ts';
import {
  type AbsenceFacts,
  type CoverTask,
  coverTasks,
  frequencyWords,
  type Gap,
  type Governing,
  governingFrequency,
  packRuleFor,
  planYear,
  rebookAdvice,
} from '../../domain/planning/index.ts';
import type { SessionKind } from '../../domain/policy/vocabulary.ts';
import type { ComplianceService } from '../../services/compliance-service.ts';
import { storedPolicy } from '../../services/stored-policy.ts';
import { isUuid } from '../../web/forms.ts';
import { notAllowed, notFound } from '../../web/http-errors.ts';
import type { SessionService } from './session-service.ts';

/** How far ahead the planner looks. */
export const horizonMonths = 12;

export type Schedule = {
  governing: Governing | undefined;
  frequency: string | undefined;
  /** Where the frequency comes from, for people to check. */
  source: string | undefined;
  /** The agreement's frequency when it is below the pack's (the pack's applies). */
  agreedBelowPack: string | undefined;
  minimumMinutes: number | undefined;
  gaps: Gap[];
  proposals: IsoDate[];
  /** The span planned: from tomorrow (or the relationship's start) to the horizon. */
  from: IsoDate;
  to: IsoDate;
};

export type SuperviseeRow = {
  person: PlannedPerson;
  relationshipKind: string;
  until: IsoDate | null;
  next: SupervisionSession | undefined;
  schedule: Schedule;
};

const absenceFacts = (a: StaffAbsence): AbsenceFacts => ({
  kind: a.kind,
  from: a.startsOn,
  to: a.endsOn,
});

export const holderOf = (person: PlannedPerson) => ({
  staffId: person.id,
  teamId: person.teamId ?? undefined,
  lineManagerId: person.lineManagerId ?? undefined,
  supervisorIds: person.supervisorIds,
});

const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const mostFrequent = (periods: Period[] | undefined) =>
  periods?.sort(
    (a, b) =>
      frequencyDays({ kind: 'every', period: a }) - frequencyDays({ kind: 'every', period: b }),
  )[0];

export function plannerService(
  repos: Repositories,
  {
    sessions: sessionsService,
    compliance,
  }: { sessions: SessionService; compliance: ComplianceService },
) {
  const sessions = repos.supervisionSessions;

  /**
   * The organisation's pack and calendar, with the engine's context for matching staff. Only
   * people are needed to match a staff rule: a scope of no one reads the units, staff,
   * relationships and absences, and none of the children, sessions or records.
   */
  async function policyOf(organisationId: string, today: IsoDate) {
    const bundle = await repos.organisationData.loadBundle(organisationId, {
      staffIds: [],
      teamIds: [],
    });
    if (!bundle) throw notFound();
    // The policy version in force on the day planned from (issue 13).
    const { pack, calendar } = await storedPolicy(repos, organisationId, today);
    return { pack, calendar, ctx: new Context(bundle, pack, today, calendar) };
  }
  type Policy = NonNullable<Awaited<ReturnType<typeof policyOf>>>;

  const countingKinds = (policy: Policy): SessionKind[] => {
    const kinds = policy.pack.evidence
      .filter((e) => e.countsTowards === 'staff_supervision')
      .flatMap((e) => e.sessionKinds ?? []);
    return kinds.length > 0 ? kinds : ['one_to_one'];
  };

  /**
   * The frequency governing a person, their gaps over the year ahead and the dates that would
   * close them, for sessions with `supervisorId` (whose absences and sessions are avoided too).
   */
  async function scheduleFor(
    organisationId: string,
    policy: Policy | undefined,
    person: PlannedPerson,
    supervisorId: string | null,
    span: { from: IsoDate; to: IsoDate; today: IsoDate },
  ): Promise<Schedule> {
    const [schedule] = await schedulesFor(organisationId, policy, span.today, [
      { person, supervisorId, from: span.from, to: span.to },
    ]);
    return schedule!;
  }

  /**
   * `scheduleFor` for many people at once: their agreements, sessions and absences are read in
   * one query each, whatever the number of people (a supervisor's planner lists all theirs).
   */
  async function schedulesFor(
    organisationId: string,
    policy: Policy | undefined,
    today: IsoDate,
    entries: { person: PlannedPerson; supervisorId: string | null; from: IsoDate; to: IsoDate }[],
  ): Promise<Schedule[]> {
    const spans = entries.map((e) => ({
      ...e,
      to: e.person.leavingDate && e.person.leavingDate < e.to ? e.person.leavingDate : e.to,
    }));
    const empty = (e: (typeof spans)[number]): Schedule => ({
      governing: undefined,
      frequency: undefined,
      source: undefined,
      agreedBelowPack: undefined,
      minimumMinutes: undefined,
      gaps: [],
      proposals: [],
      from: e.from,
      to: e.to,
    });
    if (!policy || spans.length === 0) return spans.map(empty);
    const historyFrom = addMonths(today, -13);
    const everyone = [
      ...new Set(
        spans.flatMap((e) => (e.supervisorId ? [e.person.id, e.supervisorId] : [e.person.id])),
      ),
    ];
    const until = spans.map((e) => e.to).reduce((a, b) => (a > b ? a : b));
    const [agreements, sessionsOfAll, absencesOfAll] = await Promise.all([
      sessions.agreedFrequencies(
        organisationId,
        spans.map((e) => e.person.id),
        today,
      ),
      sessions.list(organisationId, {
        staffIds: everyone,
        from: historyFrom,
        to: until,
        statuses: ['planned', 'held'],
        limit: 1_000_000,
      }),
      sessions.absences(organisationId, everyone),
    ]);
    const kinds = countingKinds(policy);
    return spans.map(
      (e) =>
        scheduleOf(policy, e, today, {
          agreed: mostFrequent(agreements.get(e.person.id)),
          history: sessionsOfAll.filter(
            (s) =>
              kinds.includes(s.kind) &&
              s.date >= historyFrom &&
              s.date <= e.to &&
              s.participants.some((p) => p.id === e.person.id),
          ),
          busy: sessionsOfAll.filter((s) => {
            if (s.date < e.from || s.date > e.to) return false;
            const people = e.supervisorId ? [e.person.id, e.supervisorId] : [e.person.id];
            return people.some(
              (id) => s.supervisor.id === id || s.participants.some((p) => p.id === id),
            );
          }),
          absences: absencesOfAll.filter(
            (a) => a.staffId === e.person.id || a.staffId === e.supervisorId,
          ),
        }) ?? empty(e),
    );
  }

  /** One person's schedule from what was read for it; undefined when no frequency governs. */
  function scheduleOf(
    policy: Policy,
    { person, from, to }: { person: PlannedPerson; from: IsoDate; to: IsoDate },
    today: IsoDate,
    read: {
      agreed: Period | undefined;
      history: SupervisionSession[];
      busy: SupervisionSession[];
      absences: StaffAbsence[];
    },
  ): Schedule | undefined {
    const span = { from, to, today };
    const staff = policy.ctx.staffById.get(person.externalId);
    const rule = staff ? packRuleFor(policy.ctx, staff, span.today) : undefined;
    const governing = governingFrequency(rule, read.agreed);
    if (!governing) return undefined;
    const { history, busy, absences } = read;
    const counted = history.map((s) => s.date);
    const busyDays = new Set(busy.map((s) => s.date));
    const away = absences.map(absenceFacts);
    const available = (date: IsoDate) =>
      policy.calendar.isWorkingDay(date) &&
      !busyDays.has(date) &&
      !away.some((a) => a.from <= date && (a.to === null || date <= a.to));
    const plan = planYear({
      frequency: governing.frequency,
      from: span.from,
      to,
      sessions: counted,
      available,
      calendar: policy.calendar,
      anchors: {
        ...(staff?.asyeStartDate ? { asye_start: staff.asyeStartDate } : {}),
        ...(staff?.placementStartDate ? { placement_start: staff.placementStartDate } : {}),
        ...(staff ? { start_date: staff.startDate } : {}),
      },
      startDate: staff?.startDate,
    });
    const source =
      governing.source === 'agreement'
        ? `The signed supervision agreement (more often than the ${policy.pack.name}${
            rule ? `’s ${frequencyWords(rule.frequency)}` : ''
          })`
        : `${policy.pack.name}: ${rule?.source.section ?? ''}`;
    return {
      governing,
      frequency: upperFirst(frequencyWords(governing.frequency)),
      source,
      agreedBelowPack: governing.agreedBelowPack
        ? frequencyWords({ kind: 'every', period: governing.agreedBelowPack })
        : undefined,
      minimumMinutes: rule?.minimumMinutes,
      gaps: plan.gaps,
      proposals: plan.proposals,
      from: span.from,
      to,
    };
  }

  async function span(organisationId: string) {
    const now = await sessionsService.now(organisationId);
    return {
      now,
      today: now.today,
      from: addDays(now.today, 1),
      to: addDays(addMonths(now.today, horizonMonths), -1),
    };
  }

  /** A person whose plan this actor may see; 404 for anyone not of this organisation. */
  async function personFor(user: UserAccount, actor: Actor, staffId: string, today: IsoDate) {
    const [person] = isUuid(staffId)
      ? await sessions.people(user.organisationId, [staffId], today)
      : [];
    if (!person) throw notFound();
    const resource = { type: 'supervision_plan' as const, ...holderOf(person) };
    if (!can(actor, 'view', resource)) throw notAllowed();
    return { person, canPlan: can(actor, 'edit', resource) };
  }

  /** Cover tasks for the managers whose line manager this is (Durham 4.5). */
  async function coverTasksFor(
    organisationId: string,
    policy: Policy | undefined,
    lineManagerId: string,
    today: IsoDate,
    to: IsoDate,
  ): Promise<CoverTask[]> {
    if (!policy || !(policy.pack.absenceArrangements ?? []).some((r) => r.kind === 'manager_cover'))
      return [];
    const managers = await sessions.managersReportingTo(organisationId, lineManagerId);
    if (managers.length === 0) return [];
    const absences = await sessions.absences(
      organisationId,
      managers.map((m) => m.id),
    );
    const away = managers.filter((m) => absences.some((a) => a.staffId === m.id));
    if (away.length === 0) return [];
    const links = (
      await sessions.supervisees(
        organisationId,
        away.map((m) => m.id),
        today,
        to,
      )
    ).filter((l) => l.kind !== 'cover');
    const cover = await sessions.cover(
      organisationId,
      links.map((l) => l.person.id),
    );
    const facts = away.map((manager) => ({
      staffId: manager.id,
      name: manager.name,
      absences: absences.filter((a) => a.staffId === manager.id).map(absenceFacts),
      supervisees: links
        .filter((l) => l.supervisorId === manager.id)
        .map((l) => ({
          staffId: l.person.id,
          name: l.person.name,
          cover: cover.filter((c) => c.superviseeId === l.person.id),
        })),
    }));
    return coverTasks({ pack: policy.pack, managers: facts, today, calendar: policy.calendar });
  }

  return {
    /** The signed-in person's planner. */
    async planner(user: UserAccount, actor: Actor) {
      const { now, today, from, to } = await span(user.organisationId);
      const me = actor.staffId;
      const teams = (await repos.orgUnits.list(user.organisationId)).filter(
        (u) => u.kind === 'team' && can(actor, 'view', { type: 'team_plan', teamId: u.id }),
      );
      if (!me)
        return {
          now,
          today,
          to,
          me: undefined,
          supervisees: [],
          sessions: [],
          coverTasks: [],
          teams,
        };
      const policy = await policyOf(user.organisationId, today);
      const links = await sessions.supervisees(user.organisationId, me, today, to);
      const upcoming = await sessions.list(user.organisationId, {
        staffIds: [me],
        from: today,
        to,
      });
      const spans = links.map((link) => ({
        person: link.person,
        supervisorId: me,
        from: link.startsOn > from ? link.startsOn : from,
        to: link.endsOn && link.endsOn < to ? link.endsOn : to,
      }));
      const schedules = await schedulesFor(user.organisationId, policy, today, spans);
      const rows: SuperviseeRow[] = links.map((link, i) => ({
        person: link.person,
        relationshipKind: link.kind,
        until: link.endsOn,
        next: upcoming.find(
          (s) => s.status === 'planned' && s.participants.some((p) => p.id === link.person.id),
        ),
        schedule: schedules[i]!,
      }));
      return {
        now,
        today,
        to,
        me,
        supervisees: rows,
        sessions: upcoming.filter((s) => s.supervisor.id === me),
        ownSessions: upcoming.filter((s) => s.participants.some((p) => p.id === me)),
        coverTasks: await coverTasksFor(user.organisationId, policy, me, today, to),
        teams,
        policyProblem: policy ? undefined : 'The organisation’s policy pack could not be read.',
      };
    },

    /** One person's sessions (the last 3 months and the next 12) and their gaps. */
    async person(user: UserAccount, actor: Actor, staffId: string) {
      const { today, from, to } = await span(user.organisationId);
      const { person, canPlan } = await personFor(user, actor, staffId, today);
      const policy = await policyOf(user.organisationId, today);
      const list = await sessions.list(user.organisationId, {
        staffIds: [person.id],
        from: addMonths(today, -3),
        to,
      });
      const supervisorId =
        actor.staffId && person.supervisorIds.includes(actor.staffId)
          ? actor.staffId
          : (person.supervisorIds[0] ?? null);
      const schedule = await scheduleFor(user.organisationId, policy, person, supervisorId, {
        from,
        to,
        today,
      });
      // A supervisor of theirs away for long with no cover for them: who to tell (Durham 4.5).
      const uncovered: { managerName: string; until: IsoDate | null; tell: string | null }[] = [];
      for (const supervisorOf of person.supervisorIds) {
        const record = await repos.staff.record(user.organisationId, supervisorOf);
        if (!record?.lineManagerId) continue;
        for (const task of await coverTasksFor(
          user.organisationId,
          policy,
          record.lineManagerId,
          today,
          to,
        )) {
          const mine = task.supervisees.find((s) => s.staffId === person.id);
          if (task.managerId === supervisorOf && mine && !mine.cover)
            uncovered.push({
              managerName: task.managerName,
              until: task.absence.to,
              tell: record.lineManagerName,
            });
        }
      }
      return {
        today,
        person,
        self: actor.staffId === person.id,
        canPlan,
        past: list.filter((s) => s.date < today),
        upcoming: list.filter((s) => s.date >= today),
        schedule,
        uncovered,
      };
    },

    /** The teams this person may look across, and one team's members and sessions. */
    async team(user: UserAccount, actor: Actor, teamId: string | undefined) {
      const { today, to } = await span(user.organisationId);
      const teams = (await repos.orgUnits.list(user.organisationId)).filter(
        (u) => u.kind === 'team' && can(actor, 'view', { type: 'team_plan', teamId: u.id }),
      );
      if (!teamId) return { today, to, teams, team: undefined, members: [], sessions: [] };
      const team = teams.find((t) => t.id === teamId);
      if (!team) {
        if (isUuid(teamId) && (await repos.orgUnits.findById(user.organisationId, teamId)))
          throw notAllowed();
        throw notFound();
      }
      const members = await sessions.teamMembers(user.organisationId, team.id, today);
      const list = members.length
        ? await sessions.list(user.organisationId, {
            staffIds: members.map((m) => m.id),
            from: today,
            to,
          })
        : [];
      return {
        today,
        to,
        teams,
        team,
        members: members.map((member) => {
          const theirs = list.filter((s) => s.participants.some((p) => p.id === member.id));
          return {
            person: member,
            next: theirs.find((s) => s.status === 'planned'),
            planned: theirs.filter((s) => s.status === 'planned').length,
          };
        }),
        sessions: list,
      };
    },

    /**
     * What the booking form offers: supervisees this person plans for, anyone in post to lead,
     * and for a group the teams they can book for and the chosen team's members.
     */
    async bookingChoices(user: UserAccount, actor: Actor, kind: SessionKind, teamId?: string) {
      const { today } = await span(user.organisationId);
      const staff = (await repos.staff.list(user.organisationId)).filter(
        (s) => s.leavingDate === null || s.leavingDate >= today,
      );
      const choice = (s: (typeof staff)[number]) => ({
        value: s.id,
        text: [s.name, [s.jobTitle, s.teamName].filter(Boolean).join(', ')]
          .filter(Boolean)
          .join(' – '),
      });
      const supervisors = staff.map(choice);
      if (kind === 'one_to_one' || kind === 'unplanned') {
        const people = await sessions.people(
          user.organisationId,
          staff.map((s) => s.id),
          today,
        );
        const plannable = new Set(
          people
            .filter((p) => can(actor, 'edit', { type: 'supervision_plan', ...holderOf(p) }))
            .map((p) => p.id),
        );
        return {
          supervisees: staff.filter((s) => plannable.has(s.id)).map(choice),
          supervisors,
          teams: [],
          team: undefined,
          members: [],
        };
      }
      const own = actor.staffId
        ? (await repos.staff.record(user.organisationId, actor.staffId))?.teamId
        : undefined;
      const teams = (await repos.orgUnits.list(user.organisationId))
        .filter(
          (u) =>
            u.kind === 'team' &&
            (u.id === own || can(actor, 'view', { type: 'team_plan', teamId: u.id })),
        )
        .map((u) => ({ id: u.id, name: u.name }));
      const team = teamId
        ? teams.find((t) => t.id === teamId)
        : teams.length === 1
          ? teams[0]
          : undefined;
      if (teamId && !team) throw notFound();
      const members = team ? await sessions.teamMembers(user.organisationId, team.id, today) : [];
      return {
        supervisees: [],
        supervisors,
        teams,
        team,
        members: members.map((m) => ({ value: m.id, text: m.name })),
      };
    },

    /** What Plan the year would book for a person, with the supervisor who would hold them. */
    async proposal(user: UserAccount, actor: Actor, staffId: string) {
      const { today, from, to } = await span(user.organisationId);
      const { person, canPlan } = await personFor(user, actor, staffId, today);
      if (!canPlan) throw notAllowed();
      const relationships = await repos.relationships.listForSupervisee(
        user.organisationId,
        person.id,
      );
      const current = relationships.filter(
        (r) => r.startsOn <= to && (r.endsOn === null || r.endsOn >= from),
      );
      const mine = current.find((r) => r.supervisorId === actor.staffId);
      const relationship = mine ?? current.find((r) => r.kind === 'line_management') ?? current[0];
      const policy = await policyOf(user.organisationId, today);
      const start = relationship && relationship.startsOn > from ? relationship.startsOn : from;
      const end = relationship?.endsOn && relationship.endsOn < to ? relationship.endsOn : to;
      const schedule = await scheduleFor(
        user.organisationId,
        policy,
        person,
        relationship?.supervisorId ?? null,
        { from: start, to: end, today },
      );
      return {
        person,
        supervisor: relationship
          ? { id: relationship.supervisorId, name: relationship.supervisorName }
          : undefined,
        schedule,
      };
    },

    /** A session with what the pack says about rebooking it, and where it was moved. */
    async session(user: UserAccount, actor: Actor, id: string) {
      const { session, may } = await sessionsService.load(user, actor, id);
      const { today } = await span(user.organisationId);
      const [replaces, replacedBy] = await Promise.all([
        session.rescheduledFromId
          ? sessions.findById(user.organisationId, session.rescheduledFromId)
          : undefined,
        session.rescheduledAsId
          ? sessions.findById(user.organisationId, session.rescheduledAsId)
          : undefined,
      ]);
      const supervisee = session.kind === 'one_to_one' ? session.participants[0] : undefined;
      let rebook:
        | {
            who: string;
            byRule: { quote: string | undefined; source: string } | undefined;
            deadline:
              | {
                  period: string;
                  source: string;
                  returnDay: IsoDate | undefined;
                  holdBy: IsoDate | undefined;
                  stillAway: boolean;
                }
              | undefined;
            next: SupervisionSession | undefined;
            late: boolean;
          }
        | undefined;
      if (supervisee && (session.status === 'cancelled' || session.status === 'postponed')) {
        const policy = await policyOf(user.organisationId, today);
        const absences = (await sessions.absences(user.organisationId, [supervisee.id])).map(
          absenceFacts,
        );
        const advice = policy
          ? rebookAdvice({
              session: { ...session, cancellationReason: session.cancellationReason },
              absences,
              pack: policy.pack,
              calendar: policy.calendar,
            })
          : undefined;
        if (advice) {
          const later = await sessions.list(user.organisationId, {
            staffIds: [supervisee.id],
            from: addDays(session.date, 1),
            statuses: ['planned', 'held'],
            kinds: ['one_to_one'],
            limit: 1,
          });
          const next = replacedBy ?? later[0];
          const holdBy = advice.deadline?.holdBy;
          rebook = {
            who:
              advice.by === 'supervisee'
                ? `${supervisee.name} (the supervisee)`
                : `${session.supervisor.name} (the supervisor)`,
            byRule: advice.byRule
              ? {
                  quote: advice.byRule.note?.match(/^"([^"]+)"/)?.[1],
                  source: `${policy!.pack.name}, ${advice.byRule.source.section}`,
                }
              : undefined,
            deadline: advice.deadline
              ? {
                  period: describePeriod(advice.deadline.rule.rebookWithin),
                  source: `${policy!.pack.name}, ${advice.deadline.rule.source.section}`,
                  returnDay: advice.deadline.returnDay,
                  holdBy,
                  stillAway: advice.deadline.absence !== undefined && !advice.deadline.returnDay,
                }
              : undefined,
            next,
            late: Boolean(holdBy && next && next.date > holdBy),
          };
        }
      }
      return { session, may, replaces, replacedBy, rebook, supervisee, today };
    },

    /**
     * The preparation page: agenda and children to discuss, and automatically the supervisee's
     * open actions and the children due for case supervision (from the compliance engine).
     */
    async preparation(user: UserAccount, actor: Actor, id: string) {
      const { session, may } = await sessionsService.load(user, actor, id);
      const { today } = await span(user.organisationId);
      // Whose actions and children: the supervisee of a one-to-one; in a group, the viewer.
      const focus =
        session.kind === 'one_to_one' || session.kind === 'unplanned'
          ? session.participants[0]
          : session.participants.find((p) => p.id === actor.staffId);
      const [agenda, children, choices, actions] = await Promise.all([
        sessions.agenda(user.organisationId, session.id),
        sessions.children(user.organisationId, session.id),
        sessions.allocatedChildren(
          user.organisationId,
          session.participants.map((p) => p.id),
          today,
        ),
        focus ? sessions.openActions(user.organisationId, focus.id) : [],
      ]);
      let due: {
        child: { id: string; name: string | null; caseId: string };
        obligation: Obligation;
      }[] = [];
      let problem: string | undefined;
      if (focus) {
        try {
          const [person] = await sessions.people(user.organisationId, [focus.id], today);
          const evaluated = await compliance.view(
            user.organisationId,
            today,
            { kind: 'staff', staffIds: [focus.id] },
            { kinds: ['case_supervision'] },
          );
          const owed = evaluated.obligations.filter(
            (o) =>
              o.kind === 'case_supervision' &&
              o.workerId === person?.externalId &&
              (o.state === 'due' || o.state === 'due_soon' || o.state === 'overdue'),
          );
          const found = await sessions.childrenByExternalId(
            user.organisationId,
            owed.map((o) => o.subject.id),
          );
          const byExternal = new Map(found.map((c) => [c.externalId, c]));
          due = owed
            .filter((o) => byExternal.has(o.subject.id))
            .map((o) => ({ child: byExternal.get(o.subject.id)!, obligation: o }));
        } catch {
          problem =
            'The children due for case supervision cannot be shown: the organisation’s policy pack could not be read.';
        }
      }
      const added = new Set(children.map((c) => c.id));
      return {
        session,
        may,
        focus,
        agenda,
        children,
        choices: choices.filter((c) => !added.has(c.id)),
        actions,
        due,
        problem,
        today,
        me: actor.staffId,
      };
    },
  };
}
export type PlannerService = ReturnType<typeof plannerService>;
