import type pg from 'pg';

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
    async count(): Promise<number> {
      const { rows } = await db.query('SELECT count(*)::int AS n FROM organisation');
      return rows[0].n;
    },
  };
}
export type OrganisationRepository = ReturnType<typeof organisationRepository>;
