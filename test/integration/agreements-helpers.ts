/**
 * Helpers for the agreement tests: relationships of demo staff, new people with accounts (the
 * demo's student and her two supervisors have none), and reading the agreement form as a
 * browser sends it, textareas included.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { hashPassword } from '../../src/services/passwords.ts';
import { filledFormOf } from './organisation-helpers.ts';

export async function relationshipOf(
  pool: pg.Pool,
  superviseeId: string,
  kind = 'line_management',
): Promise<string> {
  const { rows } = await pool.query(
    `SELECT id FROM supervisory_relationship WHERE supervisee_id = $1 AND kind = $2
     ORDER BY starts_on DESC LIMIT 1`,
    [superviseeId, kind],
  );
  if (!rows[0]) throw new Error(`no ${kind} relationship for ${superviseeId}`);
  return rows[0].id;
}

/** Gives a demo staff member a sign-in account with the demo password. */
export async function addAccount(
  pool: pg.Pool,
  staffId: string,
  email: string,
  roles: string[] = ['practitioner'],
): Promise<string> {
  const { rows } = await pool.query(
    'SELECT organisation_id, name FROM staff_member WHERE id = $1',
    [staffId],
  );
  const id = randomUUID();
  await pool.query(
    `INSERT INTO user_account (organisation_id, id, email, display_name, staff_member_id, roles,
       password_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      rows[0].organisation_id,
      id,
      email,
      rows[0].name,
      staffId,
      roles,
      await hashPassword('northshire-demo-2026'),
    ],
  );
  return id;
}

/** A new starter in a demo team, line managed by `managerId` from `startsOn`. */
export async function newStarter(
  pool: pg.Pool,
  options: { name: string; managerId: string; startsOn: string; externalId: string },
): Promise<{ staffId: string; relationshipId: string }> {
  const { rows } = await pool.query(
    'SELECT organisation_id, team_id FROM staff_member WHERE id = $1',
    [options.managerId],
  );
  const { organisation_id: organisationId, team_id: teamId } = rows[0];
  const staffId = randomUUID();
  await pool.query(
    `INSERT INTO staff_member (organisation_id, id, external_id, name, job_title, role_category,
       case_holding, contracted_hours, start_date, line_manager_id, team_id)
     VALUES ($1, $2, $3, $4, 'Social Worker', 'social_worker', true, 37, $5, $6, $7)`,
    [
      organisationId,
      staffId,
      options.externalId,
      options.name,
      options.startsOn,
      options.managerId,
      teamId,
    ],
  );
  const relationshipId = randomUUID();
  await pool.query(
    `INSERT INTO supervisory_relationship (organisation_id, id, external_id, supervisee_id,
       supervisor_id, kind, starts_on)
     VALUES ($1, $2, $3, $4, $5, 'line_management', $6)`,
    [organisationId, relationshipId, relationshipId, staffId, options.managerId, options.startsOn],
  );
  return { staffId, relationshipId };
}

/** The page's POST form to `action` as a browser sends it, textareas included. */
export function agreementFormOf(html: string, action: string): Record<string, string> {
  return filledFormOf(html, action, 'action');
}

/** The agreement id in a location like /agreements/<id>/edit?done=created. */
export function agreementIdIn(location: string | undefined): string {
  const id = /^\/agreements\/([0-9a-f-]{36})/.exec(location ?? '')?.[1];
  if (!id) throw new Error(`no agreement in ${location}`);
  return id;
}
