import type pg from 'pg';

/** The facts access decisions rest on, read fresh on each request. */
export function accessRepository(db: pg.Pool) {
  return {
    /** Units the staff member manages, with every unit beneath them. */
    async managedUnitIds(organisationId: string, staffId: string): Promise<string[]> {
      const { rows } = await db.query(
        `WITH RECURSIVE managed AS (
           SELECT id FROM org_unit WHERE organisation_id = $1 AND manager_id = $2
           UNION
           SELECT u.id FROM org_unit u JOIN managed m ON u.parent_id = m.id
           WHERE u.organisation_id = $1
         ) SELECT id FROM managed`,
        [organisationId, staffId],
      );
      return rows.map((row) => row.id as string);
    },
  };
}
