/**
 * Access grants end to end: an administrator gives an inspector read-only access to a team; the
 * inspector reads what is in scope (each read on the trail with the grant's id), nothing else,
 * and changes nothing; the grant stops working on the very next request once it expires or is
 * revoked. Administrators alone manage grants, and the form names every problem.
 */
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { wallClock } from '../../src/features/notifications/zoned-time.ts';
import { testApp } from '../support/app.ts';
import {
  accounts,
  dateFields,
  errorSummary,
  signedIn,
  staffIdOf,
  userIdOf,
} from './organisation-helpers.ts';

const inspector = 'inspector@northshire.example';
const investigator = 'investigator@northshire.example';

/** The expiry `days` ahead, as the form's date and time fields. */
function expiryIn(days: number) {
  const at = wallClock(new Date(Date.now() + days * 24 * 60 * 60 * 1000));
  return { ...dateFields('expiresOn', at.date), expiresAt: at.time };
}

/**
 * A record about people only (no children) where `where` holds; with a version that is not a
 * draft when it is to be read (an imported record's page says where it was written, after the
 * access check, and a draft is not listed to a grant's holder).
 */
async function personalRecord(pool: pg.Pool, where: string, params: unknown[], versioned = true) {
  const { rows } = await pool.query(
    `SELECT r.id FROM supervision_record r
     JOIN record_staff x ON x.organisation_id = r.organisation_id AND x.record_id = r.id
     JOIN staff_member s ON s.organisation_id = x.organisation_id AND s.id = x.staff_id
     WHERE (NOT $${params.length + 1} OR EXISTS (SELECT 1 FROM record_version v
         WHERE v.record_id = r.id AND v.status <> 'draft'))
       AND NOT EXISTS (SELECT 1 FROM record_child c WHERE c.record_id = r.id)
       AND ${where}
     ORDER BY r.meeting_date DESC LIMIT 1`,
    [...params, versioned],
  );
  if (!rows[0]) throw new Error(`no record where ${where}`);
  return rows[0].id as string;
}

async function grantIdFor(pool: pg.Pool, holderEmail: string): Promise<string> {
  const { rows } = await pool.query(
    `SELECT g.id FROM access_grant g JOIN user_account u ON u.id = g.holder_user_id
     WHERE u.email = $1 ORDER BY g.granted_at DESC LIMIT 1`,
    [holderEmail],
  );
  return rows[0].id;
}

async function viewsOf(pool: pg.Pool, recordId: string, userId: string) {
  const { rows } = await pool.query(
    `SELECT detail FROM audit_event WHERE action = 'supervision_record.viewed'
       AND resource_id = $1 AND actor_user_id = $2 ORDER BY id`,
    [recordId, userId],
  );
  return rows.map((row) => row.detail as { grantIds?: string[] });
}

describe('access grants', () => {
  let app: Awaited<ReturnType<typeof testApp>>['app'];
  let pool: pg.Pool;
  let teamId: string;
  let inScope: string;
  let outOfScope: string;
  let grantId: string;

  beforeAll(async () => {
    ({ app, pool } = await testApp());
    const jordan = await staffIdOf(
      pool,
      (
        await pool.query(
          `SELECT s.external_id FROM staff_member s JOIN user_account u ON u.staff_member_id = s.id
           WHERE u.email = $1`,
          [accounts.practitioner],
        )
      ).rows[0].external_id,
    );
    teamId = (await pool.query('SELECT team_id FROM staff_member WHERE id = $1', [jordan])).rows[0]
      .team_id;
    inScope = await personalRecord(pool, 's.id = $1', [jordan]);
    // About people of other teams only: outside the team and every unit beneath it.
    outOfScope = await personalRecord(
      pool,
      `NOT EXISTS (SELECT 1 FROM record_staff y JOIN staff_member t ON t.id = y.staff_id
         WHERE y.record_id = r.id AND t.team_id IN (
           WITH RECURSIVE u(id) AS (SELECT $1::uuid UNION
             SELECT o.id FROM org_unit o JOIN u ON o.parent_id = u.id) SELECT id FROM u))`,
      [teamId],
      false,
    );

    const admin = await signedIn(app, accounts.admin);
    await admin.get('/organisation/access-grants/new');
    const created = await admin.post('/organisation/access-grants/new', {
      holderId: await userIdOf(pool, inspector),
      scope: 'team',
      unitId: teamId,
      reason: 'Ofsted focused visit, reference FV-2026-014',
      ...expiryIn(14),
    });
    expect(created.statusCode).toBe(303);
    grantId = await grantIdFor(pool, inspector);
  });

  it('links administrators, and only them, to grants, the audit log, retention and subject access', async () => {
    const links = [
      '/organisation/access-grants',
      '/organisation/audit-log',
      '/organisation/retention',
      '/organisation/subject-access',
    ];
    const admin = await (await signedIn(app, accounts.admin)).get('/organisation');
    for (const link of links) expect(admin.body).toContain(`href="${link}"`);
    const manager = await (await signedIn(app, accounts.seniorManager)).get('/organisation');
    expect(manager.statusCode).toBe(200);
    for (const link of links) expect(manager.body).not.toContain(`href="${link}"`);
  });

  it('lists the grant for administrators, and writes its giving on the trail', async () => {
    const admin = await signedIn(app, accounts.admin);
    const list = await admin.get('/organisation/access-grants');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Ofsted focused visit, reference FV-2026-014');
    expect(list.body).toContain(`/organisation/access-grants/${grantId}/revoke`);
    const { rows } = await pool.query(
      `SELECT detail FROM audit_event WHERE action = 'access_grant.created' AND resource_id = $1`,
      [grantId],
    );
    expect(rows[0].detail).toMatchObject({ scope: 'team', scopeId: teamId });
  });

  it('shows the holder their live grant on the home page and what it opens, read-only', async () => {
    const holder = await signedIn(app, inspector);
    const home = await holder.get('/');
    expect(home.body).toContain(`href="/grants/${grantId}"`);
    expect(home.body).not.toContain('Not built yet');
    const page = await holder.get(`/grants/${grantId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/records/${inScope}"`);
    expect(page.body).not.toContain(`href="/records/${outOfScope}"`);
    expect(page.body).not.toMatch(/<form[^>]*method="post"[^>]*action="\/(records|staff|children)/);
  });

  it("never lists a draft's headline, nor a record that is only a draft, to the holder", async () => {
    const ofRecord = 'FROM record_version v WHERE v.record_id = r.id';
    const locked = await personalRecord(
      pool,
      `s.team_id = $1 AND r.id <> $2 AND NOT EXISTS (SELECT 1 ${ofRecord} AND v.status <> 'locked')`,
      [teamId, inScope],
    );
    const draftOnly = await personalRecord(
      pool,
      `s.team_id = $1 AND EXISTS (SELECT 1 ${ofRecord})
       AND NOT EXISTS (SELECT 1 ${ofRecord} AND v.status <> 'draft')`,
      [teamId],
      false,
    );
    // An amendment begun on the locked record, not shared yet.
    await pool.query(
      `INSERT INTO record_version (organisation_id, record_id, version, status, template,
         headline, amendment_reason)
       SELECT organisation_id, record_id, version + 1, 'draft', template,
         'Unshared amendment headline', 'Correcting a date'
       FROM record_version WHERE record_id = $1 ORDER BY version DESC LIMIT 1`,
      [locked],
    );
    const draftHeadline = (
      await pool.query('SELECT headline FROM record_version WHERE record_id = $1', [draftOnly])
    ).rows[0].headline as string;
    const page = await (await signedIn(app, inspector)).get(`/grants/${grantId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/records/${locked}"`);
    expect(page.body).not.toContain('Unshared amendment headline');
    expect(page.body).not.toContain(`href="/records/${draftOnly}"`);
    expect(page.body).not.toContain(draftHeadline);
    // Nor does the record page open a draft to them: it is its writers' until shared.
    const holder = await signedIn(app, inspector);
    const draftPage = await holder.get(`/records/${draftOnly}`);
    expect(draftPage.statusCode).toBe(404);
    expect(draftPage.body).toContain('This record has not been shared yet');
    expect(draftPage.body).not.toContain(draftHeadline);
    const amended = await holder.get(`/records/${locked}`);
    expect(amended.statusCode).toBe(200);
    expect(amended.body).not.toContain('Unshared amendment headline');
  });

  it('opens a record in scope, logged with the grant id, and refuses one out of scope', async () => {
    const holder = await signedIn(app, inspector);
    const holderId = await userIdOf(pool, inspector);
    expect((await holder.get(`/records/${inScope}`)).statusCode).toBe(200);
    expect((await viewsOf(pool, inScope, holderId)).at(-1)?.grantIds).toEqual([grantId]);
    expect([403, 404]).toContain((await holder.get(`/records/${outOfScope}`)).statusCode);
    expect(await viewsOf(pool, outOfScope, holderId)).toEqual([]);
  });

  it('refuses every POST from the holder', async () => {
    const holder = await signedIn(app, inspector);
    await holder.get(`/records/${inScope}`);
    for (const url of [
      `/records/${inScope}/edit`,
      `/records/${inScope}/sign`,
      '/children/new',
      '/organisation/access-grants/new',
      `/organisation/access-grants/${grantId}/revoke`,
    ])
      expect((await holder.post(url, { reason: 'x' })).statusCode, url).toBe(403);
  });

  it("does not show one holder another's grant", async () => {
    const other = await signedIn(app, investigator);
    expect((await other.get(`/grants/${grantId}`)).statusCode).toBe(404);
    expect((await other.get(`/records/${inScope}`)).statusCode).toBe(403);
  });

  it('stops working on the very next request once it has expired', async () => {
    const holder = await signedIn(app, inspector);
    expect((await holder.get(`/records/${inScope}`)).statusCode).toBe(200);
    await pool.query(
      `UPDATE access_grant SET starts_at = now() - interval '1 hour',
         expires_at = now() - interval '1 second' WHERE id = $1`,
      [grantId],
    );
    try {
      expect((await holder.get(`/records/${inScope}`)).statusCode).toBe(403);
      expect((await holder.get(`/grants/${grantId}`)).statusCode).toBe(404);
      const admin = await signedIn(app, accounts.admin);
      expect((await admin.get('/organisation/access-grants')).body).toContain('Expired grants');
    } finally {
      await pool.query(
        `UPDATE access_grant SET expires_at = now() + interval '14 days' WHERE id = $1`,
        [grantId],
      );
    }
    expect((await holder.get(`/records/${inScope}`)).statusCode).toBe(200);
  });

  it('stops working on the very next request once revoked, the revocation on the trail', async () => {
    const admin = await signedIn(app, accounts.admin);
    const holder = await signedIn(app, inspector);
    expect((await holder.get(`/records/${inScope}`)).statusCode).toBe(200);

    await admin.get(`/organisation/access-grants/${grantId}/revoke`);
    const missing = await admin.post(`/organisation/access-grants/${grantId}/revoke`, {
      reason: '',
    });
    expect(missing.statusCode).toBe(400);
    expect(errorSummary(missing.body)).toEqual([
      { text: 'Enter why the grant is being revoked', href: '#reason' },
    ]);
    const revoked = await admin.post(`/organisation/access-grants/${grantId}/revoke`, {
      reason: 'Visit finished early',
    });
    expect(revoked.statusCode).toBe(303);

    expect((await holder.get(`/records/${inScope}`)).statusCode).toBe(403);
    expect((await holder.get(`/grants/${grantId}`)).statusCode).toBe(404);
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'access_grant.revoked'
         AND resource_id = $1`,
      [grantId],
    );
    expect(rows[0].n).toBe(1);
    expect((await admin.get('/organisation/access-grants')).body).toContain('Visit finished early');
  });

  it('opens a person and their staff page through a person grant, logged with the grant', async () => {
    const admin = await signedIn(app, accounts.admin);
    const jordan = (
      await pool.query('SELECT staff_member_id FROM user_account WHERE email = $1', [
        accounts.practitioner,
      ])
    ).rows[0].staff_member_id as string;
    await admin.get('/organisation/access-grants/new');
    const created = await admin.post('/organisation/access-grants/new', {
      holderId: await userIdOf(pool, investigator),
      scope: 'person',
      staffId: jordan,
      reason: 'Disciplinary investigation DI-77',
      ...expiryIn(30),
    });
    expect(created.statusCode).toBe(303);
    const personGrant = await grantIdFor(pool, investigator);
    const holder = await signedIn(app, investigator);
    expect((await holder.get(`/staff/${jordan}`)).statusCode).toBe(200);
    const { rows } = await pool.query(
      `SELECT detail FROM audit_event WHERE action = 'staff_member.viewed' AND resource_id = $1
       ORDER BY id DESC LIMIT 1`,
      [jordan],
    );
    expect(rows[0].detail).toEqual({ grantIds: [personGrant] });
    expect((await holder.get(`/records/${inScope}`)).statusCode).toBe(200);
    expect((await holder.get(`/records/${outOfScope}`)).statusCode).toBe(403);
  });

  it('names each problem of the form in the error summary, and saves nothing', async () => {
    const admin = await signedIn(app, accounts.admin);
    const before = (await pool.query('SELECT count(*)::int AS n FROM access_grant')).rows[0].n;
    await admin.get('/organisation/access-grants/new');
    const base = { scope: 'team', unitId: teamId, reason: 'Inspection' };

    const noRole = await admin.post('/organisation/access-grants/new', {
      ...base,
      holderId: await userIdOf(pool, accounts.supervisor),
      reason: '',
      ...expiryIn(-1),
    });
    expect(noRole.statusCode).toBe(400);
    const summary = errorSummary(noRole.body);
    expect(summary).toContainEqual({ text: 'Enter the reason for the grant', href: '#reason' });
    expect(summary).toContainEqual({
      text: 'The expiry must be in the future',
      href: '#expiresOn-day',
    });
    expect(summary.find((e) => e.href === '#holderId')?.text).toMatch(
      /is not an investigating officer or an inspector/,
    );

    const tooLong = await admin.post('/organisation/access-grants/new', {
      ...base,
      holderId: await userIdOf(pool, inspector),
      ...expiryIn(91),
    });
    expect(errorSummary(tooLong.body)).toEqual([
      { text: 'The expiry must be no more than 90 days from now', href: '#expiresOn-day' },
    ]);

    const noScope = await admin.post('/organisation/access-grants/new', {
      holderId: await userIdOf(pool, inspector),
      scope: 'child',
      childCaseId: 'NO-SUCH-CASE',
      reason: 'Inspection',
      ...dateFields('expiresOn', '2026-02-30'),
      expiresAt: '25:00',
    });
    expect(errorSummary(noScope.body).map((e) => e.href)).toEqual([
      '#childCaseId',
      '#expiresOn-day',
      '#expiresAt',
    ]);
    const noChild = await admin.post('/organisation/access-grants/new', {
      holderId: await userIdOf(pool, inspector),
      scope: 'child',
      childCaseId: 'NO-SUCH-CASE',
      reason: 'Inspection',
      ...expiryIn(3),
    });
    expect(errorSummary(noChild.body)).toEqual([
      { text: 'There is no child with case ID NO-SUCH-CASE', href: '#childCaseId' },
    ]);
    expect((await pool.query('SELECT count(*)::int AS n FROM access_grant')).rows[0].n).toBe(
      before,
    );
  });

  it('refuses the grant pages to everyone but administrators', async () => {
    for (const email of [accounts.supervisor, accounts.seniorManager, inspector]) {
      const client = await signedIn(app, email);
      expect((await client.get('/organisation/access-grants')).statusCode, email).toBe(403);
      expect((await client.get('/organisation/access-grants/new')).statusCode, email).toBe(403);
    }
    const manager = await signedIn(app, accounts.supervisor);
    await manager.get('/');
    const posted = await manager.post('/organisation/access-grants/new', {
      holderId: await userIdOf(pool, inspector),
      scope: 'team',
      unitId: teamId,
      reason: 'x',
      ...expiryIn(2),
    });
    expect(posted.statusCode).toBe(403);
  });
});
