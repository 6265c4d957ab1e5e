/**
 * What the annual supervision report reads beside the compliance view and the feedback results:
 * completed audits with their own copy of the tool. (The audit tools page saves policy versions:
 * services/policy-versions.ts.)
 */
import type pg from 'pg';
import type { IsoDate } from '../domain/calendar/period.ts';
import type { AuditAnswers } from '../domain/quality/answers.ts';
import type { ReportedAudit } from '../domain/quality/report.ts';

export function qualityReportRepository(pool: pg.Pool) {
  return {
    /** Audits completed in a period (completed_on from `from` to `to`), oldest first. */
    async completedAudits(
      organisationId: string,
      period: { from: IsoDate; to: IsoDate },
    ): Promise<ReportedAudit[]> {
      const { rows } = await pool.query(
        `SELECT id, completed_on, tool, answers FROM quality_audit
         WHERE organisation_id = $1 AND completed_on BETWEEN $2 AND $3
           AND status IN ('completed', 'feedback_given')
         ORDER BY completed_on, id`,
        [organisationId, period.from, period.to],
      );
      return rows.map((r) => ({
        id: r.id,
        completedOn: r.completed_on,
        tool: r.tool ?? null,
        answers: (r.answers ?? {}) as AuditAnswers,
      }));
    },
  };
}
export type QualityReportRepository = ReturnType<typeof qualityReportRepository>;
