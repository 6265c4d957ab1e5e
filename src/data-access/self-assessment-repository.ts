/**
 * Workers' self-assessments of their own pieces of work for a supervision session (Manchester's
 * six golden threads): one per worker and session, saved as a draft until submitted, fixed
 * after. Each save carries the revision it was read at, so two windows cannot overwrite each
 * other; every change is written with its audit entry, which holds no ratings or notes.
 */
import type pg from 'pg';
import type { IsoDate } from '../domain/calendar/period.ts';
import type { AuditTool } from '../domain/policy/schema.ts';
import { auditChange, type ChangeAudit, inTransaction, Rollback } from './transaction.ts';

/** A piece of work rated: what it was (never a child's name), an answer per question, a note. */
export type SelfAssessmentPiece = {
  title: string;
  answers: Record<string, string>;
  note: string;
};

export type SelfAssessment = {
  id: string;
  staffId: string;
  sessionId: string;
  /** The tool as it stood when the worker started. */
  tool: AuditTool;
  pieces: SelfAssessmentPiece[];
  dueOn: IsoDate;
  submittedOn: IsoDate | null;
  revision: number;
};

export type SelfAssessmentSave = {
  sessionId: string;
  staffId: string;
  tool: AuditTool;
  pieces: SelfAssessmentPiece[];
  dueOn: IsoDate;
  /** The day it is submitted; null saves a draft. */
  submittedOn: IsoDate | null;
  /** The revision the form was read at; null when there was none yet. */
  revision: number | null;
};

export type SaveOutcome =
  | { outcome: 'saved'; id: string }
  /** Saved in another window since the form was read. */
  | { outcome: 'conflict' }
  /** Already submitted: it no longer changes. */
  | { outcome: 'submitted' };

function toSelfAssessment(row: Record<string, unknown>): SelfAssessment {
  return {
    id: row.id as string,
    staffId: row.staff_id as string,
    sessionId: row.session_id as string,
    tool: row.tool as AuditTool,
    pieces: row.pieces as SelfAssessmentPiece[],
    dueOn: row.due_on as IsoDate,
    submittedOn: (row.submitted_on as IsoDate | null) ?? null,
    revision: row.revision as number,
  };
}

export function selfAssessmentRepository(db: pg.Pool) {
  return {
    async find(
      organisationId: string,
      sessionId: string,
      staffId: string,
    ): Promise<SelfAssessment | undefined> {
      const { rows } = await db.query(
        `SELECT id, staff_id, session_id, tool, pieces, due_on, submitted_on, revision
         FROM self_assessment WHERE organisation_id = $1 AND session_id = $2 AND staff_id = $3`,
        [organisationId, sessionId, staffId],
      );
      return rows[0] ? toSelfAssessment(rows[0]) : undefined;
    },

    /** Creates or changes the draft, or submits it, with its audit entry. */
    async save(
      organisationId: string,
      input: SelfAssessmentSave,
      audit: ChangeAudit,
    ): Promise<SaveOutcome> {
      return inTransaction(db, async (client): Promise<SaveOutcome> => {
        const { rows: current } = await client.query(
          `SELECT id, revision, submitted_on FROM self_assessment
           WHERE organisation_id = $1 AND session_id = $2 AND staff_id = $3 FOR UPDATE`,
          [organisationId, input.sessionId, input.staffId],
        );
        const row = current[0];
        let id: string;
        if (!row) {
          if (input.revision !== null) return { outcome: 'conflict' };
          const { rows } = await client.query(
            `INSERT INTO self_assessment (organisation_id, staff_id, session_id, tool, pieces,
               due_on, submitted_on)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (organisation_id, session_id, staff_id) DO NOTHING
             RETURNING id`,
            [
              organisationId,
              input.staffId,
              input.sessionId,
              JSON.stringify(input.tool),
              JSON.stringify(input.pieces),
              input.dueOn,
              input.submittedOn,
            ],
          );
          // Started in another window at the same moment.
          if (!rows[0]) throw new Rollback({ outcome: 'conflict' } as const);
          id = rows[0].id as string;
        } else {
          if (row.submitted_on !== null) return { outcome: 'submitted' };
          if (row.revision !== input.revision) return { outcome: 'conflict' };
          id = row.id as string;
          // The tool stays as it was when the worker started; the due date follows the session.
          await client.query(
            `UPDATE self_assessment SET pieces = $3, due_on = $4, submitted_on = $5,
               revision = revision + 1, updated_at = now()
             WHERE organisation_id = $1 AND id = $2`,
            [organisationId, id, JSON.stringify(input.pieces), input.dueOn, input.submittedOn],
          );
        }
        await auditChange(client, organisationId, 'self_assessment', id, audit);
        return { outcome: 'saved', id };
      });
    },
  };
}
export type SelfAssessmentRepository = ReturnType<typeof selfAssessmentRepository>;
