import type pg from 'pg';
import { demoSlug } from '../../src/services/demo/demo-organisation.ts';

/**
 * Children for tests, written straight to the database (the demo organisation holds none of
 * its own yet). People are found by email, never by a hard-coded id.
 */

export async function demoOrganisationId(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query('SELECT id FROM organisation WHERE slug = $1', [demoSlug]);
  return rows[0].id;
}

/** The staff member behind a sign-in account (practitioner@northshire.example → Jordan Ellis). */
export async function staffIdOfAccount(pool: pg.Pool, accountEmail: string): Promise<string> {
  const { rows } = await pool.query(
    'SELECT staff_member_id FROM user_account WHERE lower(email) = lower($1)',
    [accountEmail],
  );
  if (!rows[0]?.staff_member_id) throw new Error(`No staff member for ${accountEmail}`);
  return rows[0].staff_member_id;
}

/** A staff member by their own email (fatima.hussain@northshire.example). */
export async function staffIdByEmail(pool: pg.Pool, email: string): Promise<string> {
  const { rows } = await pool.query('SELECT id FROM staff_member WHERE lower(email) = lower($1)', [
    email,
  ]);
  if (!rows[0]) throw new Error(`No staff member ${email}`);
  return rows[0].id;
}

export async function teamIdOf(pool: pg.Pool, staffId: string): Promise<string> {
  const { rows } = await pool.query('SELECT team_id FROM staff_member WHERE id = $1', [staffId]);
  return rows[0].team_id;
}

/** Makes the staff member the manager of the unit (and so of every unit beneath it). */
export async function makeManager(pool: pg.Pool, staffId: string, unitId: string) {
  await pool.query('UPDATE org_unit SET manager_id = $1 WHERE id = $2', [staffId, unitId]);
}

export type TestChild = {
  caseId: string;
  name?: string | null;
  dateOfBirth?: string | null;
  expectedDateOfBirth?: string | null;
  openedOn?: string;
  closedOn?: string | null;
};

export async function insertChild(pool: pg.Pool, child: TestChild): Promise<string> {
  const organisationId = await demoOrganisationId(pool);
  const { rows } = await pool.query(
    `INSERT INTO child (organisation_id, external_id, case_id, name, date_of_birth,
       expected_date_of_birth, opened_on, closed_on)
     VALUES ($1, 'test-' || $2, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      organisationId,
      child.caseId,
      child.name === undefined ? `Child ${child.caseId}` : child.name,
      child.dateOfBirth === undefined && !child.expectedDateOfBirth
        ? '2018-05-04'
        : (child.dateOfBirth ?? null),
      child.expectedDateOfBirth ?? null,
      child.openedOn ?? '2025-01-06',
      child.closedOn ?? null,
    ],
  );
  return rows[0].id;
}

export async function allocate(
  pool: pg.Pool,
  childId: string,
  workerId: string,
  role: 'key_worker' | 'lead_professional' | 'involved' = 'key_worker',
  startsOn = '2025-01-06',
  endsOn: string | null = null,
) {
  await pool.query(
    `INSERT INTO child_allocation (organisation_id, child_id, worker_id, role, starts_on, ends_on)
     SELECT organisation_id, id, $2, $3, $4, $5 FROM child WHERE id = $1`,
    [childId, workerId, role, startsOn, endsOn],
  );
}

export async function addStatus(
  pool: pg.Pool,
  childId: string,
  status: string,
  startsOn = '2025-01-06',
  endsOn: string | null = null,
) {
  await pool.query(
    `INSERT INTO child_status_episode (organisation_id, child_id, status, starts_on, ends_on)
     SELECT organisation_id, id, $2, $3, $4 FROM child WHERE id = $1`,
    [childId, status, startsOn, endsOn],
  );
}

/** The value of a hidden field on a page. */
export function hiddenField(html: string, name: string): string | undefined {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
}

/** The links of the GOV.UK error summary, as the person reads them. */
export function errorSummary(html: string): { text: string; href: string }[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((match) => ({
    href: match[1]!,
    text: decode(match[2]!.trim()),
  }));
}

function decode(text: string): string {
  return text
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}
