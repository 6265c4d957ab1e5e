import type pg from 'pg';

/** What the administrators' audit-log page filters on; every part optional. */
export type AuditLogFilter = {
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  actorUserId?: string | undefined;
  /** Part of the action, any case: 'view' finds every '….viewed'. */
  action?: string | undefined;
  /** From this instant (inclusive) to that one (exclusive). */
  from?: Date | undefined;
  to?: Date | undefined;
  /** Events up to this sequence only: pages stay put while the trail grows. */
  upTo?: number | undefined;
};

export type AuditLogEvent = {
  /** The event's place in the organisation's chain. */
  sequence: number;
  occurredAt: Date;
  actorUserId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  detail: Record<string, unknown>;
  requestId: string | null;
};

const likeText = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

function whereOf(organisationId: string, filter: AuditLogFilter) {
  const where = ['e.organisation_id = $1'];
  const values: unknown[] = [organisationId];
  const add = (sql: (p: string) => string, value: unknown) => {
    values.push(value);
    where.push(sql(`$${values.length}`));
  };
  if (filter.resourceType) add((p) => `e.resource_type = ${p}`, filter.resourceType);
  if (filter.resourceId) add((p) => `e.resource_id = ${p}`, filter.resourceId);
  if (filter.actorUserId) add((p) => `e.actor_user_id = ${p}`, filter.actorUserId);
  if (filter.action) add((p) => `e.action ILIKE ${p}`, likeText(filter.action));
  if (filter.from) add((p) => `e.occurred_at >= ${p}`, filter.from);
  if (filter.to) add((p) => `e.occurred_at < ${p}`, filter.to);
  if (filter.upTo !== undefined) add((p) => `e.id <= ${p}`, filter.upTo);
  return { where: where.join(' AND '), values };
}

/** Reads the organisation's audit trail, newest first (appending is audit-log-repository's). */
export function auditLogReader(db: pg.Pool) {
  return {
    /** The sequence of the organisation's latest event (0 when there is none). */
    async latestSequence(organisationId: string): Promise<number> {
      const { rows } = await db.query(
        'SELECT coalesce(max(id), 0) AS n FROM audit_event WHERE organisation_id = $1',
        [organisationId],
      );
      return Number(rows[0].n);
    },

    async count(organisationId: string, filter: AuditLogFilter): Promise<number> {
      const { where, values } = whereOf(organisationId, filter);
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM audit_event e WHERE ${where}`,
        values,
      );
      return rows[0].n as number;
    },

    async search(
      organisationId: string,
      filter: AuditLogFilter,
      page: { limit: number; offset: number },
    ): Promise<AuditLogEvent[]> {
      const { where, values } = whereOf(organisationId, filter);
      values.push(page.limit, page.offset);
      const { rows } = await db.query(
        `SELECT e.id, e.occurred_at, e.actor_user_id, u.display_name, u.email, e.action,
           e.resource_type, e.resource_id, e.detail, e.request_id
         FROM audit_event e
         LEFT JOIN user_account u ON u.organisation_id = e.organisation_id AND u.id = e.actor_user_id
         WHERE ${where}
         ORDER BY e.id DESC LIMIT $${values.length - 1} OFFSET $${values.length}`,
        values,
      );
      return rows.map((row) => ({
        sequence: Number(row.id),
        occurredAt: row.occurred_at,
        actorUserId: row.actor_user_id ?? null,
        actorName: row.display_name ?? null,
        actorEmail: row.email ?? null,
        action: row.action,
        resourceType: row.resource_type,
        resourceId: row.resource_id ?? null,
        detail: row.detail ?? {},
        requestId: row.request_id ?? null,
      }));
    },

    /** The organisation's accounts, to filter by who acted. */
    async actors(organisationId: string) {
      const { rows } = await db.query(
        `SELECT id, display_name, email FROM user_account WHERE organisation_id = $1
         ORDER BY display_name, id`,
        [organisationId],
      );
      return rows.map((row) => ({
        id: row.id as string,
        name: row.display_name as string,
        email: row.email as string,
      }));
    },

    /** The kinds of resource on the trail, for the filter's choices. */
    async resourceTypes(organisationId: string): Promise<string[]> {
      const { rows } = await db.query(
        `SELECT DISTINCT resource_type FROM audit_event WHERE organisation_id = $1
         ORDER BY resource_type`,
        [organisationId],
      );
      return rows.map((row) => row.resource_type as string);
    },
  };
}
