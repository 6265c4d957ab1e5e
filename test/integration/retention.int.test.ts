import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Repositories } from '../../src/data-access/index.ts';
import { addDays, addMonths } from '../../src/domain/calendar/iso-date.ts';
import { getPack } from '../../src/domain/policy/registry.ts';
import type { RecordKind } from '../../src/domain/policy/vocabulary.ts';
import { FutureAsOfError } from '../../src/features/retention/retention-service.ts';
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

/** Every row of every table in the database, as text, that contains `text`. */
async function tablesHolding(pool: pg.Pool, text: string) {
  const { rows: tables } = await pool.query(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const holding: string[] = [];
  for (const { table_name } of tables) {
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM "${table_name}" t WHERE t::text LIKE $1`,
      [`%${text}%`],
    );
    if (rows[0].n > 0) holding.push(table_name);
  }
  return holding;
}

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

describe('retention runs', async () => {
  const { app, pool, services } = await testApp();
  const repos: Repositories = services.repos;
  const organisationId = (await pool.query('SELECT id, slug FROM organisation')).rows[0].id;
  const slug = (await pool.query('SELECT slug FROM organisation')).rows[0].slug as string;
  const jordan = await staffIdOf(pool, 'sw-ait-1');
  const daniel = (
    await pool.query(
      `SELECT staff_member_id FROM user_account WHERE email = 'supervisor@northshire.example'`,
    )
  ).rows[0].staff_member_id as string;
  const danielUser = await userIdOf(pool, accounts.supervisor);
  const child = (
    await pool.query(
      `SELECT child_id FROM child_allocation WHERE worker_id = $1 ORDER BY child_id LIMIT 1`,
      [jordan],
    )
  ).rows[0].child_id as string;
  const usePack = (pack: string) =>
    pool.query('UPDATE organisation SET policy_pack_id = $1, overrides = NULL', [pack]);
  const yearsAgo = (years: number, days = 0) => addDays(addMonths(today(), -12 * years), days);
  const template = getPack('durham-one-point-2022')!.templates[0]!;

  /** A signed, locked record written on `date`, with words, an action and its progress. */
  async function oldRecord(kind: RecordKind, date: string, words: string) {
    const [id] = await repos.records.create(
      organisationId,
      [
        {
          kind,
          date,
          sessionId: null,
          authorId: daniel,
          observerId: null,
          staffIds: [jordan],
          childIds: kind.startsWith('case') ? [child] : [],
          template,
          headline: `Supervision on ${date}`,
          createdBy: danielUser,
        },
      ],
      { actorUserId: danielUser, action: 'supervision_record.create' },
    );
    await pool.query(
      `UPDATE record_version SET answers = $2, signatories = $3, shared_at = now()
       WHERE record_id = $1`,
      [id, { summary: words }, JSON.stringify([{ party: 'supervisor', staffId: daniel }])],
    );
    await pool.query(
      `INSERT INTO record_signature (organisation_id, record_id, version, party, staff_id, user_id, disagreement)
       VALUES ($1, $2, 1, 'supervisee', $3, $4, $5)`,
      [organisationId, id, jordan, danielUser, `${words} (disagreed)`],
    );
    await pool.query(
      `UPDATE record_version SET status = 'locked', locked_at = now() WHERE record_id = $1`,
      [id],
    );
    const action = await pool.query(
      `INSERT INTO supervision_action (organisation_id, external_id, description, owner_id,
         record_id, staff_id, set_on, due_on, status)
       VALUES ($1, gen_random_uuid()::text, $2, $3, $4, $3, $5, $5, 'open') RETURNING id`,
      [organisationId, `${words} action`, jordan, id, date],
    );
    await pool.query(
      `INSERT INTO action_update (organisation_id, action_id, record_id, recorded_on, progress, outcome)
       VALUES ($1, $2, $3, $4, $5, 'open')`,
      [organisationId, action.rows[0].id, id, date, `${words} progress`],
    );
    return id as string;
  }

  const admin = await signedIn(app, accounts.admin);
  async function dryRun() {
    const started = await admin.post('/organisation/retention/dry-runs', {});
    expect(started.statusCode).toBe(303);
    const url = String(started.headers.location);
    return { url, id: url.split('/').at(-1)!, page: await admin.get(url) };
  }

  await usePack('durham-one-point-2022');
  const sevenYears = await oldRecord('personal_supervision', yearsAgo(7), 'SEVEN-YEAR-WORDS');
  const sixYearsToday = await oldRecord('direct_observation', yearsAgo(6), 'OBSERVED-WORDS');
  const held = await oldRecord('personal_supervision', yearsAgo(8), 'HELD-WORDS');
  const recent = await oldRecord('personal_supervision', yearsAgo(6, 1), 'RECENT-WORDS');
  const caseRecord = await oldRecord('case_supervision', yearsAgo(12), 'CASE-WORDS');
  // An action agreed in a record now due, reviewed since in a record that is kept.
  const reviewedLater = await oldRecord('personal_supervision', yearsAgo(7), 'REVIEWED-WORDS');
  const reviewedAction = (
    await pool.query('SELECT id FROM supervision_action WHERE record_id = $1', [reviewedLater])
  ).rows[0].id as string;
  await pool.query(
    `INSERT INTO action_update (organisation_id, action_id, record_id, recorded_on, progress, outcome)
     VALUES ($1, $2, $3, $4, 'KEPT-PROGRESS', 'open')`,
    [organisationId, reviewedAction, recent, yearsAgo(6, 1)],
  );

  it('is for administrators only', async () => {
    const supervisor = await signedIn(app, accounts.supervisor);
    expect((await supervisor.get('/organisation/retention')).statusCode).toBe(403);
    expect((await supervisor.post('/organisation/retention/dry-runs', {})).statusCode).toBe(403);
    expect((await admin.get('/organisation/retention')).statusCode).toBe(200);
  });

  it('Durham: a dry run lists records over 6 years old, not newer ones or case records', async () => {
    const { page } = await dryRun();
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(page.body).toContain(sevenYears);
    expect(page.body).toContain(sixYearsToday);
    expect(page.body).toContain(held);
    expect(page.body).not.toContain(recent);
    expect(page.body).not.toContain(caseRecord);
    expect(text).toContain('personal-six-years');
    expect(text).toContain('observation-six-years');
    expect(text).toMatch(/Case supervision: \d+ records?\. No retention period set/);
    // A dry run deletes nothing.
    const { rows } = await pool.query(
      'SELECT count(*)::int AS n FROM supervision_record WHERE id = $1',
      [sevenYears],
    );
    expect(rows[0].n).toBe(1);
  });

  it('a legal hold needs a reason and an id of the organisation’s, and spares what it covers', async () => {
    const refused = await admin.post('/organisation/retention/holds', {
      subjectKind: 'record',
      subjectId: '00000000-0000-4000-8000-000000000000',
      reason: '',
    });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body).map((e) => e.href)).toEqual(['#subjectId', '#reason']);

    const placed = await admin.post('/organisation/retention/holds', {
      subjectKind: 'record',
      subjectId: held,
      reason: 'Employment tribunal claim 2026/123',
    });
    expect(placed.statusCode).toBe(303);
    const { page } = await dryRun();
    const spared = page.body.slice(page.body.indexOf('Spared by a legal hold'));
    expect(spared).toContain(held);
    const due = page.body.slice(0, page.body.indexOf('Spared by a legal hold'));
    expect(due).not.toContain(held);
  });

  it('refuses to confirm a dry run when the records due have changed, deleting nothing', async () => {
    const { id } = await dryRun();
    const late = await oldRecord('personal_supervision', yearsAgo(9), 'LATE-WORDS');
    const refused = await admin.post(`/organisation/retention/runs/${id}/confirm`, {});
    expect(refused.statusCode).toBe(409);
    expect(textOf(refused.body)).toContain('Due now, not in the dry run (1)');
    expect(refused.body).toContain(late);
    const { rows } = await pool.query(
      'SELECT count(*)::int AS n FROM supervision_record WHERE id = ANY($1::uuid[])',
      [[sevenYears, late]],
    );
    expect(rows[0].n).toBe(2);
  });

  it('deletes exactly the dry run’s list, leaving tombstones with no content and audit entries', async () => {
    const { id, page } = await dryRun();
    const dueCount = Number(/Delete (\d+) records?/.exec(textOf(page.body))?.[1]);
    expect(dueCount).toBeGreaterThanOrEqual(3);
    const done = await admin.post(`/organisation/retention/runs/${id}/confirm`, {});
    expect(done.statusCode).toBe(303);
    expect(textOf((await admin.get(String(done.headers.location))).body)).toContain(
      `${dueCount} records were deleted`,
    );

    const left = await pool.query('SELECT id FROM supervision_record WHERE id = ANY($1::uuid[])', [
      [sevenYears, sixYearsToday, held, recent, caseRecord],
    ]);
    expect(left.rows.map((r) => r.id).sort()).toEqual([held, recent, caseRecord].sort());
    const tombstones = await pool.query(
      `SELECT to_jsonb(t) - 'organisation_id' - 'deleted_at' - 'run_id' AS t FROM record_tombstone t
       WHERE id = ANY($1::uuid[]) ORDER BY kind`,
      [[sevenYears, sixYearsToday]],
    );
    expect(tombstones.rows.map((r) => r.t)).toEqual([
      {
        id: sixYearsToday,
        kind: 'direct_observation',
        record_date: yearsAgo(6),
        rule_id: 'observation-six-years',
      },
      {
        id: sevenYears,
        kind: 'personal_supervision',
        record_date: yearsAgo(7),
        rule_id: 'personal-six-years',
      },
    ]);
    // Nothing the records said is left anywhere: versions, signatures, actions, progress.
    expect(await tablesHolding(pool, 'SEVEN-YEAR-WORDS')).toEqual([]);
    expect(await tablesHolding(pool, 'OBSERVED-WORDS')).toEqual([]);
    // An action a kept record reviewed stays, with that progress, unlinked from its record;
    // the progress given in the deleted record goes.
    expect(await tablesHolding(pool, 'REVIEWED-WORDS')).toEqual(['supervision_action']);
    const kept = await pool.query(
      `SELECT a.record_id, u.record_id AS reviewed_in FROM supervision_action a
       JOIN action_update u ON u.action_id = a.id WHERE a.id = $1`,
      [reviewedAction],
    );
    expect(kept.rows).toEqual([{ record_id: null, reviewed_in: recent }]);
    expect(await tablesHolding(pool, 'KEPT-PROGRESS')).toEqual(['action_update']);
    // The held record keeps all of it.
    expect((await tablesHolding(pool, 'HELD-WORDS')).sort()).toEqual([
      'action_update',
      'record_signature',
      'record_version',
      'supervision_action',
    ]);

    const audit = await pool.query(
      `SELECT action, resource_id, detail FROM audit_event
       WHERE action IN ('retention.delete', 'retention.run') AND resource_id IN ($1, $2)`,
      [id, sevenYears],
    );
    expect(audit.rows.map((r) => r.action).sort()).toEqual(['retention.delete', 'retention.run']);
    expect(audit.rows.find((r) => r.action === 'retention.run')!.detail.deleted).toBe(dueCount);
    expect((await runCli(pool, ['audit', 'verify'])).code).toBe(0);

    // A link to a deleted record says what happened to it, and nothing of what it said.
    const supervisor = await signedIn(app, accounts.supervisor);
    const gone = await supervisor.get(`/records/${sevenYears}`);
    expect(gone.statusCode).toBe(410);
    expect(textOf(gone.body)).toMatch(/deleted under the retention policy on \d+ \w+ \d{4}/);
    expect(gone.body).not.toContain('SEVEN-YEAR-WORDS');

    // A dry run confirmed once cannot delete again.
    expect((await admin.post(`/organisation/retention/runs/${id}/confirm`, {})).statusCode).toBe(
      303,
    );
    expect(
      (
        await pool.query(
          'SELECT count(*)::int AS n FROM retention_run WHERE completed_at IS NOT NULL',
        )
      ).rows[0].n,
    ).toBe(1);
  });

  it('released holds stop sparing', async () => {
    const hold = (await pool.query('SELECT id FROM legal_hold WHERE subject_id = $1', [held]))
      .rows[0].id;
    const refused = await admin.post(`/organisation/retention/holds/${hold}/release`, {
      releaseReason: '',
    });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)[0]?.text).toBe('Enter why the hold is released');
    const released = await admin.post(`/organisation/retention/holds/${hold}/release`, {
      releaseReason: 'Claim settled',
    });
    expect(released.statusCode).toBe(303);
    const { page } = await dryRun();
    const due = page.body.slice(0, page.body.indexOf('Kept: no retention period set'));
    expect(due).toContain(held);
  });

  it.each(['northumberland-2024', 'manchester'])(
    '%s: no period, so nothing is due and the CLI deletes nothing',
    async (pack) => {
      await usePack(pack);
      const ancient = await oldRecord('personal_supervision', yearsAgo(30), 'ANCIENT-WORDS');
      const dry = await runCli(pool, ['retention', '--organisation', slug]);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain('Due for deletion: 0');
      expect(dry.stdout).toMatch(/personal_supervision: \d+ \(No retention period set/);
      expect(dry.stdout).toContain('Nothing to delete.');
      const runId = /retention dry run ([0-9a-f-]{36})/.exec(dry.stdout)![1]!;
      const run = await runCli(pool, ['retention', '--organisation', slug, '--run', runId]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('deleted 0 records');
      expect(
        (await pool.query('SELECT 1 FROM supervision_record WHERE id = $1', [ancient])).rows,
      ).toHaveLength(1);
    },
  );

  it('the CLI deletes what its dry run listed, and exits non-zero with a line per problem', async () => {
    await usePack('durham-one-point-2022');
    const dry = await runCli(pool, ['retention', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(held);
    const runId = /retention dry run ([0-9a-f-]{36})/.exec(dry.stdout)![1]!;

    const both = await runCli(pool, ['retention', '--run', runId, '--dry-run', '--as-of', 'soon']);
    expect(both.code).toBe(2);
    expect(both.stderr.trim().split('\n')).toEqual([
      'oversight retention: --run and --dry-run: give one, not both',
      'oversight retention: --as-of: a confirmed run keeps its dry run’s date; give it with --dry-run',
      'oversight retention: --as-of: expected a date YYYY-MM-DD',
    ]);
    // A dry run dated later than today would make records due early.
    const tomorrow = addDays(today(), 1);
    const future = await runCli(pool, ['retention', '--dry-run', '--as-of', tomorrow]);
    expect(future.code).toBe(2);
    expect(future.stderr.trim()).toBe(
      `oversight retention: --as-of: must not be later than today (${today()}), or records fall due early`,
    );
    await expect(
      services.retention.dryRun({ organisationId, userId: null }, tomorrow),
    ).rejects.toBeInstanceOf(FutureAsOfError);
    const unknown = await runCli(pool, ['retention', '--run', 'not-a-run']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("--run: no dry run 'not-a-run'");
    const noOrganisation = await runCli(pool, ['retention', '--organisation', 'nowhere']);
    expect(noOrganisation.code).toBe(2);

    const run = await runCli(pool, ['retention', '--run', runId]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/deleted [1-9]\d* records/);
    expect(
      (await pool.query('SELECT 1 FROM supervision_record WHERE id = $1', [held])).rows,
    ).toHaveLength(0);
    const again = await runCli(pool, ['retention', '--run', runId]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('was confirmed already');
  });

  it('a view audited while a run waits for its lock keeps the audit chain whole', async () => {
    await admin.get('/organisation/retention');
    const { id } = await dryRun();
    // Another run holds the organisation's retention lock.
    const other = await pool.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 14))', [
        `retention:${organisationId}`,
      ]);
      const confirming = admin.post(`/organisation/retention/runs/${id}/confirm`, {});
      await untilWaitingForALock(pool);
      // A view of a record is audited meanwhile.
      const supervisor = await signedIn(app, accounts.supervisor);
      expect((await supervisor.get(`/records/${recent}`)).statusCode).toBe(200);
      await other.query('COMMIT');
      expect((await confirming).statusCode).toBe(303);
    } finally {
      other.release();
    }
    const verify = await runCli(pool, ['audit', 'verify']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });
});
