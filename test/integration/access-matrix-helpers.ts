/**
 * The demo organisation set up as the access matrix's scenario (src/domain/access/matrix.ts):
 * Jordan Ellis is W, Daniel Okafor S, Priya Raman L (as a supervisor only), Sarah Whitfield C
 * (given a cover relationship over Jordan), Helen Carr H (a senior manager of another service),
 * Richard Haworth Q (as an auditor
 * only, with an open audit of Jordan's supervision); strangers to Jordan in each role get accounts.
 * Jordan disagreed with his personal supervision and its observation, escalated to Priya.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { MatrixRole } from '../../src/domain/access/matrix.ts';
import { hashPassword } from '../../src/services/passwords.ts';
import { addAccount } from './agreements-helpers.ts';
import { staffIdOf, unitIdOf } from './organisation-helpers.ts';

export type Scene = Awaited<ReturnType<typeof setUpScene>>;

async function one(pool: pg.Pool, sql: string, params: unknown[]): Promise<string> {
  const { rows } = await pool.query(sql, params);
  if (!rows[0]) throw new Error(`the demo has nothing for ${sql} ${JSON.stringify(params)}`);
  return Object.values(rows[0])[0] as string;
}

const recordOf = (pool: pg.Pool, staffId: string, kind: string) =>
  one(
    pool,
    `SELECT r.id FROM supervision_record r JOIN record_staff s
       ON s.organisation_id = r.organisation_id AND s.record_id = r.id
     WHERE s.staff_id = $1 AND r.kind = $2 AND r.shared_on IS NOT NULL
       AND EXISTS (SELECT 1 FROM record_version v
                   WHERE v.organisation_id = r.organisation_id AND v.record_id = r.id)
     ORDER BY r.meeting_date DESC LIMIT 1`,
    [staffId, kind],
  );

/** An account with no staff record (as the demo's investigating officer and inspector). */
async function addOutsider(pool: pg.Pool, organisationId: string, email: string, role: string) {
  await pool.query(
    `INSERT INTO user_account (organisation_id, id, email, display_name, roles, password_hash)
     VALUES ($1, $2, $3, $3, $4, $5)`,
    [organisationId, randomUUID(), email, [role], await hashPassword('northshire-demo-2026')],
  );
}

export async function setUpScene(pool: pg.Pool) {
  const staff = async (key: string) => staffIdOf(pool, key);
  const [jordan, daniel, priya, sarah, ben, tom, gareth, bsLead, helen, richard, ruth] =
    await Promise.all(
      ['sw-ait-1', 'tm-ait', 'om-north', 'tm-cp', 'sw-cp-1', 'tm-cic', 'om-south', 'bs-lead']
        .concat(['om-eh', 'qa-hos', 'pe'])
        .map(staff),
    );
  const organisationId = await one(pool, 'SELECT organisation_id FROM staff_member WHERE id = $1', [
    jordan,
  ]);
  const aitNorth = await unitIdOf(pool, 'ait-north');

  // Each role as the matrix has it, and nothing more.
  await pool.query(`UPDATE user_account SET roles = '{supervisor}' WHERE staff_member_id = $1`, [
    priya,
  ]);
  await pool.query(`UPDATE user_account SET roles = '{auditor}' WHERE staff_member_id = $1`, [
    richard,
  ]);
  await addAccount(pool, ben!, 'colleague@northshire.example');
  await addAccount(pool, tom!, 'other.supervisor@northshire.example', ['supervisor']);
  await addAccount(pool, sarah!, 'cover@northshire.example', ['supervisor']);
  await addAccount(pool, gareth!, 'other.line.manager@northshire.example', ['supervisor']);
  // Senior managers by role, managing none of Jordan's units (the head of service manages them all).
  await addAccount(pool, helen!, 'senior@northshire.example', ['senior_manager']);
  await addAccount(pool, bsLead!, 'other.senior@northshire.example', ['senior_manager']);
  await addAccount(pool, ruth!, 'other.auditor@northshire.example', ['auditor']);
  await addOutsider(
    pool,
    organisationId,
    'other.investigator@northshire.example',
    'investigating_officer',
  );
  await addOutsider(pool, organisationId, 'other.inspector@northshire.example', 'inspector');

  // Sarah covers Jordan's supervision from yesterday.
  await pool.query(
    `INSERT INTO supervisory_relationship (organisation_id, id, external_id, supervisee_id,
       supervisor_id, kind, starts_on)
     VALUES ($1, $2, 'access-matrix-cover', $3, $4, 'cover', current_date - 1)`,
    [organisationId, randomUUID(), jordan, sarah],
  );

  const personal = await recordOf(pool, jordan!, 'personal_supervision');
  const observation = await recordOf(pool, jordan!, 'direct_observation');
  const caseRecord = await recordOf(pool, jordan!, 'case_supervision');
  for (const record of [personal, observation])
    await pool.query(
      `INSERT INTO record_escalation (organisation_id, record_id, version, raised_by, reason,
         to_staff_id) VALUES ($1, $2, 1, $3, 'I do not agree with the record', $4)`,
      [organisationId, record, jordan, priya],
    );
  const audit = randomUUID();
  await pool.query(
    `INSERT INTO quality_audit (organisation_id, id, external_id, auditor_id, subject_staff_id,
       audit_of, status, feedback_to_id, record_ids, assigned_on)
     VALUES ($1, $2, 'access-matrix-audit', $3, $4, 'supervision_files', 'in_progress', $5, $6,
       current_date)`,
    [organisationId, audit, richard, jordan, daniel, [personal, observation, caseRecord]],
  );
  const relationship = await one(
    pool,
    `SELECT id FROM supervisory_relationship WHERE supervisee_id = $1 AND supervisor_id = $2
     AND kind = 'line_management'`,
    [jordan, daniel],
  );
  const agreement = await pool
    .query('SELECT id FROM supervision_agreement WHERE relationship_id = $1 LIMIT 1', [
      relationship,
    ])
    .then((r) => r.rows[0]?.id as string | undefined);
  const cicSouth = await unitIdOf(pool, 'cic-south');
  const grants = await addGrants(pool, {
    organisationId,
    jordan: jordan!,
    ben: ben!,
    aitNorth,
    cicSouth,
  });
  return {
    organisationId,
    jordan: jordan!,
    aitNorth,
    personal,
    observation,
    caseRecord,
    audit,
    relationship,
    agreement,
    grants,
  };
}

/**
 * Live grants for the investigating officers and inspectors, once the grants feature's table
 * (migration 0012, `access_grant`) is there; until then the grant-holders' cells are `todo`.
 */
async function addGrants(
  pool: pg.Pool,
  ids: { organisationId: string; jordan: string; ben: string; aitNorth: string; cicSouth: string },
): Promise<'live' | string> {
  const { rows } = await pool.query(`SELECT to_regclass('access_grant') AS t`);
  if (!rows[0]?.t) return 'the access_grant table (migration 0012) is not there yet';
  const grant = (email: string, column: 'staff_id' | 'unit_id', kind: string, id: string) =>
    pool.query(
      `INSERT INTO access_grant (organisation_id, holder_user_id, scope_kind, ${column}, reason,
         expires_at, granted_by)
       SELECT $1, h.id, $3, $4, 'The access matrix test', now() + interval '1 day', a.id
       FROM user_account h, user_account a WHERE h.email = $2 AND a.email = $5`,
      [ids.organisationId, email, kind, id, 'admin@northshire.example'],
    );
  await grant('investigator@northshire.example', 'staff_id', 'person', ids.jordan);
  await grant('other.investigator@northshire.example', 'staff_id', 'person', ids.ben);
  await grant('inspector@northshire.example', 'unit_id', 'team', ids.aitNorth);
  await grant('other.inspector@northshire.example', 'unit_id', 'team', ids.cicSouth);
  return 'live';
}

/** Who signs in for each role: one in the matrix's relationship to Jordan, one a stranger. */
export const signIns: Record<MatrixRole, { related: string; stranger: string }> = {
  practitioner: {
    related: 'practitioner@northshire.example',
    stranger: 'colleague@northshire.example',
  },
  supervisor: {
    related: 'supervisor@northshire.example',
    stranger: 'other.supervisor@northshire.example',
  },
  cover_manager: {
    related: 'cover@northshire.example',
    stranger: 'other.supervisor@northshire.example',
  },
  supervisors_line_manager: {
    related: 'senior.manager@northshire.example',
    stranger: 'other.line.manager@northshire.example',
  },
  senior_manager: {
    related: 'senior@northshire.example',
    stranger: 'other.senior@northshire.example',
  },
  auditor: { related: 'auditor@northshire.example', stranger: 'other.auditor@northshire.example' },
  administrator: { related: 'admin@northshire.example', stranger: 'admin@northshire.example' },
  investigating_officer: {
    related: 'investigator@northshire.example',
    stranger: 'other.investigator@northshire.example',
  },
  inspector: {
    related: 'inspector@northshire.example',
    stranger: 'other.inspector@northshire.example',
  },
};

/** A count of everything a refused request must not have changed. */
export async function fingerprint(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query(
    `SELECT (SELECT count(*) FROM record_version) AS versions,
       (SELECT count(*) FROM record_signature) AS signatures,
       (SELECT count(*) FROM record_escalation) AS escalations,
       (SELECT count(*) FROM supervision_record) AS records,
       (SELECT count(*) FROM supervision_agreement) AS agreements,
       (SELECT max(updated_at) FROM quality_audit) AS audits,
       (SELECT count(*) FROM staff_member) AS staff,
       (SELECT count(*) FROM quality_audit) AS audit_count`,
  );
  return JSON.stringify(rows[0]);
}
