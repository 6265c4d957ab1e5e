/**
 * Records on a change of supervisor: the supervisee's decisions on passing their records to each
 * new supervisor, the redactions laid over records' text, and the facts a record's passing on is
 * decided on, loaded with the record (transferFactsOf). Every change is one transaction with its
 * audit entry; a redaction is laid or withdrawn, never edited (0013_record_transfer.sql).
 */
import type pg from 'pg';
import { deepMerge } from '../domain/policy/overrides.ts';
import { getPack } from '../domain/policy/registry.ts';
import type { RecordTransferRule } from '../domain/policy/schema.ts';
import {
  type Decision,
  defaultTransferPolicy,
  type Redaction,
  type TransferFacts,
  type TransferPolicy,
  transferableKinds,
} from '../features/record-transfer/rules.ts';
import { auditChange, type ChangeAudit, inTransaction } from './transaction.ts';

type Db = pg.Pool | pg.PoolClient;

/** A record row as transferFactsOf needs it. */
export type TransferRow = {
  id: string;
  kind: string;
  authorId: string | null;
  superviseeId: string | null;
};

/** The organisation's rule: its pack's, with its overrides of it (validated when stored). */
async function policyOf(db: Db, organisationId: string): Promise<TransferPolicy> {
  // The base is the built-in pack, or the whole pack imported as the latest policy version.
  const { rows } = await db.query(
    `SELECT o.policy_pack_id, o.overrides -> 'recordTransfer' AS own, v.pack IS NOT NULL AS imported,
       v.pack -> 'recordTransfer' AS imported_rule
     FROM organisation o
     LEFT JOIN LATERAL (SELECT pack FROM policy_version WHERE organisation_id = o.id
                        ORDER BY version DESC LIMIT 1) v ON true
     WHERE o.id = $1`,
    [organisationId],
  );
  const row = rows[0];
  if (!row) return defaultTransferPolicy;
  const base = row.imported
    ? (row.imported_rule ?? undefined)
    : getPack(row.policy_pack_id)?.recordTransfer;
  const rule = deepMerge(base, row.own ?? undefined) as RecordTransferRule | undefined;
  return rule ? { consent: rule.consent, redaction: rule.redaction } : defaultTransferPolicy;
}

/** Each supervisee's relationships, ended or not. */
async function spansOf(db: Db, organisationId: string, superviseeIds: string[]) {
  const { rows } = await db.query(
    `SELECT supervisee_id, supervisor_id, starts_on, ends_on FROM supervisory_relationship
     WHERE organisation_id = $1 AND supervisee_id = ANY($2::uuid[])`,
    [organisationId, superviseeIds],
  );
  const spans = new Map<string, TransferFacts['spans'][number][]>();
  for (const r of rows) {
    const list = spans.get(r.supervisee_id) ?? [];
    list.push({ supervisorId: r.supervisor_id, startsOn: r.starts_on, endsOn: r.ends_on ?? null });
    spans.set(r.supervisee_id, list);
  }
  return spans;
}

async function decisionsOf(db: Db, organisationId: string, superviseeIds: string[]) {
  const { rows } = await db.query(
    `SELECT supervisee_id, supervisor_id, decision FROM record_transfer_consent
     WHERE organisation_id = $1 AND supervisee_id = ANY($2::uuid[])`,
    [organisationId, superviseeIds],
  );
  const decisions = new Map<string, Record<string, Decision>>();
  for (const r of rows) {
    const own = decisions.get(r.supervisee_id) ?? {};
    own[r.supervisor_id] = r.decision;
    decisions.set(r.supervisee_id, own);
  }
  return decisions;
}

/** Each writer's line manager and the managers of their team and every unit above it. */
async function managersOf(db: Db, organisationId: string, staffIds: string[]) {
  const { rows } = await db.query(
    `WITH RECURSIVE up AS (
       SELECT s.id AS staff_id, u.id AS unit_id, u.parent_id, u.manager_id
       FROM staff_member s JOIN org_unit u ON u.organisation_id = s.organisation_id
         AND u.id = s.team_id
       WHERE s.organisation_id = $1 AND s.id = ANY($2::uuid[])
       UNION
       SELECT up.staff_id, u.id, u.parent_id, u.manager_id FROM up
       JOIN org_unit u ON u.organisation_id = $1 AND u.id = up.parent_id
     )
     SELECT staff_id, manager_id FROM up WHERE manager_id IS NOT NULL
     UNION
     SELECT id, line_manager_id FROM staff_member
     WHERE organisation_id = $1 AND id = ANY($2::uuid[]) AND line_manager_id IS NOT NULL`,
    [organisationId, staffIds],
  );
  const managers = new Map<string, string[]>();
  for (const r of rows)
    managers.set(r.staff_id, [...(managers.get(r.staff_id) ?? []), r.manager_id]);
  return managers;
}

function toRedaction(row: Record<string, unknown>): Redaction {
  return {
    id: row.id as string,
    version: row.version as number,
    field: row.field as string,
    passage: row.passage as string,
    replacement: row.replacement as string,
    reason: row.reason as string,
    redactedByName: (row.redacted_by_name as string | null) ?? null,
    redactedAt: row.redacted_at as Date,
    withdrawnAt: (row.withdrawn_at as Date | null) ?? null,
    withdrawnByName: (row.withdrawn_by_name as string | null) ?? null,
    withdrawReason: (row.withdraw_reason as string | null) ?? null,
  };
}

async function redactionsOf(db: Db, organisationId: string, recordIds: string[]) {
  const { rows } = await db.query(
    `SELECT r.*, b.display_name AS redacted_by_name, w.display_name AS withdrawn_by_name
     FROM record_redaction r
     LEFT JOIN user_account b ON b.organisation_id = r.organisation_id AND b.id = r.redacted_by
     LEFT JOIN user_account w ON w.organisation_id = r.organisation_id AND w.id = r.withdrawn_by
     WHERE r.organisation_id = $1 AND r.record_id = ANY($2::uuid[])
     ORDER BY r.redacted_at, r.id`,
    [organisationId, recordIds],
  );
  const byRecord = new Map<string, Redaction[]>();
  for (const row of rows)
    byRecord.set(row.record_id, [...(byRecord.get(row.record_id) ?? []), toRedaction(row)]);
  return byRecord;
}

/**
 * The facts each record's passing on is decided on (for the kinds that pass) and the redactions
 * laid over each: the same few queries whatever the number of records.
 */
export async function transferFactsOf(db: Db, organisationId: string, records: TransferRow[]) {
  const redactions = await redactionsOf(
    db,
    organisationId,
    records.map((r) => r.id),
  );
  const facts = new Map<string, TransferFacts>();
  const passing = records.filter(
    (r) =>
      (transferableKinds as readonly string[]).includes(r.kind) && r.authorId && r.superviseeId,
  );
  if (passing.length === 0) return { facts, redactions };
  const supervisees = [...new Set(passing.map((r) => r.superviseeId as string))];
  const authors = [...new Set(passing.map((r) => r.authorId as string))];
  const [policy, spans, decisions, managers] = await Promise.all([
    policyOf(db, organisationId),
    spansOf(db, organisationId, supervisees),
    decisionsOf(db, organisationId, supervisees),
    managersOf(db, organisationId, authors),
  ]);
  for (const r of passing)
    facts.set(r.id, {
      policy,
      spans: spans.get(r.superviseeId as string) ?? [],
      decisions: decisions.get(r.superviseeId as string) ?? {},
      authorManagers: [...new Set(managers.get(r.authorId as string) ?? [])],
    });
  return { facts, redactions };
}

export type NewRedaction = {
  recordId: string;
  version: number;
  field: string;
  passage: string;
  reason: string;
  userId: string;
};

export function recordTransferRepository(db: pg.Pool) {
  return {
    policy: (organisationId: string) => policyOf(db, organisationId),

    /** The supervisee's decisions, by new supervisor, with when they were made. */
    async decisions(organisationId: string, superviseeId: string) {
      const { rows } = await db.query(
        `SELECT supervisor_id, decision, decided_at FROM record_transfer_consent
         WHERE organisation_id = $1 AND supervisee_id = $2`,
        [organisationId, superviseeId],
      );
      return new Map(
        rows.map((r) => [
          r.supervisor_id as string,
          { decision: r.decision as Decision, decidedAt: r.decided_at as Date },
        ]),
      );
    },

    /** The supervisee's personal records of the kinds that pass, newest first. */
    async recordsAbout(organisationId: string, superviseeId: string): Promise<string[]> {
      const { rows } = await db.query(
        `SELECT r.id FROM supervision_record r
         JOIN record_staff rs ON rs.organisation_id = r.organisation_id AND rs.record_id = r.id
           AND rs.position = 0
         WHERE r.organisation_id = $1 AND rs.staff_id = $2 AND r.kind = ANY($3::text[])
           AND NOT EXISTS (SELECT 1 FROM record_child c
                           WHERE c.organisation_id = r.organisation_id AND c.record_id = r.id)
         ORDER BY r.meeting_date DESC, r.id`,
        [organisationId, superviseeId, transferableKinds],
      );
      return rows.map((r) => r.id as string);
    },

    /** Records the supervisee's decision for one new supervisor, replacing any before it. */
    async decide(
      organisationId: string,
      input: { superviseeId: string; supervisorId: string; decision: Decision; userId: string },
      audit: ChangeAudit,
    ) {
      await inTransaction(db, async (client) => {
        await client.query(
          `INSERT INTO record_transfer_consent (organisation_id, supervisee_id, supervisor_id,
             decision, decided_by)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (organisation_id, supervisee_id, supervisor_id) DO UPDATE SET
             decision = EXCLUDED.decision, decided_at = now(), decided_by = EXCLUDED.decided_by`,
          [organisationId, input.superviseeId, input.supervisorId, input.decision, input.userId],
        );
        await auditChange(client, organisationId, 'staff_member', input.superviseeId, audit);
      });
    },

    async redact(organisationId: string, input: NewRedaction, audit: ChangeAudit) {
      return inTransaction(db, async (client) => {
        const { rows } = await client.query(
          `INSERT INTO record_redaction (organisation_id, record_id, version, field, passage,
             reason, redacted_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [
            organisationId,
            input.recordId,
            input.version,
            input.field,
            input.passage,
            input.reason,
            input.userId,
          ],
        );
        const id = rows[0].id as string;
        await auditChange(client, organisationId, 'supervision_record', input.recordId, {
          ...audit,
          detail: { ...audit.detail, redactionId: id, version: input.version, field: input.field },
        });
        return id;
      });
    },

    /** Withdraws a redaction in force; false when there is none by that id on the record. */
    async withdraw(
      organisationId: string,
      input: { recordId: string; redactionId: string; reason: string; userId: string },
      audit: ChangeAudit,
    ): Promise<boolean> {
      return inTransaction(db, async (client) => {
        const { rowCount } = await client.query(
          `UPDATE record_redaction SET withdrawn_at = now(), withdrawn_by = $4,
             withdraw_reason = $5
           WHERE organisation_id = $1 AND record_id = $2 AND id = $3 AND withdrawn_at IS NULL`,
          [organisationId, input.recordId, input.redactionId, input.userId, input.reason],
        );
        if (rowCount !== 1) return false;
        await auditChange(client, organisationId, 'supervision_record', input.recordId, {
          ...audit,
          detail: { ...audit.detail, redactionId: input.redactionId },
        });
        return true;
      });
    },
  };
}
export type RecordTransferRepository = ReturnType<typeof recordTransferRepository>;
