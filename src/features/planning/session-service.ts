/**
 * Booking and changing supervision sessions, for the pages and the API alike: the typed input
 * is checked by the domain's rules (src/domain/planning/sessions.ts), access by `can`, and the
 * change is written with its audit entry and its notice in one transaction.
 */
import type pg from 'pg';
import type { Repositories } from '../../data-access/index.ts';
import {
  factsOf,
  type NewSession,
  type PlannedPerson,
  type SupervisionSession,
  type WriteOutcome,
} from '../../data-access/supervision-session-repository.ts';
import type { UserAccount } from '../../data-access/user-repository.ts';
import { type Actor, can, type PlanHolder, type Resource } from '../../domain/access/can.ts';
import { addDays, addMonths, isoDateAt } from '../../domain/calendar/iso-date.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import {
  checkSession,
  checkStatusChange,
  type LocalNow,
  type SessionFacts,
  type SessionProblem,
  type StatusChange,
} from '../../domain/planning/sessions.ts';
import { sessionStatusWords } from '../../domain/planning/words.ts';
import type { SessionKind } from '../../domain/policy/vocabulary.ts';
import { isUuid } from '../../web/forms.ts';
import { notAllowed, notFound } from '../../web/http-errors.ts';
import { queueNotice } from '../notifications/notices.ts';

export type Clock = () => Date;

/** A session to book, as the pages and the API give it. */
export type BookingInput = {
  kind: SessionKind;
  date: IsoDate;
  startsAt: string | null;
  minutes: number | null;
  location: string | null;
  supervisorId: string;
  participantIds: string[];
  /** The team of a group; a one-to-one takes its supervisee's team. */
  teamId?: string | null | undefined;
  status?: 'planned' | 'held' | undefined;
};

export type EditInput = {
  date: IsoDate;
  startsAt: string | null;
  minutes: number | null;
  location: string | null;
};

export type Outcome =
  | { outcome: 'saved'; ids: string[] }
  | { outcome: 'invalid'; problems: SessionProblem[] }
  | { outcome: 'conflict'; current: SupervisionSession };

/** Today and the time now where the organisation is. */
export function localNow(instant: Date, timeZone: string): LocalNow {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { today: isoDateAt(instant, timeZone), time: `${part('hour')}:${part('minute')}` };
}

const holder = (person: PlannedPerson): PlanHolder => ({
  staffId: person.id,
  teamId: person.teamId ?? undefined,
  lineManagerId: person.lineManagerId ?? undefined,
  supervisorIds: person.supervisorIds,
});

/** The notice for each kind of change, queued in the change's own transaction. */
function notifier(organisationId: string) {
  const kinds = {
    booked: 'session_booked',
    changed: 'session_changed',
    cancelled: 'session_cancelled',
  } as const;
  return (
    client: pg.PoolClient,
    written: { id: string; version: string; change: keyof typeof kinds },
  ) =>
    queueNotice(
      client,
      organisationId,
      { kind: kinds[written.change], sessionId: written.id },
      written.version,
    );
}

export function sessionService(repos: Repositories, { clock }: { clock: Clock }) {
  const sessions = repos.supervisionSessions;

  async function now(organisationId: string): Promise<LocalNow> {
    return localNow(clock(), await sessions.timeZone(organisationId));
  }

  async function holders(organisationId: string, staffIds: readonly string[], on: IsoDate) {
    const people = await sessions.people(organisationId, [...new Set(staffIds)], on);
    return new Map(people.map((p) => [p.id, p]));
  }

  /** The access facts of a session (or of one about to be booked). */
  async function resourceOf(
    organisationId: string,
    facts: {
      kind: SessionKind;
      supervisorId: string;
      participantIds: readonly string[];
      teamId: string | null;
    },
    on: IsoDate,
  ): Promise<Resource> {
    const people = await holders(organisationId, facts.participantIds, on);
    return {
      type: 'supervision_session',
      kind: facts.kind,
      supervisorId: facts.supervisorId,
      teamId: facts.teamId ?? undefined,
      participants: facts.participantIds.map((id) =>
        people.get(id) ? holder(people.get(id)!) : { staffId: id, supervisorIds: [] },
      ),
    };
  }

  const sessionFacts = (s: SupervisionSession) => ({
    kind: s.kind,
    supervisorId: s.supervisor.id,
    participantIds: s.participants.map((p) => p.id),
    teamId: s.team?.id ?? null,
  });

  /** A session this person may see (404 for anything else of any organisation). */
  async function load(user: UserAccount, actor: Actor, id: string) {
    const session = isUuid(id) ? await sessions.findById(user.organisationId, id) : undefined;
    if (!session) throw notFound();
    const today = (await now(user.organisationId)).today;
    const resource = await resourceOf(user.organisationId, sessionFacts(session), today);
    if (!can(actor, 'view', resource)) throw notAllowed();
    return {
      session,
      may: {
        edit: can(actor, 'edit', resource),
        prepare: can(actor, 'prepare', resource),
        reschedule: can(actor, 'reschedule', resource),
      },
    };
  }

  const names = async (organisationId: string, ids: readonly string[]) => {
    const people = await holders(organisationId, ids, '9999-12-31');
    return (id: string) => people.get(id)?.name ?? 'This person';
  };

  /** Checks that ids name people (and a team) of this organisation, before anything else. */
  async function checkReferences(user: UserAccount, input: BookingInput) {
    const problems: SessionProblem[] = [];
    const ids = [input.supervisorId, ...input.participantIds].filter(isUuid);
    const known = await holders(user.organisationId, ids, '9999-12-31');
    if (!isUuid(input.supervisorId) || !known.has(input.supervisorId))
      problems.push({
        field: 'supervisorId',
        message: 'Select who leads the session from the list',
      });
    if (input.participantIds.some((id) => !isUuid(id) || !known.has(id)))
      problems.push({
        field: 'participantIds',
        message:
          input.kind === 'one_to_one'
            ? 'Select the supervisee from the list'
            : 'Select the people attending from the list',
      });
    let teamId: string | null = null;
    if (input.kind === 'one_to_one' || input.kind === 'unplanned')
      teamId = known.get(input.participantIds[0] ?? '')?.teamId ?? null;
    else if (input.teamId) {
      const team = isUuid(input.teamId)
        ? await repos.orgUnits.findById(user.organisationId, input.teamId)
        : undefined;
      if (!team) problems.push({ field: 'teamId', message: 'Select the team from the list' });
      else teamId = team.id;
    } else problems.push({ field: 'teamId', message: 'Select the team' });
    return { problems, teamId };
  }

  function written(result: WriteOutcome): Outcome {
    if (result.outcome === 'not_found') throw notFound();
    return result;
  }

  return {
    now,
    load,
    resourceOf,

    /** The sessions this person may see: of one person or supervisor, in a date range. */
    async list(
      user: UserAccount,
      actor: Actor,
      filter: {
        supervisorId?: string | undefined;
        staffId?: string | undefined;
        from?: IsoDate | undefined;
        to?: IsoDate | undefined;
      },
    ) {
      const { today } = await now(user.organisationId);
      const found = await sessions.list(user.organisationId, {
        staffIds: filter.staffId ? [filter.staffId] : undefined,
        supervisorId: filter.supervisorId,
        from: filter.from ?? today,
        to: filter.to ?? addDays(addMonths(filter.from ?? today, 12), -1),
      });
      const people = await holders(
        user.organisationId,
        found.flatMap((s) => s.participants.map((p) => p.id)),
        today,
      );
      return found.filter((s) =>
        can(actor, 'view', {
          type: 'supervision_session',
          kind: s.kind,
          supervisorId: s.supervisor.id,
          teamId: s.team?.id,
          participants: s.participants.map((p) =>
            people.get(p.id) ? holder(people.get(p.id)!) : { staffId: p.id, supervisorIds: [] },
          ),
        }),
      );
    },

    /** Books sessions (one, or a planned year) for one supervisor, all or none. */
    async book(
      user: UserAccount,
      actor: Actor,
      inputs: BookingInput[],
      requestId?: string,
    ): Promise<Outcome> {
      const current = await now(user.organisationId);
      const drafts: NewSession[] = [];
      const problems: SessionProblem[] = [];
      for (const input of inputs) {
        const references = await checkReferences(user, input);
        if (references.problems.length > 0)
          return { outcome: 'invalid', problems: references.problems };
        drafts.push({
          kind: input.kind,
          date: input.date,
          startsAt: input.startsAt,
          minutes: input.minutes,
          location: input.location,
          supervisorId: input.supervisorId,
          participantIds: input.participantIds,
          teamId: references.teamId,
          status: input.status ?? 'planned',
          createdBy: actor.staffId ?? null,
        });
      }
      const nameOf = await names(
        user.organisationId,
        drafts.flatMap((d) => [d.supervisorId, ...d.participantIds]),
      );
      // What is wrong with the session itself is said before whether this person may book it.
      for (const draft of drafts)
        problems.push(...checkSession(draft, { now: current, others: [], nameOf }));
      if (problems.length > 0) return { outcome: 'invalid', problems };
      for (const draft of drafts)
        if (!can(actor, 'edit', await resourceOf(user.organisationId, draft, current.today)))
          throw notAllowed();
      const result = await sessions.book(user.organisationId, drafts, {
        check: (others) => {
          const booked: SessionFacts[] = [];
          for (const draft of drafts) {
            const found = checkSession(draft, {
              now: current,
              others: [...others, ...booked],
              nameOf,
            });
            if (found.length > 0) return found;
            booked.push({ ...draft, id: `new-${booked.length}` });
          }
          return [];
        },
        audit: { actorUserId: user.id, requestId, action: 'supervision_session.booked' },
        afterWrite: notifier(user.organisationId),
      });
      return written(result);
    },

    /** Changes the date, time, length or place of a session the editor saw at `version`. */
    async edit(
      user: UserAccount,
      actor: Actor,
      id: string,
      version: string,
      input: EditInput,
      requestId?: string,
    ): Promise<Outcome> {
      const { session, may } = await load(user, actor, id);
      if (!may.edit) throw notAllowed();
      const current = await now(user.organisationId);
      const nameOf = await names(user.organisationId, [
        session.supervisor.id,
        ...session.participants.map((p) => p.id),
      ]);
      const result = await sessions.edit(user.organisationId, session.id, version, input, {
        check: (changed, others) =>
          // A held session may be corrected (its length counts); one called off stays as it was.
          changed.status === 'planned' || changed.status === 'held'
            ? checkSession(changed, { now: current, others, nameOf })
            : [
                {
                  field: 'status',
                  message: `This session is ${sessionStatusWords[changed.status]}, so it cannot be changed`,
                },
              ],
        audit: { actorUserId: user.id, requestId, action: 'supervision_session.changed' },
        afterWrite: notifier(user.organisationId),
      });
      return written(result);
    },

    /**
     * Records what happened to a planned session. Postponing books the replacement on the new
     * date (the same time, length and place unless given) in the same transaction.
     */
    async changeStatus(
      user: UserAccount,
      actor: Actor,
      id: string,
      change: StatusChange & { rescheduledStartsAt?: string | null },
      options: { version?: string | undefined; requestId?: string | undefined } = {},
    ): Promise<Outcome> {
      const { session, may } = await load(user, actor, id);
      if (!may.edit && !(may.reschedule && change.status === 'postponed')) throw notAllowed();
      const current = await now(user.organisationId);
      const nameOf = await names(user.organisationId, [
        session.supervisor.id,
        ...session.participants.map((p) => p.id),
      ]);
      const postponed = change.status === 'postponed' ? change : undefined;
      const result = await sessions.changeStatus(
        user.organisationId,
        session.id,
        options.version,
        {
          status: change.status,
          cancellationReason: 'cancellationReason' in change ? change.cancellationReason : null,
          statusReason: 'reason' in change ? change.reason : null,
          rescheduledTo: postponed?.rescheduledTo ?? null,
        },
        {
          ...(postponed?.rescheduledTo
            ? {
                replacement: (now: SupervisionSession): NewSession => ({
                  kind: now.kind,
                  date: postponed.rescheduledTo!,
                  startsAt:
                    change.rescheduledStartsAt === undefined || change.rescheduledStartsAt === null
                      ? now.startsAt
                      : change.rescheduledStartsAt,
                  minutes: now.minutes,
                  location: now.location,
                  supervisorId: now.supervisor.id,
                  participantIds: now.participants.map((p) => p.id),
                  teamId: now.team?.id ?? null,
                  status: 'planned',
                  createdBy: actor.staffId ?? null,
                }),
              }
            : {}),
          check: (now, replacement, others) => {
            const problems = checkStatusChange(factsOf(now), change, current);
            if (problems.length > 0 || !replacement) return problems;
            return checkSession(replacement, { now: current, others, nameOf }).map((p) =>
              p.field === 'date'
                ? { ...p, field: 'rescheduledTo' as const }
                : p.field === 'startsAt'
                  ? { ...p, field: 'rescheduledStartsAt' as const }
                  : p,
            );
          },
          audit: {
            actorUserId: user.id,
            requestId: options.requestId,
            action: 'supervision_session.status_changed',
          },
          afterWrite: notifier(user.organisationId),
        },
      );
      return written(result);
    },
  };
}
export type SessionService = ReturnType<typeof sessionService>;
