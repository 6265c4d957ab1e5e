import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { IsoDate } from '../domain/calendar/period.ts';
import type { AbsenceKind } from '../domain/policy/vocabulary.ts';
import { auditChange, type ChangeAudit, inTransaction } from './transaction.ts';

export type Absence = {
  id: string;
  externalId: string;
  staffId: string;
  kind: AbsenceKind;
  startsOn: IsoDate;
  /** The last day away; null while the person is still away. */
  endsOn: IsoDate | null;
  version: string;
};

export type AbsenceInput = { kind: AbsenceKind; startsOn: IsoDate; endsOn: IsoDate | null };

const select = `SELECT id, external_id, staff_id, kind, starts_on, ends_on,
  updated_at::text AS version FROM absence`;

function toAbsence(row: Record<string, unknown>): Absence {
  return {
    id: row.id as string,
    externalId: row.external_id as string,
    staffId: row.staff_id as string,
    kind: row.kind as AbsenceKind,
    startsOn: row.starts_on as IsoDate,
    endsOn: (row.ends_on as IsoDate | null) ?? null,
    version: row.version as string,
  };
}

/** Periods a staff member is away: leave, sickness, maternity. */
export function absenceRepository(db: pg.Pool) {
  return {
    /** Most recent first. */
    async listForStaff(organisationId: string, staffId: string): Promise<Absence[]> {
      const { rows } = await db.query(
        `${select} WHERE organisation_id = $1 AND staff_id = $2
         ORDER BY starts_on DESC, id`,
        [organisationId, staffId],
      );
      return rows.map(toAbsence);
    },

    async findById(organisationId: string, id: string): Promise<Absence | undefined> {
      const { rows } = await db.query(`${select} WHERE organisation_id = $1 AND id = $2`, [
        organisationId,
        id,
      ]);
      return rows[0] ? toAbsence(rows[0]) : undefined;
    },

    async create(
      organisationId: string,
      staffId: string,
      input: AbsenceInput,
      audit: ChangeAudit,
    ): Promise<string> {
      const id = randomUUID();
      await inTransaction(db, async (client) => {
        await client.query(
          `INSERT INTO absence (organisation_id, id, external_id, staff_id, kind, starts_on, ends_on)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [organisationId, id, id, staffId, input.kind, input.startsOn, input.endsOn],
        );
        await auditChange(client, organisationId, 'absence', id, audit);
      });
      return id;
    },

    /** Saves the absence if it is still the version the editor saw; false if it changed since. */
    async update(
      organisationId: string,
      id: string,
      version: string,
      input: AbsenceInput,
      audit: ChangeAudit,
    ): Promise<boolean> {
      return inTransaction(db, async (client) => {
        const { rowCount } = await client.query(
          `UPDATE absence SET kind = $4, starts_on = $5, ends_on = $6, updated_at = now()
           WHERE organisation_id = $1 AND id = $2 AND updated_at = $3::timestamptz`,
          [organisationId, id, version, input.kind, input.startsOn, input.endsOn],
        );
        if (rowCount !== 1) return false;
        await auditChange(client, organisationId, 'absence', id, audit);
        return true;
      });
    },
  };
}
export type AbsenceRepository = ReturnType<typeof absenceRepository>;
