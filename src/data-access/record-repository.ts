/**
 * Supervision records written in Oversight: the record row the compliance engine reads, its
 * versions (content, signatories, signatures), escalated disagreements, and the actions a
 * version agrees and the progress it gives on earlier ones. Every change is one transaction
 * with its audit entry. Locked versions are fixed by the triggers in 0008_records.sql.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { IsoDate } from '../domain/calendar/period.ts';
import type { RoleCategory } from '../domain/organisation/vocabulary.ts';
import type { RecordParty, Template } from '../domain/policy/schema.ts';
import type { RecordKind, SessionKind } from '../domain/policy/vocabulary.ts';
import type {
  ActionReview,
  CaseloadChild,
  OpenAction,
  RecordContent,
  Signatory,
  Signature,
  VersionStatus,
} from '../domain/records/types.ts';
import { queueNotice } from '../features/notifications/notices.ts';
import type { Redaction, TransferFacts } from '../features/record-transfer/rules.ts';
import { queueChildNotes } from './child-record-repository.ts';
import { transferFactsOf } from './record-transfer-repository.ts';
import { auditChange, type ChangeAudit, inTransaction, Rollback } from './transaction.ts';

export type RecordPerson = {
  id: string;
  name: string;
  roleCategory: RoleCategory | null;
  teamId: string | null;
  lineManagerId: string | null;
  /** Everyone supervising them today, in any relationship (cover included). */
  supervisorIds: string[];
};

export type RecordChild = {
  id: string;
  externalId: string;
  caseId: string;
  name: string | null;
  allocatedWorkerIds: string[];
  allocatedTeamIds: string[];
};

export type SignatureRow = Signature & { staffName: string };

export type RecordVersion = {
  version: number;
  status: VersionStatus;
  template: Template;
  headline: string;
  content: RecordContent;
  signatories: Signatory[];
  signatures: SignatureRow[];
  amendmentReason: string | null;
  /** Bumped by every save: an edit carries it back, so a change in between is a conflict. */
  revision: number;
  createdByName: string | null;
  createdAt: Date;
  updatedAt: Date;
  sharedAt: Date | null;
  lockedAt: Date | null;
};

export type Escalation = {
  id: string;
  version: number;
  raisedByName: string | null;
  raisedAt: Date;
  reason: string;
  toStaffId: string;
  toStaffName: string;
  response: string | null;
  respondedByName: string | null;
  respondedAt: Date | null;
};

export type StoredRecord = {
  id: string;
  externalId: string;
  kind: RecordKind;
  date: IsoDate;
  sessionId: string | null;
  /** The kind of session it was written for, if any. */
  sessionKind: SessionKind | null;
  templateId: string | null;
  author: RecordPerson | null;
  observer: RecordPerson | null;
  people: RecordPerson[];
  children: RecordChild[];
  writtenOn: IsoDate | null;
  sharedOn: IsoDate | null;
  signedOn: IsoDate | null;
  onChildRecordOn: IsoDate | null;
  dateRecordedOn: IsoDate | null;
  /** Oldest first; empty for a record imported from another system (metadata only). */
  versions: RecordVersion[];
  escalations: Escalation[];
  /** Open audits that sampled it (not yet fed back): their auditors may read it meanwhile. */
  openAudits: { id: string; auditorId: string }[];
  /** For the kinds that pass to a new supervisor: what passing it on is decided on. */
  transfer?: TransferFacts | undefined;
  /** Redactions laid over its text (withdrawn ones too): shown through record-access. */
  redactions?: Redaction[] | undefined;
};

/** A record in a list: what a row shows and access is decided on. */
export type RecordSummary = {
  id: string;
  kind: RecordKind;
  date: IsoDate;
  headline: string | null;
  version: number | null;
  status: VersionStatus | null;
  authorId: string | null;
  authorName: string | null;
  people: { id: string; name: string }[];
  childIds: string[];
  /** Who still has to sign the open version. */
  awaiting: { party: RecordParty; staffId: string }[];
};

export type NewRecord = {
  kind: RecordKind;
  date: IsoDate;
  sessionId: string | null;
  authorId: string;
  observerId: string | null;
  staffIds: readonly string[];
  childIds: readonly string[];
  template: Template;
  headline: string;
  createdBy: string;
};

export type ActionSync = {
  /** The supervisee the actions are about (staff_id), for personal records. */
  staffId: string | null;
  setOn: IsoDate;
};

export type SaveOutcome =
  | { outcome: 'saved'; revision: number }
  | { outcome: 'conflict' }
  /** The version is no longer a draft. */
  | { outcome: 'fixed' };

const personColumns = (alias: string, today: string) => `${alias}.id, ${alias}.name,
  ${alias}.role_category, ${alias}.team_id, ${alias}.line_manager_id,
  coalesce((SELECT array_agg(DISTINCT r.supervisor_id::text) FROM supervisory_relationship r
     WHERE r.organisation_id = ${alias}.organisation_id AND r.supervisee_id = ${alias}.id
       AND r.starts_on <= ${today} AND (r.ends_on IS NULL OR r.ends_on >= ${today})), '{}')
     AS supervisor_ids`;

function toPerson(row: Record<string, unknown>): RecordPerson {
  return {
    id: row.id as string,
    name: row.name as string,
    roleCategory: (row.role_category as RoleCategory | null) ?? null,
    teamId: (row.team_id as string | null) ?? null,
    lineManagerId: (row.line_manager_id as string | null) ?? null,
    supervisorIds: row.supervisor_ids as string[],
  };
}

function toVersion(row: Record<string, unknown>, signatures: SignatureRow[]): RecordVersion {
  return {
    version: row.version as number,
    status: row.status as VersionStatus,
    template: row.template as Template,
    headline: row.headline as string,
    content: {
      answers: row.answers as RecordContent['answers'],
      actions: row.actions as RecordContent['actions'],
      reviews: row.reviews as RecordContent['reviews'],
    },
    signatories: (row.signatories as Signatory[] | null) ?? [],
    signatures,
    amendmentReason: (row.amendment_reason as string | null) ?? null,
    revision: row.revision as number,
    createdByName: (row.created_by_name as string | null) ?? null,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
    sharedAt: (row.shared_at as Date | null) ?? null,
    lockedAt: (row.locked_at as Date | null) ?? null,
  };
}

async function people(db: pg.Pool | pg.PoolClient, organisationId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, RecordPerson>();
  const { rows } = await db.query(
    `SELECT ${personColumns('s', 'current_date')} FROM staff_member s
     WHERE s.organisation_id = $1 AND s.id = ANY($2::uuid[])`,
    [organisationId, ids],
  );
  return new Map(rows.map((row) => [row.id as string, toPerson(row)]));
}

async function lockVersion(
  client: pg.PoolClient,
  organisationId: string,
  recordId: string,
  version: number,
) {
  const { rows } = await client.query(
    `SELECT status, revision, signatories FROM record_version
     WHERE organisation_id = $1 AND record_id = $2 AND version = $3 FOR UPDATE`,
    [organisationId, recordId, version],
  );
  return rows[0] as
    | { status: VersionStatus; revision: number; signatories: Signatory[] | null }
    | undefined;
}

/**
 * Makes the actions of a shared version real: each row is matched to the action it made before
 * by its draft key; an action taken out of an amended version is dropped with the reason, or
 * deleted if it was only made by this same version and nobody has reported on it yet.
 */
async function syncActions(
  client: pg.PoolClient,
  organisationId: string,
  recordId: string,
  version: number,
  content: RecordContent,
  sync: ActionSync,
) {
  const keys = content.actions.map((a) => a.key);
  await client.query(
    `DELETE FROM supervision_action a
     WHERE a.organisation_id = $1 AND a.record_id = $2 AND a.draft_key IS NOT NULL
       AND NOT (a.draft_key = ANY($3::text[])) AND a.record_version = $4
       AND NOT EXISTS (SELECT 1 FROM action_update u
                       WHERE u.organisation_id = a.organisation_id AND u.action_id = a.id)`,
    [organisationId, recordId, keys, version],
  );
  await client.query(
    `UPDATE supervision_action SET status = 'dropped',
       drop_reason = 'Taken out when the record was amended (version ' || $4 || ')',
       updated_at = now()
     WHERE organisation_id = $1 AND record_id = $2 AND draft_key IS NOT NULL
       AND NOT (draft_key = ANY($3::text[])) AND status = 'open'`,
    [organisationId, recordId, keys, version],
  );
  for (const action of content.actions) {
    await client.query(
      `INSERT INTO supervision_action (organisation_id, external_id, description, owner_id,
         record_id, child_id, staff_id, set_on, due_on, status, record_version, draft_key)
       VALUES ($1, $2::text || ':' || $3, $4, $5, $2::uuid, $6, $7, $8, $9, 'open', $10, $3)
       ON CONFLICT (organisation_id, record_id, draft_key) WHERE draft_key IS NOT NULL
       DO UPDATE SET description = EXCLUDED.description, owner_id = EXCLUDED.owner_id,
         child_id = EXCLUDED.child_id, due_on = EXCLUDED.due_on, updated_at = now()`,
      [
        organisationId,
        recordId,
        action.key,
        action.description,
        action.ownerId,
        action.childId ?? null,
        sync.staffId,
        sync.setOn,
        action.dueOn,
        version,
      ],
    );
  }
}

/** The progress this record gives on earlier actions, and each action's state after it. */
async function applyReviews(
  client: pg.PoolClient,
  organisationId: string,
  recordId: string,
  reviews: readonly ActionReview[],
  recordedOn: IsoDate,
  userId: string,
) {
  for (const review of reviews) {
    await client.query(
      `INSERT INTO action_update (organisation_id, action_id, record_id, recorded_on, progress,
         outcome, drop_reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (organisation_id, action_id, record_id) DO UPDATE SET
         progress = EXCLUDED.progress, outcome = EXCLUDED.outcome,
         drop_reason = EXCLUDED.drop_reason, recorded_on = EXCLUDED.recorded_on`,
      [
        organisationId,
        review.actionId,
        recordId,
        recordedOn,
        review.progress,
        review.outcome,
        review.dropReason ?? null,
        userId,
      ],
    );
    await client.query(
      `UPDATE supervision_action SET status = $3,
         completed_on = CASE WHEN $3 = 'completed' THEN $4::date END,
         drop_reason = CASE WHEN $3 = 'dropped' THEN $5 END, updated_at = now()
       WHERE organisation_id = $1 AND id = $2`,
      [organisationId, review.actionId, review.outcome, recordedOn, review.dropReason ?? null],
    );
  }
}

export function recordRepository(db: pg.Pool) {
  /** Rows grouped by the record they belong to, each group in the rows' order. */
  function byRecord<T>(rows: Record<string, unknown>[], map: (row: Record<string, unknown>) => T) {
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const recordId = row.record_id as string;
      const group = groups.get(recordId);
      if (group) group.push(map(row));
      else groups.set(recordId, [map(row)]);
    }
    return groups;
  }

  async function versionsOf(organisationId: string, recordIds: readonly string[]) {
    const [versions, signatures] = await Promise.all([
      db.query(
        `SELECT v.*, u.display_name AS created_by_name FROM record_version v
         LEFT JOIN user_account u ON u.organisation_id = v.organisation_id AND u.id = v.created_by
         WHERE v.organisation_id = $1 AND v.record_id = ANY($2::uuid[]) ORDER BY v.version`,
        [organisationId, recordIds],
      ),
      db.query(
        `SELECT g.record_id, g.version, g.party, g.staff_id, s.name AS staff_name, g.signed_at,
           g.disagreement
         FROM record_signature g
         JOIN staff_member s ON s.organisation_id = g.organisation_id AND s.id = g.staff_id
         WHERE g.organisation_id = $1 AND g.record_id = ANY($2::uuid[]) ORDER BY g.signed_at`,
        [organisationId, recordIds],
      ),
    ]);
    const signaturesOf = byRecord(signatures.rows, (s) => s);
    return byRecord(versions.rows, (row) =>
      toVersion(
        row,
        (signaturesOf.get(row.record_id as string) ?? [])
          .filter((s) => s.version === row.version)
          .map((s) => ({
            party: s.party as SignatureRow['party'],
            staffId: s.staff_id as string,
            staffName: s.staff_name as string,
            signedAt: s.signed_at as Date,
            disagreement: s.disagreement as string | null,
          })),
      ),
    );
  }

  async function escalationsOf(organisationId: string, recordIds: readonly string[]) {
    const { rows } = await db.query(
      `SELECT e.*, r.display_name AS raised_by_name, t.name AS to_staff_name,
         p.display_name AS responded_by_name
       FROM record_escalation e
       JOIN staff_member t ON t.organisation_id = e.organisation_id AND t.id = e.to_staff_id
       LEFT JOIN user_account r ON r.organisation_id = e.organisation_id AND r.id = e.raised_by
       LEFT JOIN user_account p ON p.organisation_id = e.organisation_id AND p.id = e.responded_by
       WHERE e.organisation_id = $1 AND e.record_id = ANY($2::uuid[]) ORDER BY e.raised_at`,
      [organisationId, recordIds],
    );
    return byRecord(
      rows,
      (row): Escalation => ({
        id: row.id as string,
        version: row.version as number,
        raisedByName: (row.raised_by_name as string | null) ?? null,
        raisedAt: row.raised_at as Date,
        reason: row.reason as string,
        toStaffId: row.to_staff_id as string,
        toStaffName: row.to_staff_name as string,
        response: (row.response as string | null) ?? null,
        respondedByName: (row.responded_by_name as string | null) ?? null,
        respondedAt: (row.responded_at as Date | null) ?? null,
      }),
    );
  }

  async function openAuditsOf(organisationId: string, recordIds: readonly string[]) {
    const { rows } = await db.query(
      `SELECT a.id, a.auditor_id, r.record_id FROM quality_audit a
       CROSS JOIN LATERAL unnest(a.record_ids) AS r(record_id)
       WHERE a.organisation_id = $1 AND a.record_ids && $2::uuid[]
         AND a.status <> 'feedback_given' AND r.record_id = ANY($2::uuid[])
       ORDER BY a.assigned_on, a.id`,
      [organisationId, recordIds],
    );
    return byRecord(rows, (row) => ({ id: row.id as string, auditorId: row.auditor_id as string }));
  }

  async function childrenOf(organisationId: string, recordIds: readonly string[]) {
    const { rows } = await db.query(
      `SELECT rc.record_id, c.id, c.external_id, c.case_id, c.name,
         coalesce(array_agg(DISTINCT a.worker_id::text) FILTER (WHERE a.worker_id IS NOT NULL),
           '{}') AS worker_ids,
         coalesce(array_agg(DISTINCT w.team_id::text) FILTER (WHERE w.team_id IS NOT NULL),
           '{}') AS team_ids
       FROM record_child rc
       JOIN child c ON c.organisation_id = rc.organisation_id AND c.id = rc.child_id
       LEFT JOIN child_allocation a ON a.organisation_id = c.organisation_id AND a.child_id = c.id
         AND a.starts_on <= current_date AND (a.ends_on IS NULL OR a.ends_on >= current_date)
       LEFT JOIN staff_member w ON w.organisation_id = a.organisation_id AND w.id = a.worker_id
       WHERE rc.organisation_id = $1 AND rc.record_id = ANY($2::uuid[])
       GROUP BY rc.record_id, c.id, c.external_id, c.case_id, c.name, rc.position
       ORDER BY rc.position`,
      [organisationId, recordIds],
    );
    return byRecord(
      rows,
      (row): RecordChild => ({
        id: row.id as string,
        externalId: row.external_id as string,
        caseId: row.case_id as string,
        name: (row.name as string | null) ?? null,
        allocatedWorkerIds: row.worker_ids as string[],
        allocatedTeamIds: row.team_ids as string[],
      }),
    );
  }

  /**
   * Records with their people, children, versions and escalations: the same few queries
   * whatever the number of records, in the order of `ids` (an id not found is left out).
   */
  async function findMany(organisationId: string, ids: readonly string[]): Promise<StoredRecord[]> {
    if (ids.length === 0) return [];
    const { rows } = await db.query(
      `SELECT r.*, coalesce((SELECT array_agg(rs.staff_id::text ORDER BY rs.position)
         FROM record_staff rs WHERE rs.organisation_id = r.organisation_id
           AND rs.record_id = r.id), '{}') AS staff_ids
         , (SELECT ss.kind FROM supervision_session ss WHERE ss.organisation_id = r.organisation_id
             AND ss.id = r.session_id) AS session_kind
       FROM supervision_record r WHERE r.organisation_id = $1 AND r.id = ANY($2::uuid[])`,
      [organisationId, ids],
    );
    if (rows.length === 0) return [];
    const recordIds = rows.map((r) => r.id as string);
    const personIds = rows.flatMap((r) =>
      [...(r.staff_ids as string[]), r.author_id, r.observer_id].filter((x): x is string => !!x),
    );
    const [byId, children, versions, escalations, audits, transfers] = await Promise.all([
      people(db, organisationId, [...new Set(personIds)]),
      childrenOf(organisationId, recordIds),
      versionsOf(organisationId, recordIds),
      escalationsOf(organisationId, recordIds),
      openAuditsOf(organisationId, recordIds),
      transferFactsOf(
        db,
        organisationId,
        rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          authorId: r.author_id ?? null,
          superviseeId: (r.staff_ids as string[])[0] ?? null,
        })),
      ),
    ]);
    const person = (pid: string | null) => (pid ? (byId.get(pid) ?? null) : null);
    const found = new Map(
      rows.map((r): [string, StoredRecord] => [
        r.id,
        {
          id: r.id,
          externalId: r.external_id,
          kind: r.kind,
          date: r.meeting_date,
          sessionId: r.session_id ?? null,
          sessionKind: r.session_kind ?? null,
          templateId: r.template_id ?? null,
          author: person(r.author_id),
          observer: person(r.observer_id),
          people: (r.staff_ids as string[])
            .map((s) => byId.get(s))
            .filter((p): p is RecordPerson => !!p),
          children: children.get(r.id) ?? [],
          writtenOn: r.written_on ?? null,
          sharedOn: r.shared_on ?? null,
          signedOn: r.signed_on ?? null,
          onChildRecordOn: r.on_child_record_on ?? null,
          dateRecordedOn: r.date_recorded_on ?? null,
          versions: versions.get(r.id) ?? [],
          escalations: escalations.get(r.id) ?? [],
          openAudits: audits.get(r.id) ?? [],
          transfer: transfers.facts.get(r.id),
          redactions: transfers.redactions.get(r.id) ?? [],
        },
      ]),
    );
    // The database gives ids in lower case; one asked for in capitals is the same record.
    return ids.flatMap((id) => {
      const record = found.get(id.toLowerCase());
      return record ? [record] : [];
    });
  }

  return {
    /** Staff with their role, team, line manager and supervisors today. */
    people: (organisationId: string, ids: string[]) => people(db, organisationId, ids),

    async find(organisationId: string, id: string): Promise<StoredRecord | undefined> {
      return (await findMany(organisationId, [id]))[0];
    },

    findMany,

    /** How many records of a kind the organisation has written (the template pages say so). */
    async countOfKind(organisationId: string, kind: string): Promise<number> {
      const { rows } = await db.query(
        'SELECT count(*)::int AS n FROM supervision_record WHERE organisation_id = $1 AND kind = $2',
        [organisationId, kind],
      );
      return rows[0].n;
    },

    /** Makes records with their first draft, all in one transaction. */
    async create(
      organisationId: string,
      records: readonly NewRecord[],
      audit: ChangeAudit,
    ): Promise<string[]> {
      return inTransaction(db, async (client) => {
        const ids: string[] = [];
        for (const input of records) {
          const id = randomUUID();
          await client.query(
            `INSERT INTO supervision_record (organisation_id, id, external_id, kind, meeting_date,
               session_id, author_id, observer_id, template_id, created_by)
             VALUES ($1, $2::uuid, $2::text, $3, $4, $5, $6, $7, $8, $9)`,
            [
              organisationId,
              id,
              input.kind,
              input.date,
              input.sessionId,
              input.authorId,
              input.observerId,
              input.template.id,
              input.createdBy,
            ],
          );
          await client.query(
            `INSERT INTO record_staff (organisation_id, record_id, staff_id, position)
             SELECT $1, $2, s, n - 1 FROM unnest($3::uuid[]) WITH ORDINALITY AS x(s, n)`,
            [organisationId, id, input.staffIds],
          );
          await client.query(
            `INSERT INTO record_child (organisation_id, record_id, child_id, position)
             SELECT $1, $2, c, n - 1 FROM unnest($3::uuid[]) WITH ORDINALITY AS x(c, n)`,
            [organisationId, id, input.childIds],
          );
          await client.query(
            `INSERT INTO record_version (organisation_id, record_id, version, status, template,
               headline, created_by, updated_by)
             VALUES ($1, $2, 1, 'draft', $3, $4, $5, $5)`,
            [organisationId, id, JSON.stringify(input.template), input.headline, input.createdBy],
          );
          await auditChange(client, organisationId, 'supervision_record', id, {
            ...audit,
            detail: { ...audit.detail, kind: input.kind, meetingDate: input.date },
          });
          ids.push(id);
        }
        return ids;
      });
    },

    /** Saves a draft if nobody saved it since `revision` was read. */
    async saveDraft(
      organisationId: string,
      id: string,
      version: number,
      revision: number,
      change: { content: RecordContent; headline: string; userId: string },
      audit: ChangeAudit,
    ): Promise<SaveOutcome> {
      return inTransaction(db, async (client): Promise<SaveOutcome> => {
        const row = await lockVersion(client, organisationId, id, version);
        if (row?.status !== 'draft') return { outcome: 'fixed' };
        if (row.revision !== revision) return { outcome: 'conflict' };
        const { rows } = await client.query(
          `UPDATE record_version SET answers = $4, actions = $5, reviews = $6, headline = $7,
             revision = revision + 1, updated_by = $8, updated_at = now()
           WHERE organisation_id = $1 AND record_id = $2 AND version = $3 RETURNING revision`,
          [
            organisationId,
            id,
            version,
            JSON.stringify(change.content.answers),
            JSON.stringify(change.content.actions),
            JSON.stringify(change.content.reviews),
            change.headline,
            change.userId,
          ],
        );
        await auditChange(client, organisationId, 'supervision_record', id, audit);
        return { outcome: 'saved', revision: rows[0].revision };
      });
    },

    /**
     * Shares a draft with its signatories: the author signs in the same step when they are one,
     * the actions become tracked actions and the progress on earlier ones is applied. When the
     * author is the only signatory the version locks at once.
     */
    async share(
      organisationId: string,
      id: string,
      version: number,
      input: {
        revision: number;
        signatories: Signatory[];
        authorSignature: { party: RecordParty; staffId: string } | null;
        content: RecordContent;
        userId: string;
        today: IsoDate;
        actions: ActionSync;
        locks: boolean;
      },
      audit: ChangeAudit,
    ): Promise<SaveOutcome> {
      return inTransaction(db, async (client): Promise<SaveOutcome> => {
        const row = await lockVersion(client, organisationId, id, version);
        if (row?.status !== 'draft') return { outcome: 'fixed' };
        if (row.revision !== input.revision) return { outcome: 'conflict' };
        await client.query(
          `UPDATE record_version SET status = 'shared', signatories = $4, shared_at = now(),
             shared_by = $5, revision = revision + 1, updated_at = now()
           WHERE organisation_id = $1 AND record_id = $2 AND version = $3`,
          [organisationId, id, version, JSON.stringify(input.signatories), input.userId],
        );
        if (input.authorSignature)
          await client.query(
            `INSERT INTO record_signature (organisation_id, record_id, version, party, staff_id,
               user_id) VALUES ($1, $2, $3, $4, $5, $6)`,
            [
              organisationId,
              id,
              version,
              input.authorSignature.party,
              input.authorSignature.staffId,
              input.userId,
            ],
          );
        await client.query(
          `UPDATE supervision_record SET written_on = coalesce(written_on, $3),
             shared_on = coalesce(shared_on, $3), updated_at = now()
           WHERE organisation_id = $1 AND id = $2`,
          [organisationId, id, input.today],
        );
        await syncActions(client, organisationId, id, version, input.content, input.actions);
        await applyReviews(
          client,
          organisationId,
          id,
          input.content.reviews,
          input.actions.setOn,
          input.userId,
        );
        if (input.locks) await lock(client, organisationId, id, version, input.today);
        else
          await queueNotice(
            client,
            organisationId,
            { kind: 'record_awaiting_signature', recordId: id },
            `${version}.${row.revision}`,
          );
        await auditChange(client, organisationId, 'supervision_record', id, {
          ...audit,
          detail: { ...audit.detail, version, locked: input.locks },
        });
        return { outcome: 'saved', revision: row.revision + 1 };
      });
    },

    /** Takes a shared version back to draft, while nobody but its author has signed. */
    async returnToDraft(
      organisationId: string,
      id: string,
      version: number,
      authorStaffId: string | null,
      audit: ChangeAudit,
    ): Promise<SaveOutcome> {
      return inTransaction(db, async (client): Promise<SaveOutcome> => {
        const row = await lockVersion(client, organisationId, id, version);
        if (row?.status !== 'shared') return { outcome: 'fixed' };
        const others = await client.query(
          `SELECT 1 FROM record_signature WHERE organisation_id = $1 AND record_id = $2
             AND version = $3 AND staff_id IS DISTINCT FROM $4`,
          [organisationId, id, version, authorStaffId],
        );
        if (others.rowCount) return { outcome: 'conflict' };
        await client.query(
          `DELETE FROM record_signature WHERE organisation_id = $1 AND record_id = $2
             AND version = $3`,
          [organisationId, id, version],
        );
        const { rows } = await client.query(
          `UPDATE record_version SET status = 'draft', signatories = NULL, shared_at = NULL,
             shared_by = NULL, revision = revision + 1, updated_at = now()
           WHERE organisation_id = $1 AND record_id = $2 AND version = $3 RETURNING revision`,
          [organisationId, id, version],
        );
        await auditChange(client, organisationId, 'supervision_record', id, audit);
        return { outcome: 'saved', revision: rows[0].revision };
      });
    },

    /** Adds one signatory's signature (or disagreement); the last one locks the version. */
    async sign(
      organisationId: string,
      id: string,
      version: number,
      input: {
        party: RecordParty;
        staffId: string;
        userId: string;
        disagreement: string | null;
        today: IsoDate;
      },
      audit: ChangeAudit,
    ): Promise<{ outcome: 'signed'; locked: boolean } | { outcome: 'conflict' }> {
      return inTransaction(db, async (client) => {
        const row = await lockVersion(client, organisationId, id, version);
        if (row?.status !== 'shared') return { outcome: 'conflict' as const };
        const inserted = await client.query(
          `INSERT INTO record_signature (organisation_id, record_id, version, party, staff_id,
             user_id, disagreement) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT DO NOTHING`,
          [
            organisationId,
            id,
            version,
            input.party,
            input.staffId,
            input.userId,
            input.disagreement,
          ],
        );
        if (!inserted.rowCount) return { outcome: 'conflict' as const };
        const signed = await client.query(
          `SELECT party FROM record_signature WHERE organisation_id = $1 AND record_id = $2
             AND version = $3`,
          [organisationId, id, version],
        );
        const done = new Set(signed.rows.map((s) => s.party as RecordParty));
        const locked = (row.signatories ?? []).every((s) => done.has(s.party));
        if (locked) await lock(client, organisationId, id, version, input.today);
        await auditChange(client, organisationId, 'supervision_record', id, {
          ...audit,
          detail: {
            ...audit.detail,
            version,
            party: input.party,
            disagreed: input.disagreement !== null,
            locked,
          },
        });
        return { outcome: 'signed' as const, locked };
      });
    },

    /** Starts an amendment: a new draft version from the locked one, with the reason. */
    async amend(
      organisationId: string,
      id: string,
      input: { fromVersion: number; reason: string; userId: string; template: Template },
      audit: ChangeAudit,
    ): Promise<{ outcome: 'saved'; version: number } | { outcome: 'conflict' }> {
      return inTransaction(db, async (client) => {
        await client.query(
          'SELECT 1 FROM supervision_record WHERE organisation_id = $1 AND id = $2 FOR UPDATE',
          [organisationId, id],
        );
        const { rows } = await client.query(
          `SELECT version, status, headline, answers, actions, reviews FROM record_version
           WHERE organisation_id = $1 AND record_id = $2 ORDER BY version DESC LIMIT 1`,
          [organisationId, id],
        );
        const latest = rows[0];
        if (latest?.status !== 'locked' || latest.version !== input.fromVersion)
          return { outcome: 'conflict' as const };
        const version = latest.version + 1;
        await client.query(
          `INSERT INTO record_version (organisation_id, record_id, version, status, template,
             headline, answers, actions, reviews, amendment_reason, created_by, updated_by)
           VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, $10, $10)`,
          [
            organisationId,
            id,
            version,
            JSON.stringify(input.template),
            latest.headline,
            JSON.stringify(latest.answers),
            JSON.stringify(latest.actions),
            JSON.stringify(latest.reviews),
            input.reason,
            input.userId,
          ],
        );
        await auditChange(client, organisationId, 'supervision_record', id, {
          ...audit,
          detail: { ...audit.detail, version },
        });
        return { outcome: 'saved' as const, version };
      });
    },

    async escalate(
      organisationId: string,
      id: string,
      input: { version: number; reason: string; toStaffId: string; userId: string },
      audit: ChangeAudit,
    ): Promise<string> {
      return inTransaction(db, async (client) => {
        const { rows } = await client.query(
          `INSERT INTO record_escalation (organisation_id, record_id, version, raised_by, reason,
             to_staff_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [organisationId, id, input.version, input.userId, input.reason, input.toStaffId],
        );
        await queueNotice(
          client,
          organisationId,
          { kind: 'record_escalated', recordId: id, escalationId: rows[0].id },
          rows[0].id,
        );
        await auditChange(client, organisationId, 'supervision_record', id, {
          ...audit,
          detail: { ...audit.detail, escalationId: rows[0].id },
        });
        return rows[0].id as string;
      });
    },

    /** The day the meeting was recorded in another system (Durham's MyView). */
    async setDateRecorded(organisationId: string, id: string, date: IsoDate, audit: ChangeAudit) {
      await inTransaction(db, async (client) => {
        await client.query(
          `UPDATE supervision_record SET date_recorded_on = $3, updated_at = now()
           WHERE organisation_id = $1 AND id = $2`,
          [organisationId, id, date],
        );
        await auditChange(client, organisationId, 'supervision_record', id, audit);
      });
    },

    /** Records the line manager's response; an escalation is answered once. */
    async respond(
      organisationId: string,
      recordId: string,
      escalationId: string,
      input: { response: string; userId: string },
      audit: ChangeAudit,
    ): Promise<boolean> {
      return inTransaction(db, async (client) => {
        const { rowCount } = await client.query(
          `UPDATE record_escalation SET response = $4, responded_by = $5, responded_at = now()
           WHERE organisation_id = $1 AND record_id = $2 AND id = $3 AND response IS NULL`,
          [organisationId, recordId, escalationId, input.response, input.userId],
        );
        if (!rowCount) throw new Rollback(false);
        await auditChange(client, organisationId, 'supervision_record', recordId, {
          ...audit,
          detail: { ...audit.detail, escalationId },
        });
        return true;
      });
    },

    /**
     * Records for a list, newest first: those about a person or a child, or where a person
     * is the author or a signatory, optionally only those awaiting someone's signature.
     */
    async list(
      organisationId: string,
      filter: {
        involving?: string;
        staffId?: string;
        childId?: string;
        sessionId?: string;
        kinds?: readonly RecordKind[];
        status?: VersionStatus;
        awaitingSignatureOf?: string;
        authorId?: string;
        from?: IsoDate;
        to?: IsoDate;
        limit?: number;
      },
    ): Promise<RecordSummary[]> {
      const where = ['r.organisation_id = $1'];
      const values: unknown[] = [organisationId];
      const add = (sql: (p: string) => string, value: unknown) => {
        values.push(value);
        where.push(sql(`$${values.length}`));
      };
      const staffIn = (p: string) =>
        `EXISTS (SELECT 1 FROM record_staff x WHERE x.organisation_id = r.organisation_id
           AND x.record_id = r.id AND x.staff_id = ${p})`;
      // The candidates come from an index each (author, observer, people, signatories), so
      // a person's records are not found by testing every record (docs/query-plans.md).
      if (filter.involving)
        add(
          (p) => `r.id IN (
              SELECT i.id FROM supervision_record i
              WHERE i.organisation_id = $1 AND (i.author_id = ${p} OR i.observer_id = ${p})
              UNION SELECT x.record_id FROM record_staff x
              WHERE x.organisation_id = $1 AND x.staff_id = ${p}
              UNION SELECT lv.record_id FROM record_version lv WHERE lv.organisation_id = $1
                AND lv.signatories @> jsonb_build_array(jsonb_build_object('staffId', ${p}::text)))
            AND (r.author_id = ${p} OR r.observer_id = ${p} OR ${staffIn(p)}
            OR v.signatories @> jsonb_build_array(jsonb_build_object('staffId', ${p}::text)))`,
          filter.involving,
        );
      if (filter.staffId) add(staffIn, filter.staffId);
      if (filter.childId)
        add(
          (p) => `EXISTS (SELECT 1 FROM record_child x WHERE x.organisation_id = r.organisation_id
             AND x.record_id = r.id AND x.child_id = ${p})`,
          filter.childId,
        );
      if (filter.sessionId) add((p) => `r.session_id = ${p}`, filter.sessionId);
      if (filter.kinds) add((p) => `r.kind = ANY(${p}::text[])`, filter.kinds);
      if (filter.status) add((p) => `v.status = ${p}`, filter.status);
      if (filter.authorId) add((p) => `r.author_id = ${p}`, filter.authorId);
      if (filter.from) add((p) => `r.meeting_date >= ${p}`, filter.from);
      if (filter.to) add((p) => `r.meeting_date <= ${p}`, filter.to);
      if (filter.awaitingSignatureOf)
        add(
          (p) => `v.status = 'shared'
            AND v.signatories @> jsonb_build_array(jsonb_build_object('staffId', ${p}::text))
            AND NOT EXISTS (SELECT 1 FROM record_signature g WHERE g.organisation_id = v.organisation_id
              AND g.record_id = v.record_id AND g.version = v.version AND g.staff_id = ${p}::uuid)`,
          filter.awaitingSignatureOf,
        );
      values.push(filter.limit ?? 100);
      const { rows } = await db.query(
        `SELECT r.id, r.kind, r.meeting_date, r.author_id, a.name AS author_name,
           v.headline, v.version, v.status, v.signatories,
           coalesce((SELECT jsonb_agg(jsonb_build_object('id', s.id, 'name', s.name)
               ORDER BY x.position) FROM record_staff x
             JOIN staff_member s ON s.organisation_id = x.organisation_id AND s.id = x.staff_id
             WHERE x.organisation_id = r.organisation_id AND x.record_id = r.id), '[]') AS people,
           coalesce((SELECT array_agg(x.child_id::text ORDER BY x.position) FROM record_child x
             WHERE x.organisation_id = r.organisation_id AND x.record_id = r.id), '{}') AS child_ids,
           coalesce((SELECT jsonb_agg(jsonb_build_object('party', g.party)) FROM record_signature g
             WHERE g.organisation_id = v.organisation_id AND g.record_id = v.record_id
               AND g.version = v.version), '[]') AS signed
         FROM supervision_record r
         LEFT JOIN LATERAL (SELECT * FROM record_version lv
           WHERE lv.organisation_id = r.organisation_id AND lv.record_id = r.id
           ORDER BY lv.version DESC LIMIT 1) v ON true
         LEFT JOIN staff_member a ON a.organisation_id = r.organisation_id AND a.id = r.author_id
         WHERE ${where.join(' AND ')}
         ORDER BY r.meeting_date DESC, r.created_at DESC LIMIT $${values.length}`,
        values,
      );
      return rows.map((row) => {
        const signed = new Set((row.signed as { party: RecordParty }[]).map((s) => s.party));
        const signatories = (row.signatories as Signatory[] | null) ?? [];
        return {
          id: row.id,
          kind: row.kind,
          date: row.meeting_date,
          headline: row.headline ?? null,
          version: row.version ?? null,
          status: row.status ?? null,
          authorId: row.author_id ?? null,
          authorName: row.author_name ?? null,
          people: row.people,
          childIds: row.child_ids,
          awaiting: row.status === 'shared' ? signatories.filter((s) => !signed.has(s.party)) : [],
        };
      });
    },

    /**
     * Open actions to review in a supervision: those about this person (agreed in their
     * supervision) or about this child, with the last progress given on each.
     */
    async openActions(
      organisationId: string,
      about: { staffId?: string | null; childId?: string | null },
      excludeRecordId: string,
    ): Promise<OpenAction[]> {
      if (!about.staffId && !about.childId) return [];
      const { rows } = await db.query(
        `SELECT a.id, a.description, a.owner_id, o.name AS owner_name, a.due_on, a.set_on,
           a.child_id, a.record_id,
           (SELECT u.progress FROM action_update u WHERE u.organisation_id = a.organisation_id
              AND u.action_id = a.id AND u.record_id <> $4
            ORDER BY u.recorded_on DESC, u.created_at DESC LIMIT 1) AS last_progress
         FROM supervision_action a
         JOIN staff_member o ON o.organisation_id = a.organisation_id AND o.id = a.owner_id
         WHERE a.organisation_id = $1
           AND (a.record_id IS NULL OR a.record_id <> $4)
           AND (a.status = 'open' OR EXISTS (SELECT 1 FROM action_update u
                 WHERE u.organisation_id = a.organisation_id AND u.action_id = a.id
                   AND u.record_id = $4))
           AND (($2::uuid IS NOT NULL AND a.staff_id = $2 AND a.child_id IS NULL)
             OR ($3::uuid IS NOT NULL AND a.child_id = $3))
         ORDER BY a.due_on, a.set_on, a.id`,
        [organisationId, about.staffId ?? null, about.childId ?? null, excludeRecordId],
      );
      return rows.map((row) => ({
        id: row.id,
        description: row.description,
        ownerId: row.owner_id,
        ownerName: row.owner_name,
        dueOn: row.due_on,
        setOn: row.set_on,
        childId: row.child_id ?? null,
        recordId: row.record_id ?? null,
        lastProgress: row.last_progress ?? null,
      }));
    },

    /**
     * The latest version of the previous record of these kinds about the same person (and
     * child), for the copied-text and repeated-action checks.
     */
    async previous(
      organisationId: string,
      input: {
        recordId: string;
        kinds: readonly RecordKind[];
        date: IsoDate;
        staffId: string | null;
        childId: string | null;
      },
    ): Promise<{ id: string; content: RecordContent } | undefined> {
      const { rows } = await db.query(
        `SELECT r.id, v.answers, v.actions, v.reviews FROM supervision_record r
         JOIN LATERAL (SELECT * FROM record_version lv WHERE lv.organisation_id = r.organisation_id
           AND lv.record_id = r.id ORDER BY lv.version DESC LIMIT 1) v ON true
         WHERE r.organisation_id = $1 AND r.id <> $2 AND r.kind = ANY($3::text[])
           AND r.meeting_date <= $4
           AND ($5::uuid IS NULL OR EXISTS (SELECT 1 FROM record_staff x
             WHERE x.organisation_id = r.organisation_id AND x.record_id = r.id AND x.staff_id = $5))
           AND ($6::uuid IS NULL OR EXISTS (SELECT 1 FROM record_child x
             WHERE x.organisation_id = r.organisation_id AND x.record_id = r.id AND x.child_id = $6))
         ORDER BY r.meeting_date DESC, r.created_at DESC LIMIT 1`,
        [organisationId, input.recordId, input.kinds, input.date, input.staffId, input.childId],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        id: row.id,
        content: { answers: row.answers, actions: row.actions, reviews: row.reviews },
      };
    },

    /** The children allocated to a worker today, with their names, for the names check. */
    async caseload(organisationId: string, staffId: string): Promise<CaseloadChild[]> {
      const { rows } = await db.query(
        `SELECT DISTINCT c.id, c.external_id, c.case_id, c.name FROM child_allocation a
         JOIN child c ON c.organisation_id = a.organisation_id AND c.id = a.child_id
         WHERE a.organisation_id = $1 AND a.worker_id = $2 AND a.starts_on <= current_date
           AND (a.ends_on IS NULL OR a.ends_on >= current_date)`,
        [organisationId, staffId],
      );
      return rows.map((row) => ({
        id: row.id,
        externalId: row.case_id ?? row.external_id,
        names: row.name ? [row.name as string] : [],
      }));
    },

    /** The actions each record agreed, with their state now, in one query however many. */
    actionsOfRecords: (organisationId: string, recordIds: readonly string[]) =>
      actionsOfRecords(db, organisationId, recordIds),

    /** The actions a record agreed, with their state now. */
    async actionsOf(organisationId: string, recordId: string): Promise<TrackedAction[]> {
      return (await actionsOfRecords(db, organisationId, [recordId])).get(recordId) ?? [];
    },
  };
}

/**
 * Sets a version locked and, the first time a record is, the date it was signed. A version of
 * a kind kept on the child's record is queued for each child's record in the same transaction.
 */
async function lock(
  client: pg.PoolClient,
  organisationId: string,
  id: string,
  version: number,
  today: IsoDate,
) {
  await client.query(
    `UPDATE record_version SET status = 'locked', locked_at = now(), updated_at = now()
     WHERE organisation_id = $1 AND record_id = $2 AND version = $3`,
    [organisationId, id, version],
  );
  await client.query(
    `UPDATE supervision_record SET signed_on = coalesce(signed_on, $3), updated_at = now()
     WHERE organisation_id = $1 AND id = $2`,
    [organisationId, id, today],
  );
  await queueChildNotes(client, organisationId, id, version, today);
}

export type RecordRepository = ReturnType<typeof recordRepository>;

/** The tracked actions of each record, by record. */
async function actionsOfRecords(
  db: pg.Pool,
  organisationId: string,
  recordIds: readonly string[],
): Promise<Map<string, TrackedAction[]>> {
  const { rows } = await db.query(
    `SELECT a.record_id, a.id, a.draft_key, a.description, a.owner_id, o.name AS owner_name,
       a.due_on, a.status, a.completed_on, a.drop_reason, a.child_id
     FROM supervision_action a
     JOIN staff_member o ON o.organisation_id = a.organisation_id AND o.id = a.owner_id
     WHERE a.organisation_id = $1 AND a.record_id = ANY($2::uuid[]) ORDER BY a.due_on, a.id`,
    [organisationId, recordIds],
  );
  const byRecord = new Map<string, TrackedAction[]>(recordIds.map((id) => [id, []]));
  for (const row of rows)
    byRecord.get(row.record_id as string)?.push({
      id: row.id as string,
      key: (row.draft_key as string | null) ?? null,
      description: row.description as string,
      ownerId: row.owner_id as string,
      ownerName: row.owner_name as string,
      dueOn: row.due_on as IsoDate,
      status: row.status as TrackedAction['status'],
      completedOn: (row.completed_on as IsoDate | null) ?? null,
      dropReason: (row.drop_reason as string | null) ?? null,
      childId: (row.child_id as string | null) ?? null,
    });
  return byRecord;
}

/** An action a record agreed, as tracked since. */
export type TrackedAction = {
  id: string;
  key: string | null;
  description: string;
  ownerId: string;
  ownerName: string;
  dueOn: IsoDate;
  status: 'open' | 'completed' | 'dropped';
  completedOn: IsoDate | null;
  dropReason: string | null;
  childId: string | null;
};
