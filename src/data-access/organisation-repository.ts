import type pg from 'pg';
import { inTransaction } from './transaction.ts';

export type Organisation = {
  id: string;
  slug: string;
  name: string;
  policyPackId: string;
  bankHolidayRegion: string;
  timeZone: string;
};

function toOrganisation(row: Record<string, unknown>): Organisation {
  return {
    id: row.id as string,
    slug: row.slug as string,
    name: row.name as string,
    policyPackId: row.policy_pack_id as string,
    bankHolidayRegion: row.bank_holiday_region as string,
    timeZone: row.time_zone as string,
  };
}

export function organisationRepository(db: pg.Pool) {
  return {
    async findById(id: string): Promise<Organisation | undefined> {
      const { rows } = await db.query('SELECT * FROM organisation WHERE id = $1', [id]);
      return rows[0] ? toOrganisation(rows[0]) : undefined;
    },
    async findBySlug(slug: string): Promise<Organisation | undefined> {
      const { rows } = await db.query('SELECT * FROM organisation WHERE slug = $1', [slug]);
      return rows[0] ? toOrganisation(rows[0]) : undefined;
    },
    async list(): Promise<Organisation[]> {
      const { rows } = await db.query('SELECT * FROM organisation ORDER BY slug');
      return rows.map(toOrganisation);
    },
    /** How much the organisation holds, for its administrators' summary. */
    async counts(organisationId: string) {
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM org_unit WHERE organisation_id = $1)::int AS units,
           (SELECT count(*) FROM staff_member WHERE organisation_id = $1)::int AS staff,
           (SELECT count(*) FROM supervisory_relationship WHERE organisation_id = $1)::int
             AS relationships,
           (SELECT count(*) FROM user_account WHERE organisation_id = $1)::int AS users`,
        [organisationId],
      );
      return rows[0] as { units: number; staff: number; relationships: number; users: number };
    },
    /** Removes the organisation and everything it holds, its audit trail included. */
    async remove(id: string): Promise<void> {
      await inTransaction(db, async (client) => {
        // The audit trail is append-only except when its whole organisation goes.
        await client.query("SET LOCAL oversight.removing_organisation = 'on'");
        await client.query('DELETE FROM organisation WHERE id = $1', [id]);
      });
    },
    async count(): Promise<number> {
      const { rows } = await db.query('SELECT count(*)::int AS n FROM organisation');
      return rows[0].n;
    },
  };
}
export type OrganisationRepository = ReturnType<typeof organisationRepository>;
