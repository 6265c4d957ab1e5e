import type pg from 'pg';
import { appendAuditEvent } from './audit-log-repository.ts';

/** Who made a change and what it was, written to the audit trail in the change's transaction. */
export type ChangeAudit = {
  actorUserId: string;
  action: string;
  requestId?: string | undefined;
  /** Which fields changed, never the values of personal details. */
  detail?: Record<string, unknown>;
};

/** Thrown inside `inTransaction` to roll back and return a value instead of failing. */
export class Rollback<T> {
  constructor(readonly value: T) {}
}

/** How a transaction begins: PostgreSQL's default (read committed, read write) unless told. */
export type TransactionOptions = {
  isolation?: 'read committed' | 'repeatable read' | 'serializable';
  readOnly?: boolean;
};

/**
 * Runs `work` in one transaction on one connection: it commits when `work` resolves and rolls
 * back when it throws; a thrown `Rollback` rolls back quietly and gives its value.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  { isolation, readOnly }: TransactionOptions = {},
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(
      `BEGIN${isolation ? ` ISOLATION LEVEL ${isolation.toUpperCase()}` : ''}${readOnly ? ' READ ONLY' : ''}`,
    );
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    if (error instanceof Rollback) return error.value as T;
    throw error;
  } finally {
    client.release();
  }
}

/** Appends the audit event of a change to a row, inside the change's transaction. */
export function auditChange(
  client: pg.PoolClient,
  organisationId: string,
  resourceType: string,
  resourceId: string,
  audit: ChangeAudit,
) {
  return appendAuditEvent(client, {
    organisationId,
    actorUserId: audit.actorUserId,
    action: audit.action,
    resourceType,
    resourceId,
    detail: audit.detail ?? {},
    requestId: audit.requestId ?? null,
  });
}
