/**
 * Audits of supervision worked in Oversight and the sampling draws that assign them: a draw and
 * its audits are written in one transaction; each save carries the audit's revision, so two
 * saves of one audit cannot overwrite each other; completing an audit sets its actions as
 * supervision actions in the same transaction. Every change writes its audit entry with it.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { BundleRelationship, BundleStaff } from '../domain/bundle/schema.ts';
import type { IsoDate } from '../domain/calendar/period.ts';
import type { AuditSubject, AuditTool } from '../domain/policy/schema.ts';
import type { RecordKind } from '../domain/policy/vocabulary.ts';
import type { AuditAnswers } from '../domain/quality/answers.ts';
import type { FileRecordRow, RecordRow, ShapeUnit } from '../domain/quality/plans.ts';
import type { PoolEntry } from '../domain/quality/sampling.ts';
import type { AuditStatus } from '../domain/quality/workflow.ts';
import { auditChange, type ChangeAudit, inTransaction, Rollback } from './transaction.ts';

type Person = { id: string; name: string };

export type StoredAudit = {
  id: string;
  externalId: string;
  status: AuditStatus;
  auditOf: AuditSubject;
  ruleId: string | null;
  drawId: string | null;
  /** The tool as it stood when the audit was assigned; none for an imported audit. */
  tool: AuditTool | null;
  auditor: Person;
  subject: Person | null;
  subjectRecordId: string | null;
  feedbackTo: Person | null;
  /** The records the auditor reads while the audit is open. */
  recordIds: string[];
  answers: AuditAnswers;
  summary: string | null;
  feedback: string | null;
  assignedOn: IsoDate | null;
  dueOn: IsoDate | null;
  completedOn: IsoDate | null;
  feedbackOn: IsoDate | null;
  nextAuditOn: IsoDate | null;
  revision: number;
};

export type StoredDraw = {
  id: string;
  ruleId: string;
  auditor: Person;
  auditOf: AuditSubject;
  periodFrom: IsoDate;
  periodTo: IsoDate;
  seed: string;
  pool: PoolEntry[];
  picks: string[];
  drawnOn: IsoDate;
  drawnByName: string | null;
};

/** One audit a draw assigns. */
export type NewAudit = {
  subjectStaffId: string;
  subjectRecordId: string | null;
  feedbackToId: string | null;
  recordIds: readonly string[];
};

export type NewDraw = {
  ruleId: string;
  auditorId: string;
  auditOf: AuditSubject;
  periodFrom: IsoDate;
  periodTo: IsoDate;
  seed: string;
  pool: readonly PoolEntry[];
  picks: readonly string[];
  drawnOn: IsoDate;
  drawnBy: string;
  tool: AuditTool;
  audits: readonly NewAudit[];
};

export type NewAction = { description: string; ownerId: string; dueOn: IsoDate };

export type AuditAction = {
  id: string;
  description: string;
  ownerId: string;
  ownerName: string;
  setOn: IsoDate;
  dueOn: IsoDate;
  status: 'open' | 'completed' | 'dropped';
  completedOn: IsoDate | null;
};

/** A record as a sample names it. */
export type RecordSummary = {
  id: string;
  kind: RecordKind;
  date: IsoDate;
  headline: string | null;
  authorName: string | null;
  superviseeName: string | null;
};

const auditColumns = `a.id, a.external_id, a.status, a.audit_of, a.rule_id, a.draw_id, a.tool,
  a.auditor_id, au.name AS auditor_name, a.subject_staff_id, su.name AS subject_name,
  a.subject_record_id, a.feedback_to_id, fb.name AS feedback_to_name, a.record_ids::text[],
  a.answers, a.summary, a.feedback, a.assigned_on, a.due_on, a.completed_on, a.feedback_on,
  a.next_audit_on, a.revision
  FROM quality_audit a
  JOIN staff_member au ON au.organisation_id = a.organisation_id AND au.id = a.auditor_id
  LEFT JOIN staff_member su ON su.organisation_id = a.organisation_id AND su.id = a.subject_staff_id
  LEFT JOIN staff_member fb ON fb.organisation_id = a.organisation_id AND fb.id = a.feedback_to_id`;

const person = (id: string | null, name: string | null): Person | null =>
  id ? { id, name: name ?? '' } : null;

function auditOf(row: Record<string, unknown>): StoredAudit {
  return {
    id: row.id as string,
    externalId: row.external_id as string,
    status: row.status as AuditStatus,
    auditOf: row.audit_of as AuditSubject,
    ruleId: (row.rule_id as string | null) ?? null,
    drawId: (row.draw_id as string | null) ?? null,
    tool: (row.tool as AuditTool | null) ?? null,
    auditor: { id: row.auditor_id as string, name: row.auditor_name as string },
    subject: person(row.subject_staff_id as string | null, row.subject_name as string | null),
    subjectRecordId: (row.subject_record_id as string | null) ?? null,
    feedbackTo: person(row.feedback_to_id as string | null, row.feedback_to_name as string | null),
    recordIds: row.record_ids as string[],
    answers: row.answers as AuditAnswers,
    summary: (row.summary as string | null) ?? null,
    feedback: (row.feedback as string | null) ?? null,
    assignedOn: (row.assigned_on as IsoDate | null) ?? null,
    dueOn: (row.due_on as IsoDate | null) ?? null,
    completedOn: (row.completed_on as IsoDate | null) ?? null,
    feedbackOn: (row.feedback_on as IsoDate | null) ?? null,
    nextAuditOn: (row.next_audit_on as IsoDate | null) ?? null,
    revision: row.revision as number,
  };
}

function drawOf(row: Record<string, unknown>): StoredDraw {
  return {
    id: row.id as string,
    ruleId: row.rule_id as string,
    auditor: { id: row.auditor_id as string, name: row.auditor_name as string },
    auditOf: row.audit_of as AuditSubject,
    periodFrom: row.period_from as IsoDate,
    periodTo: row.period_to as IsoDate,
    seed: row.seed as string,
    pool: row.pool as PoolEntry[],
    picks: row.picks as string[],
    drawnOn: row.drawn_on as IsoDate,
    drawnByName: (row.drawn_by_name as string | null) ?? null,
  };
}

const drawColumns = `d.id, d.rule_id, d.auditor_id, s.name AS auditor_name, d.audit_of,
  d.period_from, d.period_to, d.seed, d.pool, d.picks, d.drawn_on, u.display_name AS drawn_by_name
  FROM sample_draw d
  JOIN staff_member s ON s.organisation_id = d.organisation_id AND s.id = d.auditor_id
  LEFT JOIN user_account u ON u.organisation_id = d.organisation_id AND u.id = d.drawn_by`;

/** Records readable in Oversight: some version shared or signed (not a draft, not imported). */
const readable = `EXISTS (SELECT 1 FROM record_version v WHERE v.organisation_id = r.organisation_id
  AND v.record_id = r.id AND v.status IN ('shared', 'locked'))`;

const firstPerson = `(SELECT rs.staff_id FROM record_staff rs
  WHERE rs.organisation_id = r.organisation_id AND rs.record_id = r.id
  ORDER BY rs.position LIMIT 1)`;

export function qualityAuditRepository(db: pg.Pool) {
  /** Moves an audit on if its revision is still the one read; false when it moved meanwhile. */
  async function update(
    client: pg.PoolClient,
    organisationId: string,
    id: string,
    revision: number,
    from: readonly AuditStatus[],
    set: string,
    values: unknown[],
  ) {
    const { rowCount } = await client.query(
      `UPDATE quality_audit SET ${set}, revision = revision + 1, updated_at = now()
       WHERE organisation_id = $1 AND id = $2 AND revision = $3 AND status = ANY($4::text[])`,
      [organisationId, id, revision, from, ...values],
    );
    return rowCount === 1;
  }

  return {
    async find(organisationId: string, id: string): Promise<StoredAudit | undefined> {
      const { rows } = await db.query(
        `SELECT ${auditColumns} WHERE a.organisation_id = $1 AND a.id = $2`,
        [organisationId, id],
      );
      return rows[0] ? auditOf(rows[0]) : undefined;
    },

    /**
     * Audits by who they involve: an auditor's own, those fed back to a supervisor (once
     * completed) or about a supervisee (once fed back), or all, by status.
     */
    async list(
      organisationId: string,
      filter: {
        auditorId?: string;
        fedBackTo?: string;
        statuses?: readonly AuditStatus[];
        limit?: number;
      },
    ): Promise<StoredAudit[]> {
      const where = ['a.organisation_id = $1'];
      const values: unknown[] = [organisationId];
      const add = (sql: (p: string) => string, value: unknown) => {
        values.push(value);
        where.push(sql(`$${values.length}`));
      };
      if (filter.auditorId) add((p) => `a.auditor_id = ${p}`, filter.auditorId);
      if (filter.fedBackTo)
        add(
          (p) => `((a.feedback_to_id = ${p} AND a.status IN ('completed', 'feedback_given'))
            OR (a.subject_staff_id = ${p} AND a.status = 'feedback_given'))`,
          filter.fedBackTo,
        );
      if (filter.statuses) add((p) => `a.status = ANY(${p}::text[])`, filter.statuses);
      values.push(filter.limit ?? 200);
      const { rows } = await db.query(
        `SELECT ${auditColumns} WHERE ${where.join(' AND ')}
         ORDER BY coalesce(a.due_on, a.completed_on), a.assigned_on, a.id LIMIT $${values.length}`,
        values,
      );
      return rows.map(auditOf);
    },

    /** Saves answers; an audit still to start is then in progress. */
    async saveAnswers(
      organisationId: string,
      id: string,
      revision: number,
      input: { answers: AuditAnswers; summary: string | null; nextAuditOn: IsoDate | null },
      audit: ChangeAudit,
    ): Promise<'saved' | 'conflict'> {
      return inTransaction(db, async (client) => {
        const saved = await update(
          client,
          organisationId,
          id,
          revision,
          ['assigned', 'in_progress'],
          `answers = $5, summary = $6, next_audit_on = $7, status = 'in_progress'`,
          [input.answers, input.summary, input.nextAuditOn],
        );
        if (!saved) return 'conflict';
        await auditChange(client, organisationId, 'quality_audit', id, audit);
        return 'saved';
      });
    },

    /** Completes an audit and sets its actions, about its subject, as supervision actions. */
    async complete(
      organisationId: string,
      id: string,
      revision: number,
      input: {
        answers: AuditAnswers;
        summary: string;
        nextAuditOn: IsoDate | null;
        completedOn: IsoDate;
        staffId: string | null;
        actions: readonly NewAction[];
      },
      audit: ChangeAudit,
    ): Promise<'completed' | 'conflict'> {
      return inTransaction(db, async (client) => {
        const done = await update(
          client,
          organisationId,
          id,
          revision,
          ['assigned', 'in_progress'],
          `answers = $5, summary = $6, next_audit_on = $7, completed_on = $8,
           status = 'completed'`,
          [input.answers, input.summary, input.nextAuditOn, input.completedOn],
        );
        if (!done) return 'conflict';
        for (const action of input.actions)
          await client.query(
            `INSERT INTO supervision_action (organisation_id, external_id, description, owner_id,
               staff_id, set_on, due_on, status, audit_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8)`,
            [
              organisationId,
              `audit-action-${randomUUID()}`,
              action.description,
              action.ownerId,
              input.staffId,
              input.completedOn,
              action.dueOn,
              id,
            ],
          );
        await auditChange(client, organisationId, 'quality_audit', id, audit);
        return 'completed';
      });
    },

    /** Records the feedback given to the supervisor: the audit is closed. */
    async recordFeedback(
      organisationId: string,
      id: string,
      revision: number,
      input: { feedback: string; feedbackOn: IsoDate },
      audit: ChangeAudit,
    ): Promise<'saved' | 'conflict'> {
      return inTransaction(db, async (client) => {
        const saved = await update(
          client,
          organisationId,
          id,
          revision,
          ['completed'],
          `feedback = $5, feedback_on = $6, status = 'feedback_given'`,
          [input.feedback, input.feedbackOn],
        );
        if (!saved) return 'conflict';
        await auditChange(client, organisationId, 'quality_audit', id, audit);
        return 'saved';
      });
    },

    async actionsOf(organisationId: string, auditId: string): Promise<AuditAction[]> {
      const { rows } = await db.query(
        `SELECT a.id, a.description, a.owner_id, o.name AS owner_name, a.set_on, a.due_on,
           a.status, a.completed_on
         FROM supervision_action a
         JOIN staff_member o ON o.organisation_id = a.organisation_id AND o.id = a.owner_id
         WHERE a.organisation_id = $1 AND a.audit_id = $2 ORDER BY a.due_on, a.id`,
        [organisationId, auditId],
      );
      return rows.map((row) => ({
        id: row.id,
        description: row.description,
        ownerId: row.owner_id,
        ownerName: row.owner_name,
        setOn: row.set_on,
        dueOn: row.due_on,
        status: row.status,
        completedOn: row.completed_on ?? null,
      }));
    },

    /** Staff, units and relationships with their stored ids: what plan matching reads. */
    async shape(organisationId: string) {
      const [units, staff, relationships] = await Promise.all([
        db.query(
          `SELECT id, parent_id, manager_id, team_type FROM org_unit WHERE organisation_id = $1`,
          [organisationId],
        ),
        db.query(
          `SELECT id, name, role_category, team_id, line_manager_id, case_holding,
             contracted_hours::float AS contracted_hours, start_date, leaving_date,
             asye_start_date, placement_start_date, placement_end_date, probation_end_date
           FROM staff_member WHERE organisation_id = $1 ORDER BY name, id`,
          [organisationId],
        ),
        db.query(
          `SELECT id, supervisee_id, supervisor_id, kind, starts_on, ends_on
           FROM supervisory_relationship WHERE organisation_id = $1`,
          [organisationId],
        ),
      ]);
      const optional = <K extends string>(key: K, value: unknown) =>
        value === null || value === undefined ? {} : ({ [key]: value } as Record<K, string>);
      return {
        units: units.rows.map(
          (u): ShapeUnit => ({
            id: u.id,
            parentId: u.parent_id ?? null,
            managerId: u.manager_id ?? null,
            teamType: u.team_type ?? undefined,
          }),
        ),
        staff: staff.rows.map(
          (s): BundleStaff => ({
            id: s.id,
            name: s.name,
            roleCategory: s.role_category,
            caseHolding: s.case_holding,
            contractedHours: s.contracted_hours,
            startDate: s.start_date,
            ...optional('teamId', s.team_id),
            ...optional('lineManagerId', s.line_manager_id),
            ...optional('leavingDate', s.leaving_date),
            ...optional('asyeStartDate', s.asye_start_date),
            ...optional('placementStartDate', s.placement_start_date),
            ...optional('placementEndDate', s.placement_end_date),
            ...optional('probationEndDate', s.probation_end_date),
          }),
        ),
        relationships: relationships.rows.map(
          (r): BundleRelationship => ({
            id: r.id,
            superviseeId: r.supervisee_id,
            supervisorId: r.supervisor_id,
            kind: r.kind,
            from: r.starts_on,
            ...optional('to', r.ends_on),
          }),
        ),
      };
    },

    /** Shared or signed records of these kinds dated in the window, in id order. */
    async recordRows(
      organisationId: string,
      window: { from: IsoDate; to: IsoDate; kinds: readonly RecordKind[] },
    ): Promise<RecordRow[]> {
      const { rows } = await db.query(
        `SELECT r.id, r.author_id, r.observer_id, ${firstPerson} AS supervisee_id
         FROM supervision_record r
         WHERE r.organisation_id = $1 AND r.meeting_date BETWEEN $2 AND $3
           AND r.kind = ANY($4::text[]) AND ${readable}
         ORDER BY r.id`,
        [organisationId, window.from, window.to, window.kinds],
      );
      return rows.map((row) => ({
        id: row.id,
        authorId: row.author_id ?? null,
        observerId: row.observer_id ?? null,
        superviseeId: row.supervisee_id ?? null,
      }));
    },

    /** Shared or signed records about a supervisee (named first) in the window: their files. */
    async fileRows(
      organisationId: string,
      window: { from: IsoDate; to: IsoDate; notKinds: readonly RecordKind[] },
    ): Promise<FileRecordRow[]> {
      const { rows } = await db.query(
        `SELECT r.id, r.author_id, r.observer_id, rs.staff_id AS supervisee_id
         FROM supervision_record r
         JOIN record_staff rs ON rs.organisation_id = r.organisation_id AND rs.record_id = r.id
           AND rs.position = (SELECT min(x.position) FROM record_staff x
             WHERE x.organisation_id = r.organisation_id AND x.record_id = r.id)
         WHERE r.organisation_id = $1 AND r.meeting_date BETWEEN $2 AND $3
           AND NOT (r.kind = ANY($4::text[])) AND ${readable}
         ORDER BY r.meeting_date, r.id`,
        [organisationId, window.from, window.to, window.notKinds],
      );
      return rows.map((row) => ({
        id: row.id,
        authorId: row.author_id ?? null,
        observerId: row.observer_id ?? null,
        superviseeId: row.supervisee_id,
      }));
    },

    /** Supervisees whose files have had an audit assigned or completed since a date. */
    async filesAuditedSince(organisationId: string, since: IsoDate): Promise<Set<string>> {
      const { rows } = await db.query(
        `SELECT DISTINCT subject_staff_id FROM quality_audit
         WHERE organisation_id = $1 AND audit_of = 'supervision_files'
           AND subject_staff_id IS NOT NULL AND coalesce(assigned_on, completed_on) >= $2`,
        [organisationId, since],
      );
      return new Set(rows.map((row) => row.subject_staff_id as string));
    },

    /**
     * Keeps a draw and assigns its audits, in one transaction with its audit entry. A second
     * draw for the same plan, auditor and period is refused (the unique key), never half-made.
     */
    async saveDraw(
      organisationId: string,
      draw: NewDraw,
      audit: ChangeAudit,
    ): Promise<{ outcome: 'drawn'; id: string; auditIds: string[] } | { outcome: 'exists' }> {
      return inTransaction(db, async (client) => {
        const { rows } = await client.query(
          `INSERT INTO sample_draw (organisation_id, rule_id, auditor_id, audit_of, period_from,
             period_to, seed, pool, picks, drawn_on, drawn_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (organisation_id, rule_id, auditor_id, period_from) DO NOTHING
           RETURNING id`,
          [
            organisationId,
            draw.ruleId,
            draw.auditorId,
            draw.auditOf,
            draw.periodFrom,
            draw.periodTo,
            draw.seed,
            JSON.stringify(draw.pool),
            JSON.stringify(draw.picks),
            draw.drawnOn,
            draw.drawnBy,
          ],
        );
        const drawId = rows[0]?.id as string | undefined;
        if (!drawId) throw new Rollback({ outcome: 'exists' as const });
        const auditIds: string[] = [];
        for (const a of draw.audits) {
          const inserted = await client.query(
            `INSERT INTO quality_audit (organisation_id, external_id, auditor_id,
               subject_staff_id, subject_record_id, audit_of, status, rule_id, draw_id, tool,
               assigned_on, due_on, feedback_to_id, record_ids)
             VALUES ($1, $2, $3, $4, $5, $6, 'assigned', $7, $8, $9, $10, $11, $12, $13::uuid[])
             RETURNING id`,
            [
              organisationId,
              `audit-${randomUUID()}`,
              draw.auditorId,
              a.subjectStaffId,
              a.subjectRecordId,
              draw.auditOf,
              draw.ruleId,
              drawId,
              draw.tool,
              draw.drawnOn,
              draw.periodTo,
              a.feedbackToId,
              a.recordIds,
            ],
          );
          auditIds.push(inserted.rows[0].id);
        }
        await auditChange(client, organisationId, 'sample_draw', drawId, {
          ...audit,
          detail: { ...audit.detail, auditIds },
        });
        return { outcome: 'drawn' as const, id: drawId, auditIds };
      });
    },

    async findDraw(organisationId: string, id: string): Promise<StoredDraw | undefined> {
      const { rows } = await db.query(
        `SELECT ${drawColumns} WHERE d.organisation_id = $1 AND d.id = $2`,
        [organisationId, id],
      );
      return rows[0] ? drawOf(rows[0]) : undefined;
    },

    /** The draws of periods that hold a date: this period's, for the sampling page. */
    async drawsOn(organisationId: string, date: IsoDate): Promise<StoredDraw[]> {
      const { rows } = await db.query(
        `SELECT ${drawColumns} WHERE d.organisation_id = $1
           AND d.period_from <= $2 AND d.period_to >= $2 ORDER BY d.created_at`,
        [organisationId, date],
      );
      return rows.map(drawOf);
    },

    /** Audits a draw assigned, by their subject. */
    async auditsOfDraw(organisationId: string, drawId: string) {
      const { rows } = await db.query(
        `SELECT id, subject_staff_id, subject_record_id, status FROM quality_audit
         WHERE organisation_id = $1 AND draw_id = $2`,
        [organisationId, drawId],
      );
      return rows.map((row) => ({
        id: row.id as string,
        subjectStaffId: row.subject_staff_id as string | null,
        subjectRecordId: row.subject_record_id as string | null,
        status: row.status as AuditStatus,
      }));
    },

    async staffNames(organisationId: string, ids: readonly string[]) {
      const { rows } = await db.query(
        `SELECT id, name FROM staff_member WHERE organisation_id = $1 AND id = ANY($2::uuid[])`,
        [organisationId, ids],
      );
      return new Map(rows.map((row) => [row.id as string, row.name as string]));
    },

    /** Records named in a sample: date, kind, headline and people, in date order. */
    async recordSummaries(
      organisationId: string,
      ids: readonly string[],
    ): Promise<RecordSummary[]> {
      if (ids.length === 0) return [];
      const { rows } = await db.query(
        `SELECT r.id, r.kind, r.meeting_date, a.name AS author_name, p.name AS supervisee_name,
           (SELECT v.headline FROM record_version v WHERE v.organisation_id = r.organisation_id
              AND v.record_id = r.id ORDER BY v.version DESC LIMIT 1) AS headline
         FROM supervision_record r
         LEFT JOIN staff_member a ON a.organisation_id = r.organisation_id AND a.id = r.author_id
         LEFT JOIN staff_member p ON p.organisation_id = r.organisation_id
           AND p.id = ${firstPerson}
         WHERE r.organisation_id = $1 AND r.id = ANY($2::uuid[])
         ORDER BY r.meeting_date DESC, r.id`,
        [organisationId, ids],
      );
      return rows.map((row) => ({
        id: row.id,
        kind: row.kind,
        date: row.meeting_date,
        headline: row.headline ?? null,
        authorName: row.author_name ?? null,
        superviseeName: row.supervisee_name ?? null,
      }));
    },
  };
}
export type QualityAuditRepository = ReturnType<typeof qualityAuditRepository>;
