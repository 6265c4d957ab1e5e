import type pg from 'pg';
import type { IsoDate } from '../domain/calendar/period.ts';
import type { AllocationRole } from '../domain/policy/vocabulary.ts';
import { type AuditEntry, appendAuditEvent } from './audit-log-repository.ts';
import { inTransaction } from './transaction.ts';

/**
 * The children register: a child, their status episodes, flags, allocations and events. Every
 * change locks the child's row, checks what only the database can know (a duplicate case id,
 * an overlapping allocation), writes, moves the child's `updated_at` on and appends to the
 * audit trail, all in one transaction.
 */

export type ChildRecord = {
  id: string;
  externalId: string;
  caseId: string;
  name: string | null;
  dateOfBirth: IsoDate | null;
  expectedDateOfBirth: IsoDate | null;
  openedOn: IsoDate;
  closedOn: IsoDate | null;
  /** `updated_at` to the microsecond, for optimistic concurrency. */
  version: string;
};

export type ChildDetails = {
  caseId: string;
  name: string | null;
  dateOfBirth: IsoDate | null;
  expectedDateOfBirth: IsoDate | null;
  openedOn: IsoDate;
};

export type CurrentAllocation = {
  workerId: string;
  workerName: string;
  role: AllocationRole;
  teamId: string | null;
  teamName: string | null;
};

export type ChildListItem = {
  id: string;
  caseId: string;
  name: string | null;
  dateOfBirth: IsoDate | null;
  expectedDateOfBirth: IsoDate | null;
  closedOn: IsoDate | null;
  statuses: string[];
  allocations: CurrentAllocation[];
};

/**
 * Which children a list may hold, as SQL can filter them: every child, or those allocated to
 * one worker, to workers in some units, or to nobody. The service derives it from can().
 */
export type ChildScope =
  | { kind: 'all' }
  | {
      kind: 'some';
      allocatedToStaffId: string | undefined;
      allocatedToUnitIds: string[];
      unallocated: boolean;
    };

export type ChildListQuery = {
  scope: ChildScope;
  today: IsoDate;
  search?: string | undefined;
  status?: string | undefined;
  teamId?: string | undefined;
  workerId?: string | undefined;
  state: 'open' | 'closed' | 'all';
  limit: number;
  offset: number;
};

export type Episode = { status: string; startsOn: IsoDate; endsOn: IsoDate | null };
export type Flag = { flag: string; startsOn: IsoDate; endsOn: IsoDate | null };
export type Allocation = {
  workerId: string;
  workerName: string;
  teamName: string | null;
  role: AllocationRole;
  startsOn: IsoDate;
  endsOn: IsoDate | null;
};
export type ChildEvent = { kind: string; occurredOn: IsoDate };

export type Worker = { id: string; name: string; teamName: string | null };
export type Team = { id: string; name: string };

/** What `can()` needs to know about a child: who holds it now. */
export type ChildAccessFacts = { allocatedTeamIds: string[]; allocatedWorkerIds: string[] };

type Db = pg.Pool | pg.PoolClient;

const childColumns = `c.id, c.external_id, c.case_id, c.name, c.date_of_birth,
  c.expected_date_of_birth, c.opened_on, c.closed_on,
  to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS version`;

function toChild(row: Record<string, unknown>): ChildRecord {
  return {
    id: row.id as string,
    externalId: row.external_id as string,
    caseId: row.case_id as string,
    name: (row.name as string | null) ?? null,
    dateOfBirth: (row.date_of_birth as string | null) ?? null,
    expectedDateOfBirth: (row.expected_date_of_birth as string | null) ?? null,
    openedOn: row.opened_on as string,
    closedOn: (row.closed_on as string | null) ?? null,
    version: row.version as string,
  };
}

/** `%`, `_` and `\` typed into the search box are searched for, not wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// Allocations and episodes count as current from their first day to their last, inclusive.
const current = (alias: string, today: string) =>
  `${alias}.starts_on <= ${today} AND (${alias}.ends_on IS NULL OR ${alias}.ends_on >= ${today})`;

async function lockChild(client: pg.PoolClient, organisationId: string, id: string) {
  const { rows } = await client.query(
    `SELECT ${childColumns} FROM child c WHERE c.organisation_id = $1 AND c.id = $2 FOR UPDATE`,
    [organisationId, id],
  );
  return rows[0] ? toChild(rows[0]) : undefined;
}

async function touch(client: pg.PoolClient, organisationId: string, id: string) {
  // now() is the transaction's start; never let the version stand still or go back.
  await client.query(
    `UPDATE child SET updated_at = greatest(now(), updated_at + interval '1 microsecond')
     WHERE organisation_id = $1 AND id = $2`,
    [organisationId, id],
  );
}

async function openCaseIdTaken(
  client: pg.PoolClient,
  organisationId: string,
  caseId: string,
  exceptId: string | null,
) {
  // Serialise writers of the same case id, so two requests cannot both find it free.
  await client.query(
    `SELECT pg_advisory_xact_lock(hashtextextended($1::text || ':' || lower($2), 43))`,
    [organisationId, caseId],
  );
  const { rowCount } = await client.query(
    `SELECT 1 FROM child WHERE organisation_id = $1 AND lower(case_id) = lower($2)
       AND closed_on IS NULL AND ($3::uuid IS NULL OR id <> $3)`,
    [organisationId, caseId, exceptId],
  );
  return (rowCount ?? 0) > 0;
}

async function latestOpenStart(
  db: Db,
  organisationId: string,
  childId: string,
  closedOn: IsoDate,
): Promise<IsoDate | null> {
  const open = 'organisation_id = $1 AND child_id = $2 AND (ends_on IS NULL OR ends_on > $3)';
  const { rows } = await db.query(
    `SELECT max(starts_on) AS latest FROM (
       SELECT starts_on FROM child_status_episode WHERE ${open}
       UNION ALL SELECT starts_on FROM child_flag WHERE ${open}
       UNION ALL SELECT starts_on FROM child_allocation WHERE ${open}
     ) open_items`,
    [organisationId, childId, closedOn],
  );
  return (rows[0].latest as IsoDate | null) ?? null;
}

export type ChangeResult<Reason extends string = never> =
  | { outcome: 'done' }
  | { outcome: 'not_found' }
  | { outcome: Reason };

export function childRepository(pool: pg.Pool) {
  /**
   * Locks the child, runs the change and, when it is done, moves the child's version on and
   * writes the audit entry; anything else rolls back.
   */
  function change<Reason extends string>(
    organisationId: string,
    id: string,
    audit: AuditEntry,
    fn: (client: pg.PoolClient, child: ChildRecord) => Promise<{ outcome: 'done' | Reason }>,
  ): Promise<ChangeResult<Reason>> {
    return inTransaction(pool, async (client) => {
      const child = await lockChild(client, organisationId, id);
      if (!child) return { outcome: 'not_found' } as const;
      // A change that is refused has written nothing, so its transaction may simply end.
      const result = await fn(client, child);
      if (result.outcome !== 'done') return result as ChangeResult<Reason>;
      await touch(client, organisationId, id);
      await appendAuditEvent(client, audit);
      return { outcome: 'done' } as const;
    });
  }

  return {
    /** One page of the children in scope that match the filters, and how many match in all. */
    async list(organisationId: string, query: ChildListQuery) {
      const params: unknown[] = [organisationId];
      const param = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      // Bound only once used: PostgreSQL refuses a parameter no statement mentions.
      let todayParam: string | undefined;
      const today = () => {
        todayParam ??= `${param(query.today)}::date`;
        return todayParam;
      };
      const allocatedWhere = (condition: string) =>
        `c.id IN (SELECT a.child_id FROM child_allocation a
                  JOIN staff_member s ON s.organisation_id = a.organisation_id AND s.id = a.worker_id
                  WHERE a.organisation_id = $1 AND ${current('a', today())} AND ${condition})`;
      const where = ['c.organisation_id = $1'];

      const { scope } = query;
      if (scope.kind === 'some') {
        const any: string[] = [];
        if (scope.allocatedToStaffId)
          any.push(allocatedWhere(`a.worker_id = ${param(scope.allocatedToStaffId)}`));
        if (scope.allocatedToUnitIds.length)
          any.push(allocatedWhere(`s.team_id = ANY(${param(scope.allocatedToUnitIds)}::uuid[])`));
        if (scope.unallocated)
          any.push(`c.id NOT IN (SELECT a.child_id FROM child_allocation a
                    WHERE a.organisation_id = $1 AND ${current('a', today())})`);
        where.push(any.length ? `(${any.join(' OR ')})` : 'false');
      }
      if (query.search) {
        const pattern = param(likePattern(query.search));
        where.push(`(c.case_id ILIKE ${pattern} OR c.name ILIKE ${pattern})`);
      }
      if (query.status) {
        where.push(`c.id IN (SELECT e.child_id FROM child_status_episode e
          WHERE e.organisation_id = $1 AND e.status = ${param(query.status)}
            AND ${current('e', today())})`);
      }
      if (query.teamId) where.push(allocatedWhere(`s.team_id = ${param(query.teamId)}`));
      if (query.workerId) where.push(allocatedWhere(`a.worker_id = ${param(query.workerId)}`));
      if (query.state === 'open') where.push('c.closed_on IS NULL');
      if (query.state === 'closed') where.push('c.closed_on IS NOT NULL');

      const filter = where.join(' AND ');
      const countParams = [...params];
      const on = today();
      const limit = param(query.limit);
      const offset = param(query.offset);
      const [count, page] = await Promise.all([
        pool.query(`SELECT count(*) AS total FROM child c WHERE ${filter}`, countParams),
        pool.query(
          `SELECT p.*, st.statuses, al.allocations FROM (
             SELECT c.id, c.case_id, c.name, c.date_of_birth, c.expected_date_of_birth,
                    c.closed_on
             FROM child c WHERE ${filter}
             ORDER BY c.name, c.case_id, c.id LIMIT ${limit} OFFSET ${offset}
           ) p
           LEFT JOIN LATERAL (
             SELECT array_agg(DISTINCT e.status ORDER BY e.status) AS statuses
             FROM child_status_episode e
             WHERE e.organisation_id = $1 AND e.child_id = p.id AND ${current('e', on)}
           ) st ON true
           LEFT JOIN LATERAL (
             SELECT json_agg(json_build_object('workerId', a.worker_id, 'workerName', s.name,
                      'role', a.role, 'teamId', s.team_id, 'teamName', t.name)
                    ORDER BY a.starts_on, s.name) AS allocations
             FROM child_allocation a
             JOIN staff_member s ON s.organisation_id = a.organisation_id AND s.id = a.worker_id
             LEFT JOIN org_unit t ON t.organisation_id = s.organisation_id AND t.id = s.team_id
             WHERE a.organisation_id = $1 AND a.child_id = p.id AND ${current('a', on)}
           ) al ON true
           ORDER BY p.name, p.case_id, p.id`,
          params,
        ),
      ]);
      const items = page.rows.map(
        (row): ChildListItem => ({
          id: row.id,
          caseId: row.case_id,
          name: row.name ?? null,
          dateOfBirth: row.date_of_birth ?? null,
          expectedDateOfBirth: row.expected_date_of_birth ?? null,
          closedOn: row.closed_on ?? null,
          statuses: row.statuses ?? [],
          allocations: row.allocations ?? [],
        }),
      );
      return { total: count.rows[0].total as number, items };
    },

    async findById(organisationId: string, id: string): Promise<ChildRecord | undefined> {
      const { rows } = await pool.query(
        `SELECT ${childColumns} FROM child c WHERE c.organisation_id = $1 AND c.id = $2`,
        [organisationId, id],
      );
      return rows[0] ? toChild(rows[0]) : undefined;
    },

    /** The workers allocated to the child on the day, and their teams. */
    async accessFacts(organisationId: string, id: string, today: IsoDate) {
      const { rows } = await pool.query(
        `SELECT DISTINCT a.worker_id, s.team_id FROM child_allocation a
         JOIN staff_member s ON s.organisation_id = a.organisation_id AND s.id = a.worker_id
         WHERE a.organisation_id = $1 AND a.child_id = $2 AND ${current('a', '$3')}`,
        [organisationId, id, today],
      );
      return {
        allocatedWorkerIds: [...new Set(rows.map((row) => row.worker_id as string))],
        allocatedTeamIds: [
          ...new Set(rows.map((row) => row.team_id as string | null).filter((t) => t !== null)),
        ],
      } satisfies ChildAccessFacts;
    },

    /** Everything the child's page shows below the summary. */
    async history(organisationId: string, id: string) {
      const [episodes, flags, allocations, events] = await Promise.all([
        pool.query(
          `SELECT status, starts_on, ends_on FROM child_status_episode
           WHERE organisation_id = $1 AND child_id = $2 ORDER BY starts_on DESC, status`,
          [organisationId, id],
        ),
        pool.query(
          `SELECT flag, starts_on, ends_on FROM child_flag
           WHERE organisation_id = $1 AND child_id = $2 ORDER BY starts_on DESC, flag`,
          [organisationId, id],
        ),
        pool.query(
          `SELECT a.worker_id, s.name AS worker_name, t.name AS team_name, a.role, a.starts_on,
                  a.ends_on
           FROM child_allocation a
           JOIN staff_member s ON s.organisation_id = a.organisation_id AND s.id = a.worker_id
           LEFT JOIN org_unit t ON t.organisation_id = s.organisation_id AND t.id = s.team_id
           WHERE a.organisation_id = $1 AND a.child_id = $2
           ORDER BY a.starts_on DESC, s.name, a.role`,
          [organisationId, id],
        ),
        pool.query(
          `SELECT kind, occurred_on FROM child_event
           WHERE organisation_id = $1 AND child_id = $2 ORDER BY occurred_on DESC, kind`,
          [organisationId, id],
        ),
      ]);
      return {
        episodes: episodes.rows.map(
          (row): Episode => ({ status: row.status, startsOn: row.starts_on, endsOn: row.ends_on }),
        ),
        flags: flags.rows.map(
          (row): Flag => ({ flag: row.flag, startsOn: row.starts_on, endsOn: row.ends_on }),
        ),
        allocations: allocations.rows.map(
          (row): Allocation => ({
            workerId: row.worker_id,
            workerName: row.worker_name,
            teamName: row.team_name ?? null,
            role: row.role,
            startsOn: row.starts_on,
            endsOn: row.ends_on,
          }),
        ),
        events: events.rows.map(
          (row): ChildEvent => ({ kind: row.kind, occurredOn: row.occurred_on }),
        ),
      };
    },

    /** Case-holding staff still in post, in the given units or (`'all'`) anywhere. */
    async caseHoldingWorkers(
      organisationId: string,
      unitIds: readonly string[] | 'all',
      today: IsoDate,
    ): Promise<Worker[]> {
      const { rows } = await pool.query(
        `SELECT s.id, s.name, t.name AS team_name FROM staff_member s
         LEFT JOIN org_unit t ON t.organisation_id = s.organisation_id AND t.id = s.team_id
         WHERE s.organisation_id = $1 AND s.case_holding
           AND (s.leaving_date IS NULL OR s.leaving_date >= $2)
           AND ($3::uuid[] IS NULL OR s.team_id = ANY($3::uuid[]))
         ORDER BY s.name, s.id`,
        [organisationId, today, unitIds === 'all' ? null : [...unitIds]],
      );
      return rows.map((row) => ({ id: row.id, name: row.name, teamName: row.team_name ?? null }));
    },

    async teams(organisationId: string): Promise<Team[]> {
      const { rows } = await pool.query(
        `SELECT id, name FROM org_unit WHERE organisation_id = $1 AND kind = 'team'
         ORDER BY name, id`,
        [organisationId],
      );
      return rows.map((row) => ({ id: row.id, name: row.name }));
    },

    async create(
      organisationId: string,
      id: string,
      details: ChildDetails,
      audit: AuditEntry,
    ): Promise<{ outcome: 'done' | 'duplicate_case_id' }> {
      return inTransaction(pool, async (client) => {
        if (await openCaseIdTaken(client, organisationId, details.caseId, null))
          return { outcome: 'duplicate_case_id' } as const;
        await client.query(
          `INSERT INTO child (organisation_id, id, external_id, case_id, name, date_of_birth,
             expected_date_of_birth, opened_on)
           VALUES ($1, $2::uuid, $2::uuid::text, $3, $4, $5, $6, $7)`,
          [
            organisationId,
            id,
            details.caseId,
            details.name,
            details.dateOfBirth,
            details.expectedDateOfBirth,
            details.openedOn,
          ],
        );
        await appendAuditEvent(client, audit);
        return { outcome: 'done' } as const;
      });
    },

    /** Saves the details if nobody has changed the child since `version`. */
    updateDetails(
      organisationId: string,
      id: string,
      version: string,
      details: ChildDetails,
      audit: AuditEntry,
    ) {
      return change<'conflict' | 'duplicate_case_id' | 'closed_before_opened'>(
        organisationId,
        id,
        audit,
        async (client, child) => {
          if (child.version !== version) return { outcome: 'conflict' };
          if (child.closedOn && child.closedOn < details.openedOn)
            return { outcome: 'closed_before_opened' };
          if (
            child.closedOn === null &&
            (await openCaseIdTaken(client, organisationId, details.caseId, id))
          )
            return { outcome: 'duplicate_case_id' };
          await client.query(
            `UPDATE child SET case_id = $3, name = $4, date_of_birth = $5,
               expected_date_of_birth = $6, opened_on = $7
             WHERE organisation_id = $1 AND id = $2`,
            [
              organisationId,
              id,
              details.caseId,
              details.name,
              details.dateOfBirth,
              details.expectedDateOfBirth,
              details.openedOn,
            ],
          );
          return { outcome: 'done' };
        },
      );
    },

    addEpisode(organisationId: string, childId: string, episode: Episode, audit: AuditEntry) {
      return change<'overlap'>(organisationId, childId, audit, async (client) => {
        const { rowCount } = await client.query(
          `SELECT 1 FROM child_status_episode WHERE organisation_id = $1 AND child_id = $2
             AND status = $3
             AND daterange(starts_on, ends_on, '[]') && daterange($4::date, $5::date, '[]')`,
          [organisationId, childId, episode.status, episode.startsOn, episode.endsOn],
        );
        if (rowCount) return { outcome: 'overlap' };
        await client.query(
          `INSERT INTO child_status_episode (organisation_id, child_id, status, starts_on, ends_on)
           VALUES ($1, $2, $3, $4, $5)`,
          [organisationId, childId, episode.status, episode.startsOn, episode.endsOn],
        );
        return { outcome: 'done' };
      });
    },

    endEpisode(
      organisationId: string,
      childId: string,
      key: { status: string; startsOn: IsoDate },
      endsOn: IsoDate,
      audit: AuditEntry,
    ) {
      return change(organisationId, childId, audit, async (client) => {
        const { rowCount } = await client.query(
          `UPDATE child_status_episode SET ends_on = $5
           WHERE organisation_id = $1 AND child_id = $2 AND status = $3 AND starts_on = $4
             AND ends_on IS NULL`,
          [organisationId, childId, key.status, key.startsOn, endsOn],
        );
        return { outcome: rowCount ? 'done' : 'not_found' };
      });
    },

    addFlag(organisationId: string, childId: string, flag: Flag, audit: AuditEntry) {
      return change<'overlap'>(organisationId, childId, audit, async (client) => {
        const { rowCount } = await client.query(
          `SELECT 1 FROM child_flag WHERE organisation_id = $1 AND child_id = $2 AND flag = $3
             AND daterange(starts_on, ends_on, '[]') && daterange($4::date, $5::date, '[]')`,
          [organisationId, childId, flag.flag, flag.startsOn, flag.endsOn],
        );
        if (rowCount) return { outcome: 'overlap' };
        await client.query(
          `INSERT INTO child_flag (organisation_id, child_id, flag, starts_on, ends_on)
           VALUES ($1, $2, $3, $4, $5)`,
          [organisationId, childId, flag.flag, flag.startsOn, flag.endsOn],
        );
        return { outcome: 'done' };
      });
    },

    endFlag(
      organisationId: string,
      childId: string,
      key: { flag: string; startsOn: IsoDate },
      endsOn: IsoDate,
      audit: AuditEntry,
    ) {
      return change(organisationId, childId, audit, async (client) => {
        const { rowCount } = await client.query(
          `UPDATE child_flag SET ends_on = $5
           WHERE organisation_id = $1 AND child_id = $2 AND flag = $3 AND starts_on = $4
             AND ends_on IS NULL`,
          [organisationId, childId, key.flag, key.startsOn, endsOn],
        );
        return { outcome: rowCount ? 'done' : 'not_found' };
      });
    },

    addAllocation(
      organisationId: string,
      childId: string,
      allocation: {
        workerId: string;
        role: AllocationRole;
        startsOn: IsoDate;
        endsOn: IsoDate | null;
      },
      audit: AuditEntry,
    ) {
      return change<'overlap'>(organisationId, childId, audit, async (client) => {
        const { rowCount } = await client.query(
          `SELECT 1 FROM child_allocation WHERE organisation_id = $1 AND child_id = $2
             AND worker_id = $3 AND role = $4
             AND daterange(starts_on, ends_on, '[]') && daterange($5::date, $6::date, '[]')`,
          [
            organisationId,
            childId,
            allocation.workerId,
            allocation.role,
            allocation.startsOn,
            allocation.endsOn,
          ],
        );
        if (rowCount) return { outcome: 'overlap' };
        await client.query(
          `INSERT INTO child_allocation (organisation_id, child_id, worker_id, role, starts_on,
             ends_on) VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            organisationId,
            childId,
            allocation.workerId,
            allocation.role,
            allocation.startsOn,
            allocation.endsOn,
          ],
        );
        return { outcome: 'done' };
      });
    },

    endAllocation(
      organisationId: string,
      childId: string,
      key: { workerId: string; role: string; startsOn: IsoDate },
      endsOn: IsoDate,
      audit: AuditEntry,
    ) {
      return change(organisationId, childId, audit, async (client) => {
        const { rowCount } = await client.query(
          `UPDATE child_allocation SET ends_on = $6
           WHERE organisation_id = $1 AND child_id = $2 AND worker_id = $3 AND role = $4
             AND starts_on = $5 AND ends_on IS NULL`,
          [organisationId, childId, key.workerId, key.role, key.startsOn, endsOn],
        );
        return { outcome: rowCount ? 'done' : 'not_found' };
      });
    },

    addEvent(organisationId: string, childId: string, event: ChildEvent, audit: AuditEntry) {
      return change<'duplicate'>(organisationId, childId, audit, async (client) => {
        const { rowCount } = await client.query(
          `INSERT INTO child_event (organisation_id, child_id, kind, occurred_on)
           VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [organisationId, childId, event.kind, event.occurredOn],
        );
        return { outcome: rowCount ? 'done' : 'duplicate' };
      });
    },

    /** What closing on a date would end: the episodes, flags and allocations still open then. */
    async openOn(organisationId: string, childId: string, closedOn: IsoDate) {
      const still = `organisation_id = $1 AND child_id = $2 AND (ends_on IS NULL OR ends_on > $3)`;
      const [episodes, flags, allocations] = await Promise.all([
        pool.query(
          `SELECT status, starts_on, ends_on FROM child_status_episode WHERE ${still}
           ORDER BY starts_on, status`,
          [organisationId, childId, closedOn],
        ),
        pool.query(
          `SELECT flag, starts_on, ends_on FROM child_flag WHERE ${still} ORDER BY starts_on, flag`,
          [organisationId, childId, closedOn],
        ),
        pool.query(
          `SELECT a.worker_id, s.name AS worker_name, t.name AS team_name, a.role, a.starts_on,
                  a.ends_on
           FROM child_allocation a
           JOIN staff_member s ON s.organisation_id = a.organisation_id AND s.id = a.worker_id
           LEFT JOIN org_unit t ON t.organisation_id = s.organisation_id AND t.id = s.team_id
           WHERE a.organisation_id = $1 AND a.child_id = $2
             AND (a.ends_on IS NULL OR a.ends_on > $3)
           ORDER BY a.starts_on, s.name`,
          [organisationId, childId, closedOn],
        ),
      ]);
      return {
        episodes: episodes.rows.map(
          (row): Episode => ({ status: row.status, startsOn: row.starts_on, endsOn: row.ends_on }),
        ),
        flags: flags.rows.map(
          (row): Flag => ({ flag: row.flag, startsOn: row.starts_on, endsOn: row.ends_on }),
        ),
        allocations: allocations.rows.map(
          (row): Allocation => ({
            workerId: row.worker_id,
            workerName: row.worker_name,
            teamName: row.team_name ?? null,
            role: row.role,
            startsOn: row.starts_on,
            endsOn: row.ends_on,
          }),
        ),
      };
    },

    /**
     * Closes the child's involvement on the date, ending on that date every episode, flag and
     * allocation still open then. Refused if the child changed since `version`, or if something
     * still open starts after the date.
     */
    close(
      organisationId: string,
      childId: string,
      version: string,
      closedOn: IsoDate,
      audit: AuditEntry,
    ) {
      return change<'conflict' | 'already_closed' | 'before_opened' | 'starts_after'>(
        organisationId,
        childId,
        audit,
        async (client, child) => {
          if (child.closedOn) return { outcome: 'already_closed' };
          if (child.version !== version) return { outcome: 'conflict' };
          if (closedOn < child.openedOn) return { outcome: 'before_opened' };
          const latest = await latestOpenStart(client, organisationId, childId, closedOn);
          if (latest && latest > closedOn) return { outcome: 'starts_after' };
          const args = [organisationId, childId, closedOn];
          for (const table of ['child_status_episode', 'child_flag', 'child_allocation']) {
            await client.query(
              `UPDATE ${table} SET ends_on = $3
               WHERE organisation_id = $1 AND child_id = $2 AND (ends_on IS NULL OR ends_on > $3)`,
              args,
            );
          }
          await client.query(
            'UPDATE child SET closed_on = $3 WHERE organisation_id = $1 AND id = $2',
            args,
          );
          return { outcome: 'done' };
        },
      );
    },

    /** Opens a closed child again; what was ended on closing stays ended. */
    reopen(organisationId: string, childId: string, audit: AuditEntry) {
      return change<'not_closed' | 'duplicate_case_id'>(
        organisationId,
        childId,
        audit,
        async (client, child) => {
          if (!child.closedOn) return { outcome: 'not_closed' };
          if (await openCaseIdTaken(client, organisationId, child.caseId, childId))
            return { outcome: 'duplicate_case_id' };
          await client.query(
            'UPDATE child SET closed_on = NULL WHERE organisation_id = $1 AND id = $2',
            [organisationId, childId],
          );
          return { outcome: 'done' };
        },
      );
    },

    /** The latest start among items open on a date: the earliest the child could close. */
    latestOpenStart: (organisationId: string, childId: string, closedOn: IsoDate) =>
      latestOpenStart(pool, organisationId, childId, closedOn),
  };
}
export type ChildRepository = ReturnType<typeof childRepository>;
