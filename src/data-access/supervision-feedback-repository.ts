/**
 * Supervisees' feedback on the supervision they receive: one response per respondent, supervisor
 * and round (a unique index refuses a second). Who responded is read only to say whether they
 * have; results read the answers with the respondent's team, never with a name.
 */
import type pg from 'pg';
import type { IsoDate } from '../domain/calendar/period.ts';
import type { FeedbackAnswers } from '../domain/quality/feedback.ts';
import { auditChange, type ChangeAudit, inTransaction, Rollback } from './transaction.ts';

export type NewFeedback = {
  surveyId: string;
  round: { from: IsoDate; to: IsoDate };
  respondentId: string;
  supervisorId: string;
  /** The respondent's team as they respond: the group their answers count in. */
  unitId: string | null;
  answers: FeedbackAnswers;
  submittedOn: IsoDate;
};

/** A response as results read it: no names, only who (to count people once) and the team. */
export type FeedbackRow = {
  respondentId: string;
  unitId: string | null;
  unitName: string | null;
  answers: FeedbackAnswers;
};

export function supervisionFeedbackRepository(db: pg.Pool) {
  return {
    /** The supervisors this person has already given feedback on in the round. */
    async respondedTo(
      organisationId: string,
      surveyId: string,
      roundFrom: IsoDate,
      respondentId: string,
    ): Promise<string[]> {
      const { rows } = await db.query(
        `SELECT supervisor_id FROM supervision_feedback
         WHERE organisation_id = $1 AND survey_id = $2 AND round_from = $3 AND respondent_id = $4`,
        [organisationId, surveyId, roundFrom, respondentId],
      );
      return rows.map((r) => r.supervisor_id as string);
    },

    /**
     * Stores a response with its audit entry (which holds no answers), or says one was already
     * given for this supervisor in this round.
     */
    async create(
      organisationId: string,
      feedback: NewFeedback,
      audit: ChangeAudit,
    ): Promise<{ outcome: 'saved'; id: string } | { outcome: 'duplicate' }> {
      return inTransaction(db, async (client) => {
        const { rows } = await client.query(
          `INSERT INTO supervision_feedback (organisation_id, survey_id, round_from, round_to,
             respondent_id, supervisor_id, unit_id, answers, submitted_on)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (organisation_id, survey_id, round_from, respondent_id, supervisor_id)
             DO NOTHING
           RETURNING id`,
          [
            organisationId,
            feedback.surveyId,
            feedback.round.from,
            feedback.round.to,
            feedback.respondentId,
            feedback.supervisorId,
            feedback.unitId,
            JSON.stringify(feedback.answers),
            feedback.submittedOn,
          ],
        );
        const id = rows[0]?.id as string | undefined;
        if (!id) throw new Rollback({ outcome: 'duplicate' as const });
        await auditChange(client, organisationId, 'supervision_feedback', id, audit);
        return { outcome: 'saved' as const, id };
      });
    },

    /** The rounds of a survey that have responses, latest first. */
    async rounds(
      organisationId: string,
      surveyId: string,
    ): Promise<{ from: IsoDate; to: IsoDate }[]> {
      const { rows } = await db.query(
        `SELECT DISTINCT round_from, round_to FROM supervision_feedback
         WHERE organisation_id = $1 AND survey_id = $2
         ORDER BY round_from DESC, round_to DESC`,
        [organisationId, surveyId],
      );
      return rows.map((r) => ({ from: r.round_from as IsoDate, to: r.round_to as IsoDate }));
    },

    /** Every response to the survey in rounds lying within [from, to]. */
    async responses(
      organisationId: string,
      surveyId: string,
      range: { from: IsoDate; to: IsoDate },
    ): Promise<FeedbackRow[]> {
      const { rows } = await db.query(
        `SELECT f.respondent_id, f.unit_id, u.name AS unit_name, f.answers
         FROM supervision_feedback f
         LEFT JOIN org_unit u ON u.organisation_id = f.organisation_id AND u.id = f.unit_id
         WHERE f.organisation_id = $1 AND f.survey_id = $2
           AND f.round_from >= $3 AND f.round_to <= $4
         ORDER BY f.id`,
        [organisationId, surveyId, range.from, range.to],
      );
      return rows.map((r) => ({
        respondentId: r.respondent_id as string,
        unitId: (r.unit_id as string | null) ?? null,
        unitName: (r.unit_name as string | null) ?? null,
        answers: r.answers as FeedbackAnswers,
      }));
    },
  };
}
export type SupervisionFeedbackRepository = ReturnType<typeof supervisionFeedbackRepository>;
