import { describe, expect, it } from 'vitest';
import { repositories } from '../../src/data-access/index.ts';
import { normaliseBundle } from '../../src/domain/bundle/normalise.ts';
import { type ComplianceScope, sliceBundle } from '../../src/domain/compliance/scope.ts';
import { importService } from '../../src/services/import/import-service.ts';
import { freshDatabase } from '../support/database.ts';
import { scopeCouncil } from '../support/scope-council.ts';

const asOf = '2026-11-23';

/** The SQL reader's slice of a team, some people or a mover is the domain's slice, row for row. */
describe('reading part of an organisation from the database', async () => {
  const pool = await freshDatabase();
  const repos = repositories(pool);
  const council = scopeCouncil(asOf);
  const report = await importService(repos).importFile({
    kind: 'bundle',
    chunks: [JSON.stringify(council)],
  });
  const organisationId = (await repos.organisations.findBySlug(council.organisation.id))!.id;
  const internal = async (table: 'staff_member' | 'org_unit', externalIds: string[]) =>
    (
      await pool.query(
        `SELECT id FROM ${table} WHERE organisation_id = $1 AND external_id = ANY($2::text[])`,
        [organisationId, externalIds],
      )
    ).rows.map((r) => r.id as string);
  const teamMembers = (teams: string[]) =>
    council.staff.filter((s) => s.teamId && teams.includes(s.teamId)).map((s) => s.id);
  const scopes: [string, string[], string[]][] = [
    ['one team', teamMembers(['team-0']), ['team-0']],
    ['two teams of different areas', teamMembers(['team-1', 'team-7']), ['team-1', 'team-7']],
    ['one worker', ['st-9'], []],
    ['a manager and the worker who moved to them', ['st-tm-0', 'st-9'], []],
  ];

  it('reads back the whole organisation it imported', async () => {
    expect(report.applied).toBe(true);
    expect(await repos.organisationData.loadBundle(organisationId)).toEqual(
      normaliseBundle(council),
    );
  });

  for (const [name, staffIds, teamIds] of scopes) {
    it(`${name}: the rows read are exactly the slice the engine is proved on`, async () => {
      const whole = (await repos.organisationData.loadBundle(organisationId))!;
      const scope: ComplianceScope = { staffIds: new Set(staffIds), teamIds: new Set(teamIds) };
      const read = await repos.organisationData.loadBundle(organisationId, {
        staffIds: await internal('staff_member', staffIds),
        teamIds: await internal('org_unit', teamIds),
      });
      const slice = sliceBundle(whole, scope);
      expect(slice.records.length).toBeGreaterThan(0);
      expect(slice.records.length).toBeLessThan(whole.records.length);
      expect(read).toEqual(slice);
    });
  }
});

/** Reused figures are only safe if every write that could change them moves the version. */
describe("the organisation's data version", async () => {
  const pool = await freshDatabase();
  const repos = repositories(pool);
  const council = scopeCouncil(asOf);
  await importService(repos).importFile({ kind: 'bundle', chunks: [JSON.stringify(council)] });
  const organisationId = (await repos.organisations.findBySlug(council.organisation.id))!.id;
  const version = () => repos.compliance.dataVersion(organisationId);
  const moves = async (sql: string) => {
    const before = await version();
    await pool.query(sql, [organisationId]);
    return (await version()) - before;
  };

  it('moves once for each statement that inserts, changes or deletes what compliance reads', async () => {
    expect(await version()).toBeGreaterThan(0);
    expect(
      await moves(
        `UPDATE supervision_record SET signed_on = meeting_date + 3
         WHERE organisation_id = $1 AND signed_on IS NULL`,
      ),
    ).toBe(1);
    expect(
      await moves(
        `DELETE FROM record_child WHERE organisation_id = $1
         AND record_id = (SELECT record_id FROM record_child WHERE organisation_id = $1 LIMIT 1)`,
      ),
    ).toBe(1);
    expect(
      await moves('UPDATE child_allocation SET ends_on = NULL WHERE organisation_id = $1'),
    ).toBe(1);
    expect(await moves(`UPDATE organisation SET overrides = '{}'::jsonb WHERE id = $1`)).toBe(1);
  });

  it('stays put for reads and for statements that change nothing', async () => {
    expect(await moves('SELECT count(*) FROM supervision_record WHERE organisation_id = $1')).toBe(
      0,
    );
    expect(
      await moves('UPDATE supervision_record SET kind = kind WHERE organisation_id = $1 AND false'),
    ).toBe(0);
  });

  it('does not move for a write that is rolled back', async () => {
    const before = await version();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('UPDATE child SET name = name WHERE organisation_id = $1', [
        organisationId,
      ]);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await version()).toBe(before);
  });
});
