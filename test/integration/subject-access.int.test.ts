import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { appendAuditEvent } from '../../src/data-access/audit-log-repository.ts';
import { getPack } from '../../src/domain/policy/registry.ts';
import { testApp } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import {
  accounts,
  errorSummary,
  signedIn,
  staffIdOf,
  textOf,
  today,
  userIdOf,
} from './organisation-helpers.ts';

/** Resolves once some session waits for an advisory lock. */
async function untilWaitingForALock(pool: pg.Pool) {
  for (;;) {
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
    );
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type Export = {
  subject: { kind: string; id: string; name: string };
  counts: Record<string, number>;
  thirdParties: { id: string; name: string; kind: string; appearsIn: string[] }[];
  data: Record<string, unknown> & { records: Record<string, unknown>[] };
};

describe('subject access', async () => {
  const { app, pool, services } = await testApp();
  const organisationId = (await pool.query('SELECT id FROM organisation')).rows[0].id as string;
  const jordan = await staffIdOf(pool, 'sw-ait-1');
  const danielUser = await userIdOf(pool, accounts.supervisor);
  const daniel = (
    await pool.query('SELECT staff_member_id FROM user_account WHERE id = $1', [danielUser])
  ).rows[0].staff_member_id as string;
  const children = (
    await pool.query(
      // Names no one else has, child or staff, so each marker names exactly one person.
      `SELECT id, name, case_id FROM child c WHERE name LIKE '% %'
         AND NOT EXISTS (SELECT 1 FROM child o WHERE o.id <> c.id
           AND (o.name = c.name OR split_part(o.name, ' ', 1) = split_part(c.name, ' ', 1)))
         AND NOT EXISTS (SELECT 1 FROM staff_member s WHERE s.name = c.name)
       ORDER BY case_id LIMIT 3`,
    )
  ).rows as { id: string; name: string; case_id: string }[];
  const [subject, sibling, other] = children as [
    (typeof children)[0],
    (typeof children)[0],
    (typeof children)[0],
  ];
  const template = getPack('durham-one-point-2022')!.templates[0]!;

  async function record(childIds: string[], words: string) {
    const [id] = await services.repos.records.create(
      organisationId,
      [
        {
          kind: 'case_supervision',
          date: today(),
          sessionId: null,
          authorId: daniel,
          observerId: null,
          staffIds: [jordan],
          childIds,
          template,
          headline: 'Case supervision',
          createdBy: danielUser,
        },
      ],
      { actorUserId: danielUser, action: 'supervision_record.create' },
    );
    await pool.query('UPDATE record_version SET answers = $2 WHERE record_id = $1', [
      id,
      { discussion: words },
    ]);
    return id as string;
  }

  const firstName = (name: string) => name.split(' ')[0]!;
  const naming = await record(
    [subject.id, sibling.id],
    `${firstName(subject.name)} and ${sibling.name} were seen together; ${other.name} was mentioned.`,
  );
  const notNaming = await record([other.id], 'Another family entirely.');
  // A group session that discussed the child, and its record.
  const session = (
    await pool.query(
      `SELECT r.session_id AS id, r.id AS record_id FROM supervision_record r
       WHERE r.session_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM record_child rc
         WHERE rc.record_id = r.id AND rc.child_id = $1)
       ORDER BY r.id LIMIT 1`,
      [subject.id],
    )
  ).rows[0] as { id: string; record_id: string };
  await pool.query(
    `INSERT INTO session_child (organisation_id, session_id, child_id, added_by)
     VALUES ($1, $2, $3, $4)`,
    [organisationId, session.id, subject.id, jordan],
  );

  // An action about the child agreed in Jordan's personal supervision: the action is the
  // child's to see, the rest of that supervision is not.
  const personal = (
    await pool.query(
      `SELECT r.id FROM supervision_record r WHERE r.kind = 'personal_supervision'
       AND NOT EXISTS (SELECT 1 FROM record_child rc WHERE rc.record_id = r.id)
       ORDER BY r.id LIMIT 1`,
    )
  ).rows[0].id as string;
  await pool.query(
    `INSERT INTO supervision_action (organisation_id, external_id, description, owner_id,
       record_id, child_id, staff_id, set_on, due_on, status)
     VALUES ($1, 'sar-action', 'Visit the child', $2, $3, $4, $2, $5, $5, 'open')`,
    [organisationId, jordan, personal, subject.id, today()],
  );
  // A record Jordan only signed, as a line manager: about someone else.
  const otherWorker = (
    await pool.query(`SELECT id FROM staff_member WHERE id NOT IN ($1, $2) ORDER BY id LIMIT 1`, [
      jordan,
      daniel,
    ])
  ).rows[0].id as string;
  const [onlySigned] = await services.repos.records.create(
    organisationId,
    [
      {
        kind: 'personal_supervision',
        date: today(),
        sessionId: null,
        authorId: daniel,
        observerId: null,
        staffIds: [otherWorker],
        childIds: [],
        template,
        headline: 'Someone else’s supervision',
        createdBy: danielUser,
      },
    ],
    { actorUserId: danielUser, action: 'supervision_record.create' },
  );
  await pool.query(
    `INSERT INTO record_signature (organisation_id, record_id, version, party, staff_id, user_id)
     VALUES ($1, $2, 1, 'line_manager', $3, $4)`,
    [organisationId, onlySigned, jordan, danielUser],
  );

  const admin = await signedIn(app, accounts.admin);

  async function exportOf(kind: 'child' | 'staff', key: string) {
    await admin.get('/organisation/subject-access');
    const page = await admin.post('/organisation/subject-access', { kind, key });
    expect(page.statusCode, page.body.slice(0, 500)).toBe(200);
    const download = await admin.post('/organisation/subject-access/download', { kind, key });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toMatch(
      /^attachment; filename="subject-access-/,
    );
    return { page, json: JSON.parse(download.body) as Export, raw: download.body };
  }

  it('is for administrators only', async () => {
    const supervisor = await signedIn(app, accounts.supervisor);
    expect((await supervisor.get('/organisation/subject-access')).statusCode).toBe(403);
    expect(
      (await supervisor.post('/organisation/subject-access', { kind: 'child', key: subject.id }))
        .statusCode,
    ).toBe(403);
  });

  it('says what is wrong with the request', async () => {
    await admin.get('/organisation/subject-access');
    const empty = await admin.post('/organisation/subject-access', { key: '' });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body).map((e) => e.href)).toEqual(['#kind', '#key']);
    const unknown = await admin.post('/organisation/subject-access', {
      kind: 'child',
      key: 'NO-SUCH-CASE',
    });
    expect(unknown.statusCode).toBe(400);
    expect(errorSummary(unknown.body)[0]?.text).toBe(
      'No child has that id or case number in your organisation',
    );
  });

  it('a child: every record that names them, sessions and actions about them, third parties marked', async () => {
    const { page, json, raw } = await exportOf('child', subject.case_id);
    expect(json.subject).toEqual({ kind: 'child', id: subject.id, name: subject.name });
    const ids = json.data.records.map((r) => r.id);
    expect(ids).toContain(naming);
    expect(ids).not.toContain(notNaming);
    const fromDb = await pool.query(
      `SELECT count(DISTINCT record_id)::int AS n FROM record_child WHERE child_id = $1`,
      [subject.id],
    );
    expect(ids.length).toBe(fromDb.rows[0].n);
    // The session that discussed them and the action about them, not the workers' own records.
    const sessions = json.data.sessionsDiscussed as { id: string }[];
    expect(sessions.map((s) => s.id)).toContain(session.id);
    expect(ids).not.toContain(session.record_id);
    const actions = json.data.actions as { external_id: string }[];
    expect(actions.map((a) => a.external_id)).toContain('sar-action');
    expect(ids).not.toContain(personal);

    // Others' names are wrapped and listed with where they appear; the child's own are not.
    expect(raw).toContain(`[[review: ${sibling.name}]]`);
    expect(raw).toContain(`[[review: ${other.name}]]`);
    expect(raw).not.toContain(`[[review: ${firstName(subject.name)}`);
    const listed = json.thirdParties.find((p) => p.id === sibling.id)!;
    const at = json.data.records.findIndex((r) => r.id === naming);
    // Paths are within `data`.
    expect(listed.appearsIn).toContain(`$.records[${at}].versions[0].answers.discussion`);
    expect(json.thirdParties.some((p) => p.id === daniel)).toBe(true);

    const text = textOf(page.body);
    expect(text).toContain(`Subject access: ${subject.name}`);
    expect(text).toContain('Third parties to review');
    expect(page.body).toContain(naming);

    const logged = await pool.query(
      `SELECT actor_user_id, detail FROM audit_event
       WHERE action = 'subject_access.export' AND resource_id = $1`,
      [subject.id],
    );
    expect(logged.rows).toHaveLength(2);
    expect(logged.rows[0].detail.counts.records).toBe(ids.length);
  });

  it('a staff member: records about and by them, their account without its password hash', async () => {
    const { json, raw } = await exportOf('staff', 'practitioner@northshire.example');
    expect(json.subject.id).toBe(jordan);
    const ids = json.data.records.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([naming, notNaming]));
    const about = await pool.query(
      'SELECT count(DISTINCT record_id)::int AS n FROM record_staff WHERE staff_id = $1',
      [jordan],
    );
    expect(ids.length).toBeGreaterThanOrEqual(about.rows[0].n);
    expect(json.counts.accounts).toBe(1);
    expect(raw).not.toContain('password_hash');
    expect(raw).not.toMatch(/\$argon2/);
    for (const key of [
      'relationships',
      'absences',
      'audits',
      'selfAssessments',
      'feedbackGiven',
      'actions',
    ])
      expect(Array.isArray(json.data[key]), key).toBe(true);
    // A record they only signed is there, flagged: it is about someone else.
    const signed = json.data.records.find((r) => r.id === onlySigned);
    expect(signed?.review).toMatch(/^The subject only signed or created this record/);
    expect(json.data.records.find((r) => r.id === naming)).not.toHaveProperty('review');
    // The supervisor's name is a third party's in Jordan's export; the child's name too.
    expect(raw).toContain(`[[review: ${sibling.name}]]`);
    expect(json.thirdParties.find((p) => p.id === daniel)?.appearsIn.length).toBeGreaterThan(0);
  });

  it('an export while another audit entry is being written keeps the audit chain whole', async () => {
    // Another writer holds the organisation's audit lock, with its entry not yet committed.
    const writer = await pool.connect();
    try {
      await writer.query('BEGIN');
      await appendAuditEvent(writer, {
        organisationId,
        actorUserId: danielUser,
        action: 'test.concurrent',
        resourceType: 'child',
        resourceId: other.id,
      });
      const exporting = services.subjectAccess.export(
        { organisationId, userId: null },
        'child',
        subject.id,
      );
      await untilWaitingForALock(pool);
      await writer.query('COMMIT');
      expect((await exporting)?.subject.id).toBe(subject.id);
    } finally {
      writer.release();
    }
    const verify = await runCli(pool, ['audit', 'verify']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });

  it('the CLI exports by case number to a file, and exits non-zero with a line per problem', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sar-'));
    const out = path.join(dir, 'child.json');
    const done = await runCli(pool, ['subject-access', '--child', subject.case_id, '--out', out]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/third parties to review/);
    const json = JSON.parse(await readFile(out, 'utf8')) as Export;
    expect(json.data.records.map((r) => r.id)).toContain(naming);

    const html = path.join(dir, 'child.html');
    expect(
      (await runCli(pool, ['subject-access', '--child', subject.id, '--out', html])).code,
    ).toBe(0);
    expect(await readFile(html, 'utf8')).toContain(`[[review: ${sibling.name}]]`);

    const both = await runCli(pool, ['subject-access', '--child', 'x', '--staff', 'y']);
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toBe('oversight subject-access: give one of --child or --staff');
    const unknown = await runCli(pool, ['subject-access', '--staff', 'nobody@example.org']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no staff member 'nobody@example.org'");
  });
});
