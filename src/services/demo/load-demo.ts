import type pg from 'pg';
import { hashPassword } from '../passwords.ts';
import {
  type DemoStaff,
  demoAccounts,
  demoId,
  demoPassword,
  demoSlug,
  demoStaff,
  demoUnits,
} from './demo-organisation.ts';

export const demoPolicyPackId = 'systemic-4x4x4';

function weeksBefore(today: Date, weeks: number): string {
  return new Date(today.getTime() - weeks * 7 * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Loads the demo organisation in one transaction. With `reset`, an existing demo organisation
 * (and everything it holds, its audit trail included) is removed first; without it, an
 * existing one is left alone.
 */
export async function loadDemoOrganisation(
  pool: pg.Pool,
  options: { reset?: boolean; today?: Date } = {},
): Promise<'loaded' | 'exists'> {
  const today = options.today ?? new Date();
  const passwordHash = await hashPassword(demoPassword);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const existing = await client.query('SELECT id FROM organisation WHERE slug = $1 FOR UPDATE', [
      demoSlug,
    ]);
    if (existing.rowCount && !options.reset) {
      await client.query('ROLLBACK');
      return 'exists';
    }
    if (existing.rowCount) {
      await client.query("SET LOCAL oversight.removing_organisation = 'on'");
      await client.query('DELETE FROM organisation WHERE slug = $1', [demoSlug]);
    }
    const organisationId = demoId('organisation');
    await client.query(
      `INSERT INTO organisation (id, slug, name, policy_pack_id) VALUES ($1, $2, $3, $4)`,
      [organisationId, demoSlug, 'Northshire County Council (demo)', demoPolicyPackId],
    );
    for (const unit of demoUnits) {
      await client.query(
        `INSERT INTO org_unit (organisation_id, id, parent_id, kind, name, external_id)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          organisationId,
          demoId(unit.key),
          unit.parent ? demoId(unit.parent) : null,
          unit.kind,
          unit.name,
          unit.key,
        ],
      );
    }
    for (const person of demoStaff) await insertStaff(client, organisationId, person, today);
    for (const person of demoStaff)
      await insertRelationships(client, organisationId, person, today);
    for (const account of demoAccounts) {
      await client.query(
        `INSERT INTO user_account (organisation_id, id, email, display_name, staff_member_id, roles,
           password_hash, password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, now())`,
        [
          organisationId,
          demoId(`user:${account.email}`),
          account.email,
          account.name,
          account.staff ? demoId(account.staff) : null,
          account.roles,
          passwordHash,
        ],
      );
    }
    await client.query('COMMIT');
    return 'loaded';
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

async function insertStaff(
  client: pg.PoolClient,
  organisationId: string,
  person: DemoStaff,
  today: Date,
) {
  const slug = person.name
    .toLowerCase()
    .replace(/^dr /, '')
    .replace(/[^a-z]+/g, '.');
  await client.query(
    `INSERT INTO staff_member (organisation_id, id, external_id, name, email, job_title,
       role_category, case_holding, contracted_hours, start_date, asye_start_date,
       placement_start_date, placement_end_date, team_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      organisationId,
      demoId(person.key),
      `HR${String(demoStaff.indexOf(person) + 1001)}`,
      person.name,
      `${slug}@northshire.example`,
      person.jobTitle,
      person.roleCategory,
      person.caseHolding,
      person.hours,
      weeksBefore(today, person.startedWeeksAgo),
      person.asyeWeeksAgo === undefined ? null : weeksBefore(today, person.asyeWeeksAgo),
      person.placementWeeksAgo === undefined ? null : weeksBefore(today, person.placementWeeksAgo),
      person.placementWeeksAgo === undefined
        ? null
        : weeksBefore(today, person.placementWeeksAgo - 26),
      demoId(person.team),
    ],
  );
  if (person.manager) {
    await client.query(
      'UPDATE staff_member SET line_manager_id = $3 WHERE organisation_id = $1 AND id = $2',
      [organisationId, demoId(person.key), demoId(person.manager)],
    );
  }
}

/** Line management from each person's start, and a student's two placement supervisors. */
async function insertRelationships(
  client: pg.PoolClient,
  organisationId: string,
  person: DemoStaff,
  today: Date,
) {
  const add = (supervisor: string, kind: string, since: string) =>
    client.query(
      `INSERT INTO supervisory_relationship (organisation_id, id, supervisee_id, supervisor_id,
         kind, starts_on) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        organisationId,
        demoId(`rel:${person.key}:${supervisor}:${kind}`),
        demoId(person.key),
        demoId(supervisor),
        kind,
        since,
      ],
    );
  const since = weeksBefore(today, person.startedWeeksAgo);
  if (person.manager) await add(person.manager, 'line_management', since);
  if (person.roleCategory === 'student') {
    await add('sp-cic', 'placement_supervisor', since);
    await add('pe', 'practice_educator', since);
  }
}
