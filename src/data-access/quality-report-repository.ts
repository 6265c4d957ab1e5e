/**
 * What the annual supervision report reads beside the compliance view and the feedback results:
 * completed audits with their own copy of the tool. And the one write of the audit tools page:
 * the organisation's policy overrides, changed under a row lock with the audit entry in the same
 * transaction.
 */
import type pg from 'pg';
import type { Bundle } from '../domain/bundle/schema.ts';
import type { IsoDate } from '../domain/calendar/period.ts';
import type { PackOverrides } from '../domain/policy/overrides.ts';
import type { AuditAnswers } from '../domain/quality/answers.ts';
import type { ReportedAudit } from '../domain/quality/report.ts';
import { auditChange, type ChangeAudit, inTransaction, Rollback } from './transaction.ts';

/** A change to the overrides, or a refusal returned as it is and nothing written. */
export type OverridesChange<T> =
  | { write: true; overrides: PackOverrides; resourceId: string; audit: ChangeAudit; result: T }
  | { write: false; result: T };

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

    /**
     * Changes the organisation's policy overrides. The row is locked while `change` decides on
     * what it read, so two administrators adding tools at once cannot lose one another's; the
     * audit entry is written in the same transaction.
     */
    async changeOverrides<T>(
      organisationId: string,
      change: (organisation: Bundle['organisation']) => OverridesChange<T>,
    ): Promise<T | undefined> {
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query(
          `SELECT slug, name, policy_pack_id, overrides, bank_holiday_region
           FROM organisation WHERE id = $1 FOR UPDATE`,
          [organisationId],
        );
        const o = rows[0];
        if (!o) return undefined;
        const decided = change({
          id: o.slug,
          name: o.name,
          policy: o.policy_pack_id,
          ...(o.overrides ? { overrides: o.overrides } : {}),
          bankHolidayRegion: o.bank_holiday_region,
        });
        if (!decided.write) throw new Rollback(decided.result);
        await client.query('UPDATE organisation SET overrides = $2 WHERE id = $1', [
          organisationId,
          JSON.stringify(decided.overrides),
        ]);
        await auditChange(client, organisationId, 'audit_tool', decided.resourceId, decided.audit);
        return decided.result;
      });
    },
  };
}
export type QualityReportRepository = ReturnType<typeof qualityReportRepository>;
