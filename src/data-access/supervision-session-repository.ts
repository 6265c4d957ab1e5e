/**
 * Supervision sessions as the planner books and changes them, their preparation (agenda items
 * and children to discuss), and the facts the planner reads around them: supervisees, absences,
 * agreed frequencies, open actions, allocated children.
 *
 * Every change runs in one transaction that first takes an advisory lock on each person in the
 * session (in id order, so two bookings cannot deadlock), then reads the other sessions of those
 * people and asks the caller's rules whether the change may go ahead. So two people booking the
 * same supervisee at the same time cannot both succeed, and the rules stay in the domain.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { IsoDate, Period } from '../domain/calendar/period.ts';
import type { SessionFacts, SessionProblem } from '../domain/planning/sessions.ts';
import type {
  AbsenceKind,
  CancellationReason,
  SessionKind,
  SessionStatus,
} from '../domain/policy/vocabulary.ts';
import { auditChange, type ChangeAudit, inTransaction, Rollback } from './transaction.ts';

export type SessionPerson = { id: string; name: string };

export type SupervisionSession = {
  id: string;
  externalId: string;
  kind: SessionKind;
  date: IsoDate;
  /** 'HH:MM', local time; null when no time was set. */
  startsAt: string | null;
  minutes: number | null;
  location: string | null;
  status: SessionStatus;
  cancellationReason: CancellationReason | null;
  /** Why it was not held, or more about why it was cancelled or postponed. */
  statusReason: string | null;
  rescheduledTo: IsoDate | null;
  /** The session this one replaces (it was postponed to this one). */
  rescheduledFromId: string | null;
  /** The session that replaced this one. */
  rescheduledAsId: string | null;
  supervisor: SessionPerson;
  participants: SessionPerson[];
  team: { id: string; name: string } | null;
  createdBy: string | null;
  /** updated_at as text: edits carry it back to detect a change in between. */
  version: string;
};

/** A session to book. */
export type NewSession = {
  kind: SessionKind;
  date: IsoDate;
  startsAt: string | null;
  minutes: number | null;
  location: string | null;
  supervisorId: string;
  participantIds: readonly string[];
  teamId: string | null;
  status: 'planned' | 'held';
  createdBy: string | null;
};

export type SessionEdit = Pick<NewSession, 'date' | 'startsAt' | 'minutes' | 'location'>;

export type StatusUpdate = {
  status: Exclude<SessionStatus, 'planned'>;
  cancellationReason: CancellationReason | null;
  statusReason: string | null;
  rescheduledTo: IsoDate | null;
};

/** Said about each row written, inside its transaction (the notices queued for it). */
export type AfterWrite = (
  client: pg.PoolClient,
  written: { id: string; version: string; change: 'booked' | 'changed' | 'cancelled' },
) => Promise<void>;

export type WriteOutcome =
  | { outcome: 'saved'; ids: string[] }
  | { outcome: 'invalid'; problems: SessionProblem[] }
  | { outcome: 'conflict'; current: SupervisionSession }
  | { outcome: 'not_found' };

const select = `SELECT s.id, s.external_id, s.kind, s.held_on, to_char(s.starts_at, 'HH24:MI') AS starts_at,
    s.minutes, s.location, s.status, s.cancellation_reason, s.status_reason, s.rescheduled_to,
    s.rescheduled_from_id,
    (SELECT r.id FROM supervision_session r WHERE r.organisation_id = s.organisation_id
       AND r.rescheduled_from_id = s.id ORDER BY r.held_on LIMIT 1) AS rescheduled_as_id,
    s.supervisor_id, sup.name AS supervisor_name, s.team_id, t.name AS team_name, s.created_by,
    s.updated_at::text AS version,
    coalesce((SELECT json_agg(json_build_object('id', p.staff_id, 'name', m.name) ORDER BY p.position)
       FROM session_participant p
       JOIN staff_member m ON m.organisation_id = p.organisation_id AND m.id = p.staff_id
       WHERE p.organisation_id = s.organisation_id AND p.session_id = s.id), '[]') AS participants
  FROM supervision_session s
  JOIN staff_member sup ON sup.organisation_id = s.organisation_id AND sup.id = s.supervisor_id
  LEFT JOIN org_unit t ON t.organisation_id = s.organisation_id AND t.id = s.team_id`;

/**
 * Sessions these people lead or attend. A set built from the two indexes (supervisor and
 * participant), not an OR tested on every session of the organisation (docs/query-plans.md).
 * `$1` is the organisation in every statement that uses it.
 */
const involves = (param: string) => `s.id IN (
    SELECT i.id FROM supervision_session i
    WHERE i.organisation_id = $1 AND i.supervisor_id = ANY(${param})
    UNION
    SELECT p.session_id FROM session_participant p
    WHERE p.organisation_id = $1 AND p.staff_id = ANY(${param}))`;

function toSession(row: Record<string, unknown>): SupervisionSession {
  return {
    id: row.id as string,
    externalId: row.external_id as string,
    kind: row.kind as SessionKind,
    date: row.held_on as IsoDate,
    startsAt: (row.starts_at as string | null) ?? null,
    minutes: (row.minutes as number | null) ?? null,
    location: (row.location as string | null) ?? null,
    status: row.status as SessionStatus,
    cancellationReason: (row.cancellation_reason as CancellationReason | null) ?? null,
    statusReason: (row.status_reason as string | null) ?? null,
    rescheduledTo: (row.rescheduled_to as IsoDate | null) ?? null,
    rescheduledFromId: (row.rescheduled_from_id as string | null) ?? null,
    rescheduledAsId: (row.rescheduled_as_id as string | null) ?? null,
    supervisor: { id: row.supervisor_id as string, name: row.supervisor_name as string },
    participants: row.participants as SessionPerson[],
    team: row.team_id ? { id: row.team_id as string, name: row.team_name as string } : null,
    createdBy: (row.created_by as string | null) ?? null,
    version: row.version as string,
  };
}

/** The rules' view of a stored session. */
export function factsOf(session: SupervisionSession): SessionFacts {
  return {
    id: session.id,
    kind: session.kind,
    date: session.date,
    startsAt: session.startsAt,
    minutes: session.minutes,
    supervisorId: session.supervisor.id,
    participantIds: session.participants.map((p) => p.id),
    status: session.status,
  };
}

type Queryable = pg.Pool | pg.PoolClient;

export type SessionFilter = {
  /** Sessions any of these people lead or attend. */
  staffIds?: readonly string[] | undefined;
  supervisorId?: string | undefined;
  from?: IsoDate | undefined;
  to?: IsoDate | undefined;
  statuses?: readonly SessionStatus[] | undefined;
  kinds?: readonly SessionKind[] | undefined;
  limit?: number | undefined;
};

async function listSessions(db: Queryable, organisationId: string, filter: SessionFilter) {
  const { rows } = await db.query(
    `${select} WHERE s.organisation_id = $1
       AND ($2::uuid[] IS NULL OR ${involves('$2::uuid[]')})
       AND ($3::uuid IS NULL OR s.supervisor_id = $3)
       AND ($4::date IS NULL OR s.held_on >= $4)
       AND ($5::date IS NULL OR s.held_on <= $5)
       AND ($6::text[] IS NULL OR s.status = ANY($6))
       AND ($7::text[] IS NULL OR s.kind = ANY($7))
     ORDER BY s.held_on, s.starts_at NULLS FIRST, s.id
     LIMIT $8`,
    [
      organisationId,
      filter.staffIds ?? null,
      filter.supervisorId ?? null,
      filter.from ?? null,
      filter.to ?? null,
      filter.statuses ?? null,
      filter.kinds ?? null,
      filter.limit ?? 5000,
    ],
  );
  return rows.map(toSession);
}

async function findSession(db: Queryable, organisationId: string, id: string, lock = false) {
  const { rows } = await db.query(
    `${select} WHERE s.organisation_id = $1 AND s.id = $2${lock ? ' FOR UPDATE OF s' : ''}`,
    [organisationId, id],
  );
  return rows[0] ? toSession(rows[0]) : undefined;
}

/** Serialises changes to the sessions of these people (ids sorted, so no deadlock). */
async function lockPeople(client: pg.PoolClient, organisationId: string, staffIds: string[]) {
  for (const id of [...new Set(staffIds)].sort())
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 5005))`, [
      `${organisationId}:session:${id}`,
    ]);
}

/** The sessions of these people on these dates, as the rules see them. */
async function othersOn(
  client: pg.PoolClient,
  organisationId: string,
  staffIds: string[],
  dates: IsoDate[],
): Promise<SessionFacts[]> {
  const { rows } = await client.query(
    `${select} WHERE s.organisation_id = $1 AND s.held_on = ANY($3::date[])
       AND ${involves('$2::uuid[]')}`,
    [organisationId, [...new Set(staffIds)], [...new Set(dates)]],
  );
  return rows.map((row) => factsOf(toSession(row)));
}

async function insertSession(
  client: pg.PoolClient,
  organisationId: string,
  session: NewSession,
  rescheduledFromId: string | null,
) {
  const id = randomUUID();
  const { rows } = await client.query(
    `INSERT INTO supervision_session (organisation_id, id, external_id, kind, held_on, starts_at,
       minutes, location, supervisor_id, team_id, status, rescheduled_from_id, created_by)
     VALUES ($1, $2, $3, $4, $5, $6::time, $7, $8, $9, $10, $11, $12, $13)
     RETURNING updated_at::text AS version`,
    [
      organisationId,
      id,
      id,
      session.kind,
      session.date,
      session.startsAt,
      session.minutes,
      session.location,
      session.supervisorId,
      session.teamId,
      session.status,
      rescheduledFromId,
      session.createdBy,
    ],
  );
  for (const [position, staffId] of session.participantIds.entries())
    await client.query(
      `INSERT INTO session_participant (organisation_id, session_id, staff_id, position)
       VALUES ($1, $2, $3, $4)`,
      [organisationId, id, staffId, position],
    );
  return { id, version: rows[0].version as string };
}

export type AgendaItem = {
  id: string;
  text: string;
  addedBy: SessionPerson;
  createdAt: Date;
};

export type SessionChild = {
  id: string;
  externalId: string;
  name: string | null;
  caseId: string;
  addedBy: SessionPerson;
};

export type OpenAction = {
  id: string;
  description: string;
  setOn: IsoDate;
  dueOn: IsoDate;
  child: { id: string; name: string | null; caseId: string } | null;
};

export type ChildChoice = { id: string; externalId: string; name: string | null; caseId: string };

export type PlannedPerson = {
  id: string;
  externalId: string;
  name: string;
  teamId: string | null;
  teamName: string | null;
  lineManagerId: string | null;
  leavingDate: IsoDate | null;
  /** Everyone supervising them on the day asked about, in any relationship. */
  supervisorIds: string[];
};

export type SuperviseeLink = {
  relationshipId: string;
  supervisorId: string;
  kind: string;
  startsOn: IsoDate;
  endsOn: IsoDate | null;
  person: PlannedPerson;
};

export type StaffAbsence = {
  staffId: string;
  kind: AbsenceKind;
  startsOn: IsoDate;
  endsOn: IsoDate | null;
};

const personSelect = (on: string) => `SELECT s.id, s.external_id, s.name, s.team_id,
    t.name AS team_name, s.line_manager_id, s.leaving_date,
    coalesce((SELECT array_agg(DISTINCT r.supervisor_id::text) FROM supervisory_relationship r
       WHERE r.organisation_id = s.organisation_id AND r.supervisee_id = s.id
         AND r.starts_on <= ${on} AND (r.ends_on IS NULL OR r.ends_on >= ${on})), '{}') AS supervisor_ids
  FROM staff_member s
  LEFT JOIN org_unit t ON t.organisation_id = s.organisation_id AND t.id = s.team_id`;

function toPerson(row: Record<string, unknown>): PlannedPerson {
  return {
    id: row.id as string,
    externalId: row.external_id as string,
    name: row.name as string,
    teamId: (row.team_id as string | null) ?? null,
    teamName: (row.team_name as string | null) ?? null,
    lineManagerId: (row.line_manager_id as string | null) ?? null,
    leavingDate: (row.leaving_date as IsoDate | null) ?? null,
    supervisorIds: row.supervisor_ids as string[],
  };
}

function isPeriod(value: unknown): value is Period {
  if (!value || typeof value !== 'object') return false;
  const { unit, count } = value as Record<string, unknown>;
  return (
    ['days', 'working_days', 'weeks', 'months'].includes(unit as string) &&
    Number.isInteger(count) &&
    (count as number) > 0
  );
}

export function supervisionSessionRepository(db: pg.Pool) {
  return {
    list: (organisationId: string, filter: SessionFilter = {}) =>
      listSessions(db, organisationId, filter),

    findById: (organisationId: string, id: string) => findSession(db, organisationId, id),

    /**
     * Books sessions together, all or none. `check` is given the sessions already held or
     * planned for the same people on the same dates and returns each new session's problems.
     */
    async book(
      organisationId: string,
      sessions: readonly (NewSession & { rescheduledFromId?: string })[],
      options: {
        check: (others: SessionFacts[]) => SessionProblem[];
        audit: ChangeAudit;
        afterWrite: AfterWrite;
      },
    ): Promise<WriteOutcome> {
      return inTransaction(db, async (client): Promise<WriteOutcome> => {
        const people = sessions.flatMap((s) => [s.supervisorId, ...s.participantIds]);
        await lockPeople(client, organisationId, people);
        const others = await othersOn(
          client,
          organisationId,
          people,
          sessions.map((s) => s.date),
        );
        const problems = options.check(others);
        if (problems.length > 0) throw new Rollback({ outcome: 'invalid', problems });
        const ids: string[] = [];
        for (const session of sessions) {
          const written = await insertSession(
            client,
            organisationId,
            session,
            session.rescheduledFromId ?? null,
          );
          await auditChange(client, organisationId, 'supervision_session', written.id, {
            ...options.audit,
            detail: {
              ...options.audit.detail,
              kind: session.kind,
              date: session.date,
              supervisorId: session.supervisorId,
              participantIds: session.participantIds,
            },
          });
          await options.afterWrite(client, { ...written, change: 'booked' });
          ids.push(written.id);
        }
        return { outcome: 'saved', ids };
      });
    },

    /**
     * Changes when and where a session is, if it is still the version the editor saw.
     * `check` sees the session as it would be and the other sessions of its people that day.
     */
    async edit(
      organisationId: string,
      id: string,
      version: string,
      edit: SessionEdit,
      options: {
        check: (changed: SessionFacts, others: SessionFacts[]) => SessionProblem[];
        audit: ChangeAudit;
        afterWrite: AfterWrite;
      },
    ): Promise<WriteOutcome> {
      return inTransaction(db, async (client): Promise<WriteOutcome> => {
        const before = await findSession(client, organisationId, id);
        if (!before) return { outcome: 'not_found' };
        const people = [before.supervisor.id, ...before.participants.map((p) => p.id)];
        await lockPeople(client, organisationId, people);
        const current = await findSession(client, organisationId, id, true);
        if (!current) return { outcome: 'not_found' };
        if (current.version !== version) throw new Rollback({ outcome: 'conflict', current });
        const changed = { ...factsOf(current), ...edit };
        const others = await othersOn(client, organisationId, people, [edit.date]);
        const problems = options.check(changed, others);
        if (problems.length > 0) throw new Rollback({ outcome: 'invalid', problems });
        const { rows } = await client.query(
          `UPDATE supervision_session SET held_on = $3, starts_at = $4::time, minutes = $5,
             location = $6, updated_at = now()
           WHERE organisation_id = $1 AND id = $2 RETURNING updated_at::text AS version`,
          [organisationId, id, edit.date, edit.startsAt, edit.minutes, edit.location],
        );
        const fields = (['date', 'startsAt', 'minutes', 'location'] as const).filter(
          (key) => current[key] !== edit[key],
        );
        await auditChange(client, organisationId, 'supervision_session', id, {
          ...options.audit,
          detail: { ...options.audit.detail, changed: fields },
        });
        if (fields.length > 0)
          await options.afterWrite(client, { id, version: rows[0].version, change: 'changed' });
        return { outcome: 'saved', ids: [id] };
      });
    },

    /**
     * Records what happened to a session; a postponed one books its replacement in the same
     * transaction, linked by rescheduled_from_id. Without `version`, the session's own status
     * (only a planned one changes) guards against a change in between.
     */
    async changeStatus(
      organisationId: string,
      id: string,
      version: string | undefined,
      update: StatusUpdate,
      options: {
        /** The replacement of a postponed session, made from the current one. */
        replacement?: (current: SupervisionSession) => NewSession;
        check: (
          current: SupervisionSession,
          replacement: NewSession | undefined,
          others: SessionFacts[],
        ) => SessionProblem[];
        audit: ChangeAudit;
        afterWrite: AfterWrite;
      },
    ): Promise<WriteOutcome> {
      return inTransaction(db, async (client): Promise<WriteOutcome> => {
        const before = await findSession(client, organisationId, id);
        if (!before) return { outcome: 'not_found' };
        const people = [before.supervisor.id, ...before.participants.map((p) => p.id)];
        await lockPeople(client, organisationId, people);
        const current = await findSession(client, organisationId, id, true);
        if (!current) return { outcome: 'not_found' };
        if (version !== undefined && current.version !== version)
          throw new Rollback({ outcome: 'conflict', current });
        const replacement = options.replacement?.(current);
        const others = replacement
          ? await othersOn(client, organisationId, people, [replacement.date])
          : [];
        const problems = options.check(current, replacement, others);
        if (problems.length > 0) throw new Rollback({ outcome: 'invalid', problems });
        const { rows } = await client.query(
          `UPDATE supervision_session SET status = $3, cancellation_reason = $4,
             status_reason = $5, rescheduled_to = $6, updated_at = now()
           WHERE organisation_id = $1 AND id = $2 RETURNING updated_at::text AS version`,
          [
            organisationId,
            id,
            update.status,
            update.cancellationReason,
            update.statusReason,
            update.rescheduledTo,
          ],
        );
        const ids = [id];
        let replacementId: string | null = null;
        if (replacement) {
          const written = await insertSession(client, organisationId, replacement, id);
          replacementId = written.id;
          ids.push(written.id);
          await auditChange(client, organisationId, 'supervision_session', written.id, {
            ...options.audit,
            action: 'supervision_session.booked',
            detail: { rescheduledFromId: id, date: replacement.date },
          });
          await options.afterWrite(client, { ...written, change: 'booked' });
        }
        await auditChange(client, organisationId, 'supervision_session', id, {
          ...options.audit,
          detail: {
            ...options.audit.detail,
            status: update.status,
            cancellationReason: update.cancellationReason,
            rescheduledAsId: replacementId,
          },
        });
        if (update.status === 'cancelled' || update.status === 'postponed')
          await options.afterWrite(client, { id, version: rows[0].version, change: 'cancelled' });
        return { outcome: 'saved', ids };
      });
    },

    // Preparation ----------------------------------------------------------------------------

    async agenda(organisationId: string, sessionId: string): Promise<AgendaItem[]> {
      const { rows } = await db.query(
        `SELECT a.id, a.text, a.added_by, m.name AS added_by_name, a.created_at
         FROM session_agenda_item a
         JOIN staff_member m ON m.organisation_id = a.organisation_id AND m.id = a.added_by
         WHERE a.organisation_id = $1 AND a.session_id = $2 ORDER BY a.created_at, a.id`,
        [organisationId, sessionId],
      );
      return rows.map((row) => ({
        id: row.id,
        text: row.text,
        addedBy: { id: row.added_by, name: row.added_by_name },
        createdAt: row.created_at,
      }));
    },

    async addAgendaItem(
      organisationId: string,
      sessionId: string,
      staffId: string,
      text: string,
      audit: ChangeAudit,
    ): Promise<string> {
      return inTransaction(db, async (client) => {
        const { rows } = await client.query(
          `INSERT INTO session_agenda_item (organisation_id, session_id, added_by, text)
           VALUES ($1, $2, $3, $4) RETURNING id`,
          [organisationId, sessionId, staffId, text],
        );
        await auditChange(client, organisationId, 'supervision_session', sessionId, {
          ...audit,
          detail: { ...audit.detail, agendaItemId: rows[0].id },
        });
        return rows[0].id as string;
      });
    },

    /** Removes an agenda item its author added; false when there is no such item of theirs. */
    async removeAgendaItem(
      organisationId: string,
      sessionId: string,
      itemId: string,
      staffId: string,
      audit: ChangeAudit,
    ): Promise<boolean> {
      return inTransaction(db, async (client) => {
        const { rowCount } = await client.query(
          `DELETE FROM session_agenda_item WHERE organisation_id = $1 AND session_id = $2
             AND id = $3 AND added_by = $4`,
          [organisationId, sessionId, itemId, staffId],
        );
        if (rowCount !== 1) return false;
        await auditChange(client, organisationId, 'supervision_session', sessionId, {
          ...audit,
          detail: { ...audit.detail, agendaItemId: itemId },
        });
        return true;
      });
    },

    async children(organisationId: string, sessionId: string): Promise<SessionChild[]> {
      const { rows } = await db.query(
        `SELECT c.id, c.external_id, c.name, c.case_id, sc.added_by, m.name AS added_by_name
         FROM session_child sc
         JOIN child c ON c.organisation_id = sc.organisation_id AND c.id = sc.child_id
         JOIN staff_member m ON m.organisation_id = sc.organisation_id AND m.id = sc.added_by
         WHERE sc.organisation_id = $1 AND sc.session_id = $2 ORDER BY sc.created_at, c.case_id`,
        [organisationId, sessionId],
      );
      return rows.map((row) => ({
        id: row.id,
        externalId: row.external_id,
        name: row.name ?? null,
        caseId: row.case_id,
        addedBy: { id: row.added_by, name: row.added_by_name },
      }));
    },

    /** Adds a child to discuss; false when the child is on the list already. */
    async addChild(
      organisationId: string,
      sessionId: string,
      childId: string,
      staffId: string,
      audit: ChangeAudit,
    ): Promise<boolean> {
      return inTransaction(db, async (client) => {
        const { rowCount } = await client.query(
          `INSERT INTO session_child (organisation_id, session_id, child_id, added_by)
           VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [organisationId, sessionId, childId, staffId],
        );
        if (rowCount !== 1) return false;
        await auditChange(client, organisationId, 'supervision_session', sessionId, {
          ...audit,
          detail: { ...audit.detail, childId },
        });
        return true;
      });
    },

    async removeChild(
      organisationId: string,
      sessionId: string,
      childId: string,
      audit: ChangeAudit,
    ): Promise<boolean> {
      return inTransaction(db, async (client) => {
        const { rowCount } = await client.query(
          `DELETE FROM session_child WHERE organisation_id = $1 AND session_id = $2
             AND child_id = $3`,
          [organisationId, sessionId, childId],
        );
        if (rowCount !== 1) return false;
        await auditChange(client, organisationId, 'supervision_session', sessionId, {
          ...audit,
          detail: { ...audit.detail, childId },
        });
        return true;
      });
    },

    /** The open actions a person owns, soonest due first. */
    async openActions(organisationId: string, ownerId: string): Promise<OpenAction[]> {
      const { rows } = await db.query(
        `SELECT a.id, a.description, a.set_on, a.due_on, c.id AS child_id, c.name AS child_name,
           c.case_id
         FROM supervision_action a
         LEFT JOIN child c ON c.organisation_id = a.organisation_id AND c.id = a.child_id
         WHERE a.organisation_id = $1 AND a.owner_id = $2 AND a.status = 'open'
         ORDER BY a.due_on, a.id`,
        [organisationId, ownerId],
      );
      return rows.map((row) => ({
        id: row.id,
        description: row.description,
        setOn: row.set_on,
        dueOn: row.due_on,
        child: row.child_id
          ? { id: row.child_id, name: row.child_name ?? null, caseId: row.case_id }
          : null,
      }));
    },

    /** Open children allocated to any of these workers on the day. */
    async allocatedChildren(
      organisationId: string,
      workerIds: readonly string[],
      on: IsoDate,
    ): Promise<ChildChoice[]> {
      const { rows } = await db.query(
        `SELECT DISTINCT c.id, c.external_id, c.name, c.case_id FROM child c
         JOIN child_allocation a ON a.organisation_id = c.organisation_id AND a.child_id = c.id
         WHERE c.organisation_id = $1 AND a.worker_id = ANY($2::uuid[])
           AND a.starts_on <= $3 AND (a.ends_on IS NULL OR a.ends_on >= $3)
           AND (c.closed_on IS NULL OR c.closed_on >= $3)
         ORDER BY c.name NULLS LAST, c.case_id`,
        [organisationId, workerIds, on],
      );
      return rows.map((row) => ({
        id: row.id,
        externalId: row.external_id,
        name: row.name ?? null,
        caseId: row.case_id,
      }));
    },

    async childrenByExternalId(
      organisationId: string,
      externalIds: readonly string[],
    ): Promise<ChildChoice[]> {
      const { rows } = await db.query(
        `SELECT id, external_id, name, case_id FROM child
         WHERE organisation_id = $1 AND external_id = ANY($2::text[])`,
        [organisationId, externalIds],
      );
      return rows.map((row) => ({
        id: row.id,
        externalId: row.external_id,
        name: row.name ?? null,
        caseId: row.case_id,
      }));
    },

    // The planner's facts ----------------------------------------------------------------------

    /** People with their team, line manager and supervisors on the day. */
    async people(
      organisationId: string,
      staffIds: readonly string[],
      on: IsoDate,
    ): Promise<PlannedPerson[]> {
      const { rows } = await db.query(
        `${personSelect('$3::date')} WHERE s.organisation_id = $1 AND s.id = ANY($2::uuid[])
         ORDER BY s.name, s.id`,
        [organisationId, staffIds, on],
      );
      return rows.map(toPerson);
    },

    /** Staff in a team (not the units beneath it) who have not left by the day. */
    async teamMembers(organisationId: string, teamId: string, on: IsoDate) {
      const { rows } = await db.query(
        `${personSelect('$3::date')} WHERE s.organisation_id = $1 AND s.team_id = $2
           AND (s.leaving_date IS NULL OR s.leaving_date >= $3)
         ORDER BY s.name, s.id`,
        [organisationId, teamId, on],
      );
      return rows.map(toPerson);
    },

    /**
     * The people a supervisor (or any of several) supervises at some time in [from, to], in any
     * relationship.
     */
    async supervisees(
      organisationId: string,
      supervisorIds: string | readonly string[],
      from: IsoDate,
      to: IsoDate,
    ): Promise<SuperviseeLink[]> {
      const { rows } = await db.query(
        `SELECT r.id AS relationship_id, r.supervisor_id AS link_supervisor_id, r.kind,
           r.starts_on, r.ends_on, p.*
         FROM supervisory_relationship r
         JOIN LATERAL (${personSelect('$3::date')}
           WHERE s.organisation_id = r.organisation_id AND s.id = r.supervisee_id) p ON true
         WHERE r.organisation_id = $1 AND r.supervisor_id = ANY($2::uuid[])
           AND r.starts_on <= $4 AND (r.ends_on IS NULL OR r.ends_on >= $3)
         ORDER BY p.name, r.starts_on`,
        [organisationId, [supervisorIds].flat(), from, to],
      );
      return rows.map((row) => ({
        relationshipId: row.relationship_id,
        supervisorId: row.link_supervisor_id,
        kind: row.kind,
        startsOn: row.starts_on,
        endsOn: row.ends_on ?? null,
        person: toPerson(row),
      }));
    },

    async absences(organisationId: string, staffIds: readonly string[]): Promise<StaffAbsence[]> {
      const { rows } = await db.query(
        `SELECT staff_id, kind, starts_on, ends_on FROM absence
         WHERE organisation_id = $1 AND staff_id = ANY($2::uuid[]) ORDER BY starts_on`,
        [organisationId, staffIds],
      );
      return rows.map((row) => ({
        staffId: row.staff_id,
        kind: row.kind,
        startsOn: row.starts_on,
        endsOn: row.ends_on ?? null,
      }));
    },

    /**
     * The agreed frequency of each supervisee's current signed agreements (the latest signed
     * version of each relationship still going on), most frequent first is for the caller.
     */
    async agreedFrequencies(
      organisationId: string,
      superviseeIds: readonly string[],
      on: IsoDate,
    ): Promise<Map<string, Period[]>> {
      const { rows } = await db.query(
        `SELECT DISTINCT ON (a.relationship_id) r.supervisee_id, a.agreed_frequency
         FROM supervision_agreement a
         JOIN supervisory_relationship r ON r.organisation_id = a.organisation_id
           AND r.id = a.relationship_id
         WHERE a.organisation_id = $1 AND r.supervisee_id = ANY($2::uuid[])
           AND a.status = 'signed' AND (r.ends_on IS NULL OR r.ends_on >= $3)
         ORDER BY a.relationship_id, a.version DESC`,
        [organisationId, superviseeIds, on],
      );
      const out = new Map<string, Period[]>();
      for (const row of rows) {
        if (!isPeriod(row.agreed_frequency)) continue;
        const list = out.get(row.supervisee_id) ?? [];
        list.push(row.agreed_frequency);
        out.set(row.supervisee_id, list);
      }
      return out;
    },

    /** Those whose line manager this is who manage a unit: the managers they arrange cover for. */
    async managersReportingTo(organisationId: string, lineManagerId: string) {
      const { rows } = await db.query(
        `SELECT s.id, s.name FROM staff_member s
         WHERE s.organisation_id = $1 AND s.line_manager_id = $2
           AND EXISTS (SELECT 1 FROM org_unit u WHERE u.organisation_id = s.organisation_id
                       AND u.manager_id = s.id)
         ORDER BY s.name, s.id`,
        [organisationId, lineManagerId],
      );
      return rows.map((row) => ({ id: row.id as string, name: row.name as string }));
    },

    /** Cover relationships of these supervisees, with the covering supervisor's name. */
    async cover(organisationId: string, superviseeIds: readonly string[]) {
      const { rows } = await db.query(
        `SELECT r.supervisee_id, m.name AS supervisor_name, r.starts_on, r.ends_on
         FROM supervisory_relationship r
         JOIN staff_member m ON m.organisation_id = r.organisation_id AND m.id = r.supervisor_id
         WHERE r.organisation_id = $1 AND r.supervisee_id = ANY($2::uuid[]) AND r.kind = 'cover'
         ORDER BY r.starts_on`,
        [organisationId, superviseeIds],
      );
      return rows.map((row) => ({
        superviseeId: row.supervisee_id as string,
        supervisorName: row.supervisor_name as string,
        from: row.starts_on as IsoDate,
        to: (row.ends_on as IsoDate | null) ?? null,
      }));
    },

    /** The organisation's time zone (sessions' times are local to it). */
    async timeZone(organisationId: string): Promise<string> {
      const { rows } = await db.query('SELECT time_zone FROM organisation WHERE id = $1', [
        organisationId,
      ]);
      return (rows[0]?.time_zone as string | undefined) ?? 'Europe/London';
    },
  };
}
export type SupervisionSessionRepository = ReturnType<typeof supervisionSessionRepository>;
