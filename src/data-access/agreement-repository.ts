/**
 * Supervision agreements, their versions and signatures, and effectiveness reviews. Every
 * change is one transaction with its audit entry; signing the second signature also makes the
 * supervision_record the compliance engine counts, links it, and marks the version it replaces
 * as superseded. A signed version is fixed by the trigger in 0005_planning.sql.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { AgreedFrequency, SuperviseeFacts } from '../domain/agreements/frequency-floor.ts';
import type { AgreementStatus, Party } from '../domain/agreements/lifecycle.ts';
import type { Answers } from '../domain/agreements/templates.ts';
import type { Bundle } from '../domain/bundle/schema.ts';
import type { IsoDate } from '../domain/calendar/period.ts';
import type {
  RoleCategory,
  SupervisoryRelationshipKind,
} from '../domain/organisation/vocabulary.ts';
import type { AgreementTemplate } from '../domain/policy/schema.ts';
import type { RecordKind, TeamType } from '../domain/policy/vocabulary.ts';
import { queueNotice } from '../features/notifications/notices.ts';
import { auditChange, type ChangeAudit, inTransaction, Rollback } from './transaction.ts';

/** A supervisory relationship with what the agreement pages show and access decides on. */
export type AgreementRelationship = {
  id: string;
  kind: SupervisoryRelationshipKind;
  startsOn: IsoDate;
  endsOn: IsoDate | null;
  superviseeId: string;
  superviseeName: string;
  superviseeJobTitle: string | null;
  superviseeTeamId: string | null;
  superviseeTeamName: string | null;
  superviseeLineManagerId: string | null;
  /** The account the supervisee signs with, if they have one. */
  superviseeUserId: string | null;
  supervisorId: string;
  supervisorName: string;
  supervisorJobTitle: string | null;
  supervisorUserId: string | null;
};

export type Agreement = {
  id: string;
  relationshipId: string;
  version: number;
  templateId: string;
  /** The template as it stood when this version was made. */
  template: AgreementTemplate | null;
  answers: Answers;
  agreedFrequency: AgreedFrequency | null;
  status: AgreementStatus;
  signatures: Record<Party, { at: Date; byUserId: string; byName: string } | null>;
  reviewDueOn: IsoDate | null;
  recordId: string | null;
  createdAt: Date;
  /** Changes with every change: edits carry it back, the API sends it as the ETag. */
  versionToken: string;
};

export type EffectivenessReview = {
  id: string;
  relationshipId: string;
  agreementId: string | null;
  heldOn: IsoDate;
  review: string;
  superviseeFeedback: string | null;
  agreementChangesNeeded: boolean;
  recordId: string;
  createdByName: string | null;
  createdAt: Date;
};

/** The evidence record a signed agreement or an effectiveness review makes for the engine. */
export type Evidence = {
  kind: Extract<RecordKind, 'supervision_agreement' | 'agreement_review' | 'effectiveness_review'>;
  /** The date it counts from: the second signature, or the review. */
  date: IsoDate;
  authorId: string;
  superviseeId: string;
};

const token = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const selectRelationship = `SELECT r.id, r.kind, r.starts_on, r.ends_on,
    r.supervisee_id, e.name AS supervisee_name, e.job_title AS supervisee_job_title,
    e.team_id AS supervisee_team_id, t.name AS supervisee_team_name,
    e.line_manager_id AS supervisee_line_manager_id,
    (SELECT u.id FROM user_account u WHERE u.organisation_id = r.organisation_id
       AND u.staff_member_id = r.supervisee_id AND u.disabled_at IS NULL
     ORDER BY u.created_at LIMIT 1) AS supervisee_user_id,
    r.supervisor_id, o.name AS supervisor_name, o.job_title AS supervisor_job_title,
    (SELECT u.id FROM user_account u WHERE u.organisation_id = r.organisation_id
       AND u.staff_member_id = r.supervisor_id AND u.disabled_at IS NULL
     ORDER BY u.created_at LIMIT 1) AS supervisor_user_id
  FROM supervisory_relationship r
  JOIN staff_member e ON e.organisation_id = r.organisation_id AND e.id = r.supervisee_id
  JOIN staff_member o ON o.organisation_id = r.organisation_id AND o.id = r.supervisor_id
  LEFT JOIN org_unit t ON t.organisation_id = e.organisation_id AND t.id = e.team_id`;

function toRelationship(row: Record<string, unknown>): AgreementRelationship {
  return {
    id: row.id as string,
    kind: row.kind as SupervisoryRelationshipKind,
    startsOn: row.starts_on as IsoDate,
    endsOn: (row.ends_on as IsoDate | null) ?? null,
    superviseeId: row.supervisee_id as string,
    superviseeName: row.supervisee_name as string,
    superviseeJobTitle: (row.supervisee_job_title as string | null) ?? null,
    superviseeTeamId: (row.supervisee_team_id as string | null) ?? null,
    superviseeTeamName: (row.supervisee_team_name as string | null) ?? null,
    superviseeLineManagerId: (row.supervisee_line_manager_id as string | null) ?? null,
    superviseeUserId: (row.supervisee_user_id as string | null) ?? null,
    supervisorId: row.supervisor_id as string,
    supervisorName: row.supervisor_name as string,
    supervisorJobTitle: (row.supervisor_job_title as string | null) ?? null,
    supervisorUserId: (row.supervisor_user_id as string | null) ?? null,
  };
}

const selectAgreement = `SELECT a.id, a.relationship_id, a.version, a.template_id, a.template,
    a.answers, a.agreed_frequency, a.status, a.review_due_on, a.record_id,
    a.created_at, ${token('a.updated_at')} AS version_token,
    a.supervisee_signed_at, a.supervisee_signed_by,
    ue.display_name AS supervisee_signed_by_name,
    a.supervisor_signed_at, a.supervisor_signed_by,
    uo.display_name AS supervisor_signed_by_name
  FROM supervision_agreement a
  LEFT JOIN user_account ue ON ue.organisation_id = a.organisation_id
    AND ue.id = a.supervisee_signed_by
  LEFT JOIN user_account uo ON uo.organisation_id = a.organisation_id
    AND uo.id = a.supervisor_signed_by`;

function signature(row: Record<string, unknown>, party: Party) {
  const at = row[`${party}_signed_at`] as Date | null;
  if (!at) return null;
  return {
    at,
    byUserId: row[`${party}_signed_by`] as string,
    byName: (row[`${party}_signed_by_name`] as string | null) ?? 'Unknown account',
  };
}

function toAgreement(row: Record<string, unknown>): Agreement {
  return {
    id: row.id as string,
    relationshipId: row.relationship_id as string,
    version: row.version as number,
    templateId: row.template_id as string,
    template: (row.template as AgreementTemplate | null) ?? null,
    answers: (row.answers as Answers | null) ?? {},
    agreedFrequency: (row.agreed_frequency as AgreedFrequency | null) ?? null,
    status: row.status as AgreementStatus,
    signatures: {
      supervisee: signature(row, 'supervisee'),
      supervisor: signature(row, 'supervisor'),
    },
    reviewDueOn: (row.review_due_on as IsoDate | null) ?? null,
    recordId: (row.record_id as string | null) ?? null,
    createdAt: row.created_at as Date,
    versionToken: row.version_token as string,
  };
}

function toReview(row: Record<string, unknown>): EffectivenessReview {
  return {
    id: row.id as string,
    relationshipId: row.relationship_id as string,
    agreementId: (row.agreement_id as string | null) ?? null,
    heldOn: row.held_on as IsoDate,
    review: row.review as string,
    superviseeFeedback: (row.supervisee_feedback as string | null) ?? null,
    agreementChangesNeeded: row.agreement_changes_needed as boolean,
    recordId: row.record_id as string,
    createdByName: (row.created_by_name as string | null) ?? null,
    createdAt: row.created_at as Date,
  };
}

export type CreateOutcome =
  | { outcome: 'saved'; id: string; version: number }
  /** A draft or a version awaiting signatures already exists: that one is changed instead. */
  | { outcome: 'open'; id: string };

export type ChangeOutcome =
  | { outcome: 'saved'; versionToken: string; signaturesCleared: boolean }
  | { outcome: 'conflict' }
  | { outcome: 'fixed' };

export type SignOutcome =
  | { outcome: 'signed'; complete: boolean; recordId?: string }
  /** Someone changed or signed it in between, or this party has signed already. */
  | { outcome: 'conflict' };

async function insertEvidence(
  client: pg.PoolClient,
  organisationId: string,
  evidence: Evidence,
  audit: ChangeAudit,
): Promise<string> {
  const recordId = randomUUID();
  await client.query(
    `INSERT INTO supervision_record (organisation_id, id, external_id, kind, meeting_date,
       author_id, signed_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      organisationId,
      recordId,
      recordId,
      evidence.kind,
      evidence.date,
      evidence.authorId,
      evidence.kind === 'effectiveness_review' ? null : evidence.date,
    ],
  );
  await client.query(
    `INSERT INTO record_staff (organisation_id, record_id, staff_id, position)
     VALUES ($1, $2, $3, 0)`,
    [organisationId, recordId, evidence.superviseeId],
  );
  await auditChange(client, organisationId, 'supervision_record', recordId, {
    ...audit,
    action: 'supervision_record.created',
    detail: { kind: evidence.kind, meetingDate: evidence.date },
  });
  return recordId;
}

export function agreementRepository(db: pg.Pool) {
  async function lockRow(client: pg.PoolClient, organisationId: string, id: string) {
    const { rows } = await client.query(
      `SELECT status, relationship_id, version, supervisee_signed_at, supervisor_signed_at,
         ${token('updated_at')} AS version_token
       FROM supervision_agreement WHERE organisation_id = $1 AND id = $2 FOR UPDATE`,
      [organisationId, id],
    );
    return rows[0] as
      | {
          status: AgreementStatus;
          relationship_id: string;
          version: number;
          supervisee_signed_at: Date | null;
          supervisor_signed_at: Date | null;
          version_token: string;
        }
      | undefined;
  }

  async function newToken(client: pg.PoolClient, organisationId: string, id: string) {
    const { rows } = await client.query(
      `SELECT ${token('updated_at')} AS t FROM supervision_agreement
       WHERE organisation_id = $1 AND id = $2`,
      [organisationId, id],
    );
    return rows[0].t as string;
  }

  return {
    async relationship(
      organisationId: string,
      id: string,
    ): Promise<AgreementRelationship | undefined> {
      const { rows } = await db.query(
        `${selectRelationship} WHERE r.organisation_id = $1 AND r.id = $2`,
        [organisationId, id],
      );
      return rows[0] ? toRelationship(rows[0]) : undefined;
    },

    /** Every relationship in which this person is supervised, most recent first. */
    async relationshipsOfSupervisee(
      organisationId: string,
      superviseeId: string,
    ): Promise<AgreementRelationship[]> {
      const { rows } = await db.query(
        `${selectRelationship} WHERE r.organisation_id = $1 AND r.supervisee_id = $2
         ORDER BY r.starts_on DESC, r.kind, o.name`,
        [organisationId, superviseeId],
      );
      return rows.map(toRelationship);
    },

    /** Relationships going on (or starting later) in which this person supervises others. */
    async currentRelationshipsOfSupervisor(
      organisationId: string,
      supervisorId: string,
      on: IsoDate,
    ): Promise<AgreementRelationship[]> {
      const { rows } = await db.query(
        `${selectRelationship} WHERE r.organisation_id = $1 AND r.supervisor_id = $2
           AND (r.ends_on IS NULL OR r.ends_on >= $3)
         ORDER BY e.name, r.kind`,
        [organisationId, supervisorId, on],
      );
      return rows.map(toRelationship);
    },

    async find(organisationId: string, id: string): Promise<Agreement | undefined> {
      const { rows } = await db.query(
        `${selectAgreement} WHERE a.organisation_id = $1 AND a.id = $2`,
        [organisationId, id],
      );
      return rows[0] ? toAgreement(rows[0]) : undefined;
    },

    /** Every version for these relationships, newest version first within each. */
    async listForRelationships(
      organisationId: string,
      relationshipIds: string[],
    ): Promise<Agreement[]> {
      if (relationshipIds.length === 0) return [];
      const { rows } = await db.query(
        `${selectAgreement} WHERE a.organisation_id = $1 AND a.relationship_id = ANY($2::uuid[])
         ORDER BY a.relationship_id, a.version DESC`,
        [organisationId, relationshipIds],
      );
      return rows.map(toAgreement);
    },

    /** The first version, or the next one (a draft copied from the latest, by the caller). */
    async create(
      organisationId: string,
      input: {
        relationshipId: string;
        templateId: string;
        template: AgreementTemplate;
        answers: Answers;
        agreedFrequency: AgreedFrequency | null;
        createdBy: string;
      },
      audit: ChangeAudit,
    ): Promise<CreateOutcome> {
      return inTransaction(db, async (client): Promise<CreateOutcome> => {
        // One writer per relationship at a time, so two new versions cannot take one number.
        await client.query(
          'SELECT 1 FROM supervisory_relationship WHERE organisation_id = $1 AND id = $2 FOR UPDATE',
          [organisationId, input.relationshipId],
        );
        const { rows } = await client.query(
          `SELECT id, version, status FROM supervision_agreement
           WHERE organisation_id = $1 AND relationship_id = $2 ORDER BY version DESC`,
          [organisationId, input.relationshipId],
        );
        const open = rows.find((r) => r.status === 'draft' || r.status === 'awaiting_signatures');
        if (open) return { outcome: 'open', id: open.id };
        const id = randomUUID();
        const version = ((rows[0]?.version as number | undefined) ?? 0) + 1;
        await client.query(
          `INSERT INTO supervision_agreement (organisation_id, id, relationship_id, version,
             template_id, template, answers, agreed_frequency, status, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', $9)`,
          [
            organisationId,
            id,
            input.relationshipId,
            version,
            input.templateId,
            JSON.stringify(input.template),
            JSON.stringify(input.answers),
            input.agreedFrequency ? JSON.stringify(input.agreedFrequency) : null,
            input.createdBy,
          ],
        );
        await auditChange(client, organisationId, 'supervision_agreement', id, {
          ...audit,
          detail: { ...audit.detail, relationshipId: input.relationshipId, version },
        });
        return { outcome: 'saved', id, version };
      });
    },

    /**
     * Changes the answers and agreed frequency of a draft, or of a version awaiting signatures,
     * which goes back to draft with its signatures cleared: a signature covers the words signed.
     */
    async update(
      organisationId: string,
      id: string,
      versionToken: string,
      change: { answers: Answers; agreedFrequency: AgreedFrequency | null },
      audit: ChangeAudit,
    ): Promise<ChangeOutcome> {
      return inTransaction(db, async (client): Promise<ChangeOutcome> => {
        const row = await lockRow(client, organisationId, id);
        if (!row) throw new Rollback({ outcome: 'conflict' });
        if (row.status !== 'draft' && row.status !== 'awaiting_signatures')
          return { outcome: 'fixed' };
        if (row.version_token !== versionToken) return { outcome: 'conflict' };
        const signaturesCleared =
          row.status === 'awaiting_signatures' &&
          (row.supervisee_signed_at !== null || row.supervisor_signed_at !== null);
        await client.query(
          `UPDATE supervision_agreement SET answers = $3, agreed_frequency = $4,
             status = 'draft', supervisee_signed_at = NULL, supervisee_signed_by = NULL,
             supervisor_signed_at = NULL, supervisor_signed_by = NULL,
             updated_at = clock_timestamp()
           WHERE organisation_id = $1 AND id = $2`,
          [
            organisationId,
            id,
            JSON.stringify(change.answers),
            change.agreedFrequency ? JSON.stringify(change.agreedFrequency) : null,
          ],
        );
        await auditChange(client, organisationId, 'supervision_agreement', id, {
          ...audit,
          detail: {
            ...audit.detail,
            ...(row.status === 'awaiting_signatures' ? { backToDraft: true } : {}),
            ...(signaturesCleared ? { signaturesCleared: true } : {}),
          },
        });
        return {
          outcome: 'saved',
          versionToken: await newToken(client, organisationId, id),
          signaturesCleared,
        };
      });
    },

    /** A draft goes for signature, and the parties are told (a notice queued with it). */
    async send(
      organisationId: string,
      id: string,
      versionToken: string | undefined,
      audit: ChangeAudit,
    ): Promise<{ outcome: 'sent'; versionToken: string } | { outcome: 'conflict' }> {
      return inTransaction(db, async (client) => {
        const row = await lockRow(client, organisationId, id);
        if (row?.status !== 'draft') return { outcome: 'conflict' as const };
        if (versionToken !== undefined && row.version_token !== versionToken)
          return { outcome: 'conflict' as const };
        await client.query(
          `UPDATE supervision_agreement SET status = 'awaiting_signatures',
             updated_at = clock_timestamp()
           WHERE organisation_id = $1 AND id = $2`,
          [organisationId, id],
        );
        const next = await newToken(client, organisationId, id);
        await auditChange(client, organisationId, 'supervision_agreement', id, audit);
        await queueNotice(
          client,
          organisationId,
          { kind: 'agreement_awaiting_signature', agreementId: id },
          next,
        );
        return { outcome: 'sent' as const, versionToken: next };
      });
    },

    /**
     * One party's electronic signature: who (their account) and when. With the second, the
     * version is signed and fixed, its evidence record made and linked, its review date set,
     * and the version it replaces superseded.
     */
    async sign(
      organisationId: string,
      id: string,
      input: {
        party: Party;
        userId: string;
        at: Date;
        versionToken?: string;
        /** Used when this is the second signature. */
        complete: { evidence: Evidence; reviewDueOn: IsoDate };
      },
      audit: ChangeAudit,
    ): Promise<SignOutcome> {
      return inTransaction(db, async (client): Promise<SignOutcome> => {
        const row = await lockRow(client, organisationId, id);
        if (row?.status !== 'awaiting_signatures') return { outcome: 'conflict' };
        if (input.versionToken !== undefined && row.version_token !== input.versionToken)
          return { outcome: 'conflict' };
        const mine =
          input.party === 'supervisee' ? row.supervisee_signed_at : row.supervisor_signed_at;
        if (mine !== null) return { outcome: 'conflict' };
        const other =
          input.party === 'supervisee' ? row.supervisor_signed_at : row.supervisee_signed_at;
        const column = input.party === 'supervisee' ? 'supervisee' : 'supervisor';
        if (other === null) {
          await client.query(
            `UPDATE supervision_agreement SET ${column}_signed_at = $3, ${column}_signed_by = $4,
               updated_at = clock_timestamp()
             WHERE organisation_id = $1 AND id = $2`,
            [organisationId, id, input.at, input.userId],
          );
          await auditChange(client, organisationId, 'supervision_agreement', id, {
            ...audit,
            detail: { ...audit.detail, party: input.party, complete: false },
          });
          return { outcome: 'signed', complete: false };
        }
        const recordId = await insertEvidence(
          client,
          organisationId,
          input.complete.evidence,
          audit,
        );
        await client.query(
          `UPDATE supervision_agreement SET ${column}_signed_at = $3, ${column}_signed_by = $4,
             status = 'signed', record_id = $5, review_due_on = $6,
             updated_at = clock_timestamp()
           WHERE organisation_id = $1 AND id = $2`,
          [organisationId, id, input.at, input.userId, recordId, input.complete.reviewDueOn],
        );
        const superseded = await client.query(
          `UPDATE supervision_agreement SET status = 'superseded', updated_at = clock_timestamp()
           WHERE organisation_id = $1 AND relationship_id = $2 AND status = 'signed' AND id <> $3
           RETURNING id`,
          [organisationId, row.relationship_id, id],
        );
        await auditChange(client, organisationId, 'supervision_agreement', id, {
          ...audit,
          detail: { ...audit.detail, party: input.party, complete: true, recordId },
        });
        for (const old of superseded.rows)
          await auditChange(client, organisationId, 'supervision_agreement', old.id, {
            ...audit,
            action: 'supervision_agreement.superseded',
            detail: { by: id },
          });
        return { outcome: 'signed', complete: true, recordId };
      });
    },

    async effectivenessReviews(
      organisationId: string,
      relationshipIds: string[],
    ): Promise<EffectivenessReview[]> {
      if (relationshipIds.length === 0) return [];
      const { rows } = await db.query(
        `SELECT v.id, v.relationship_id, v.agreement_id, v.held_on, v.review,
           v.supervisee_feedback, v.agreement_changes_needed, v.record_id,
           u.display_name AS created_by_name, v.created_at
         FROM effectiveness_review v
         LEFT JOIN user_account u ON u.organisation_id = v.organisation_id AND u.id = v.created_by
         WHERE v.organisation_id = $1 AND v.relationship_id = ANY($2::uuid[])
         ORDER BY v.held_on DESC, v.created_at DESC`,
        [organisationId, relationshipIds],
      );
      return rows.map(toReview);
    },

    /**
     * Dates of the supervisee's effectiveness reviews as the compliance engine counts them:
     * every record of that kind about them, whether made here or imported.
     */
    async effectivenessReviewDates(
      organisationId: string,
      superviseeId: string,
    ): Promise<IsoDate[]> {
      const { rows } = await db.query(
        `SELECT DISTINCT r.meeting_date FROM supervision_record r
         JOIN record_staff s ON s.organisation_id = r.organisation_id AND s.record_id = r.id
         WHERE r.organisation_id = $1 AND s.staff_id = $2 AND r.kind = 'effectiveness_review'
         ORDER BY r.meeting_date`,
        [organisationId, superviseeId],
      );
      return rows.map((row) => row.meeting_date as IsoDate);
    },

    async addEffectivenessReview(
      organisationId: string,
      input: {
        relationshipId: string;
        agreementId: string | null;
        heldOn: IsoDate;
        review: string;
        superviseeFeedback: string | null;
        agreementChangesNeeded: boolean;
        createdBy: string;
        evidence: Evidence;
      },
      audit: ChangeAudit,
    ): Promise<string> {
      return inTransaction(db, async (client) => {
        const recordId = await insertEvidence(client, organisationId, input.evidence, audit);
        const id = randomUUID();
        await client.query(
          `INSERT INTO effectiveness_review (organisation_id, id, relationship_id, agreement_id,
             held_on, review, supervisee_feedback, agreement_changes_needed, record_id, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            organisationId,
            id,
            input.relationshipId,
            input.agreementId,
            input.heldOn,
            input.review,
            input.superviseeFeedback,
            input.agreementChangesNeeded,
            recordId,
            input.createdBy,
          ],
        );
        await auditChange(client, organisationId, 'effectiveness_review', id, {
          ...audit,
          detail: { ...audit.detail, relationshipId: input.relationshipId, recordId },
        });
        return id;
      });
    },

    /** What matching the pack's staff rules needs to know about a supervisee. */
    async superviseeFacts(
      organisationId: string,
      staffId: string,
    ): Promise<SuperviseeFacts | undefined> {
      const { rows } = await db.query(
        `SELECT s.id, s.name, s.role_category, s.case_holding, s.contracted_hours::float AS hours,
           s.start_date, s.leaving_date, s.asye_start_date, s.placement_start_date,
           s.placement_end_date, s.probation_end_date, s.team_id, t.team_type
         FROM staff_member s
         LEFT JOIN org_unit t ON t.organisation_id = s.organisation_id AND t.id = s.team_id
         WHERE s.organisation_id = $1 AND s.id = $2`,
        [organisationId, staffId],
      );
      const s = rows[0];
      if (!s) return undefined;
      const supervised = await db.query(
        `SELECT r.id, r.supervisee_id, r.kind, r.starts_on, r.ends_on, e.case_holding
         FROM supervisory_relationship r
         JOIN staff_member e ON e.organisation_id = r.organisation_id AND e.id = r.supervisee_id
         WHERE r.organisation_id = $1 AND r.supervisor_id = $2`,
        [organisationId, staffId],
      );
      const optional = <T>(value: T | null) => (value === null ? undefined : value);
      return {
        staff: {
          id: s.id,
          name: s.name,
          roleCategory: s.role_category as RoleCategory,
          caseHolding: s.case_holding,
          contractedHours: s.hours,
          startDate: s.start_date,
          leavingDate: optional(s.leaving_date),
          asyeStartDate: optional(s.asye_start_date),
          placementStartDate: optional(s.placement_start_date),
          placementEndDate: optional(s.placement_end_date),
          probationEndDate: optional(s.probation_end_date),
          teamId: optional(s.team_id),
        },
        teamType: optional(s.team_type as TeamType | null),
        supervises: supervised.rows.map((r) => ({
          relationship: {
            id: r.id,
            superviseeId: r.supervisee_id,
            supervisorId: staffId,
            kind: r.kind as SupervisoryRelationshipKind,
            from: r.starts_on,
            ...(r.ends_on ? { to: r.ends_on } : {}),
          },
          superviseeCaseHolding: r.case_holding,
        })),
      };
    },

    /** The organisation as the policy resolver reads it (pack, overrides, bank holidays). */
    async organisationPolicyInput(
      organisationId: string,
    ): Promise<Bundle['organisation'] | undefined> {
      const { rows } = await db.query(
        `SELECT slug, name, policy_pack_id, overrides, bank_holiday_region
         FROM organisation WHERE id = $1`,
        [organisationId],
      );
      const o = rows[0];
      if (!o) return undefined;
      return {
        id: o.slug,
        name: o.name,
        policy: o.policy_pack_id,
        ...(o.overrides ? { overrides: o.overrides } : {}),
        bankHolidayRegion: o.bank_holiday_region,
      };
    },

    /**
     * The agreed frequency in force for a relationship: that of its signed version, or else
     * undefined (the planner falls back to the pack's minimum).
     */
    async agreedFrequencyInForce(
      organisationId: string,
      relationshipId: string,
    ): Promise<AgreedFrequency | undefined> {
      const { rows } = await db.query(
        `SELECT agreed_frequency FROM supervision_agreement
         WHERE organisation_id = $1 AND relationship_id = $2 AND status = 'signed'
         ORDER BY version DESC LIMIT 1`,
        [organisationId, relationshipId],
      );
      return (rows[0]?.agreed_frequency as AgreedFrequency | null) ?? undefined;
    },
  };
}
export type AgreementRepository = ReturnType<typeof agreementRepository>;
