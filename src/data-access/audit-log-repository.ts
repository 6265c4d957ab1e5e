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
 * organisation serialises writers, so two requests cannot both chain from the same row.
 */
export async function appendAuditEvent(db: pg.Pool | pg.PoolClient, entry: AuditEntry) {
  const detail = entry.detail ?? {};
  await db.query(
    `WITH lock AS (SELECT pg_advisory_xact_lock(hashtextextended($1::uuid::text, 42))),
     previous AS (
       SELECT coalesce((SELECT hash FROM audit_event WHERE organisation_id = $1
                        ORDER BY id DESC LIMIT 1), $8) AS hash FROM lock)
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

/** Recomputes the chain; returns the id of the first row that does not match, or null. */
export async function verifyAuditChain(db: pg.Pool, organisationId: string) {
  const { rows } = await db.query(
    `SELECT id, actor_user_id, action, resource_type, resource_id, detail, previous_hash, hash
     FROM audit_event WHERE organisation_id = $1 ORDER BY id`,
    [organisationId],
  );
  let previous = genesis;
  for (const row of rows) {
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
    const expected = createHash('sha256')
      .update(previous + payload)
      .digest('hex');
    if (row.previous_hash !== previous || row.hash !== expected) return row.id as number;
    previous = row.hash;
  }
  return null;
}
