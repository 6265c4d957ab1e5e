import { createHash } from 'node:crypto';
import type pg from 'pg';
import { canonicalJson } from '../domain/canonical-json.ts';

export type AuditEntry = {
  organisationId: string;
  actorUserId: string | null;
  action: string;
  resourceType: string;
  resourceId?: string | null;
  detail?: Record<string, unknown>;
  requestId?: string | null;
};

const genesis = '0'.repeat(64);

/**
 * Appends to the organisation's hash chain. The transaction-scoped advisory lock on the
 * organisation serialises writers; it is taken in a statement of its own, because a statement's
 * snapshot is taken before it waits for a lock, and the previous hash must be read after the
 * writer before has committed. Given the pool, the append is its own transaction; given a client,
 * it joins the transaction the client is in.
 */
export async function appendAuditEvent(db: pg.Pool | pg.PoolClient, entry: AuditEntry) {
  if (!('release' in db)) {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await appendInTransaction(client, entry);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    return;
  }
  await appendInTransaction(db, entry);
}

async function appendInTransaction(client: pg.PoolClient, entry: AuditEntry) {
  const detail = entry.detail ?? {};
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1::uuid::text, 42))', [
    entry.organisationId,
  ]);
  await client.query(
    `WITH previous AS (
       SELECT coalesce((SELECT hash FROM audit_event WHERE organisation_id = $1
                        ORDER BY id DESC LIMIT 1), $8) AS hash)
     INSERT INTO audit_event (organisation_id, actor_user_id, action, resource_type, resource_id,
                              detail, request_id, previous_hash, hash)
     SELECT $1, $2, $3, $4, $5, $6, $7, previous.hash,
            encode(sha256(convert_to(previous.hash || $9, 'UTF8')), 'hex')
     FROM previous`,
    [
      entry.organisationId,
      entry.actorUserId,
      entry.action,
      entry.resourceType,
      entry.resourceId ?? null,
      detail,
      entry.requestId ?? null,
      genesis,
      chainPayload(entry, detail),
    ],
  );
}

// jsonb reorders object keys, so the payload is hashed with keys sorted to verify later.
function chainPayload(entry: AuditEntry, detail: Record<string, unknown>): string {
  return canonicalJson([
    entry.actorUserId,
    entry.action,
    entry.resourceType,
    entry.resourceId ?? null,
    detail,
  ]);
}

/** A row of the trail that does not fit the chain, and what that means. */
export type ChainProblem = { id: number; problem: 'edited' | 'link_broken'; detail: string };

/**
 * Recomputes the organisation's chain row by row. A row whose hash is not the hash of its own
 * content was edited in place; a row whose previous hash is not the stored hash of the row
 * before it follows a deleted row, was moved, or follows a row whose hash was rewritten. Each
 * row is checked against what is stored, so one change is named once, not at every later row.
 */
export async function auditChainProblems(
  db: pg.Pool,
  organisationId: string,
): Promise<ChainProblem[]> {
  const { rows } = await db.query(
    `SELECT id, actor_user_id, action, resource_type, resource_id, detail, previous_hash, hash
     FROM audit_event WHERE organisation_id = $1 ORDER BY id`,
    [organisationId],
  );
  const problems: ChainProblem[] = [];
  let previous = { id: null as number | null, hash: genesis };
  for (const row of rows) {
    const id = Number(row.id);
    const payload = chainPayload(
      {
        organisationId,
        actorUserId: row.actor_user_id,
        action: row.action,
        resourceType: row.resource_type,
        resourceId: row.resource_id,
      },
      row.detail,
    );
    if (row.previous_hash !== previous.hash)
      problems.push({
        id,
        problem: 'link_broken',
        detail:
          previous.id === null
            ? 'the first row does not start the chain: rows before it were deleted'
            : `its previous hash is not the hash of row ${previous.id}: a row between them was deleted, rows were reordered, or row ${previous.id} was rewritten`,
      });
    const expected = createHash('sha256')
      .update(row.previous_hash + payload)
      .digest('hex');
    if (row.hash !== expected)
      problems.push({ id, problem: 'edited', detail: 'its content does not match its hash' });
    previous = { id, hash: row.hash };
  }
  return problems;
}

/** The id of the first row that does not fit the chain, or null when the whole chain holds. */
export async function verifyAuditChain(db: pg.Pool, organisationId: string) {
  return (await auditChainProblems(db, organisationId))[0]?.id ?? null;
}
