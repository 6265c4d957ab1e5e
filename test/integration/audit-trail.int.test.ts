import type pg from 'pg';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  appendAuditEvent,
  auditChainProblems,
} from '../../src/data-access/audit-log-repository.ts';
import { withOrganisation } from '../../src/data-access/tenant-scope.ts';
import { loadDemoOrganisation } from '../../src/services/demo/load-demo.ts';
import { runCli } from '../support/cli.ts';
import { freshDatabase, ownerOf } from '../support/database.ts';

/** Changes the trail as someone with the database's owner rights could, triggers off. */
async function tamper(appPool: pg.Pool, sql: string, params: unknown[] = []) {
  const pool = ownerOf(appPool);
  await pool.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
  try {
    await pool.query(sql, params);
  } finally {
    await pool.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
  }
}

describe('oversight audit verify', () => {
  let pool: pg.Pool;
  let organisationId: string;
  let ids: number[];

  beforeEach(async () => {
    pool = await freshDatabase();
    await loadDemoOrganisation(pool);
    organisationId = (await pool.query('SELECT id FROM organisation')).rows[0].id;
    for (const resourceId of ['r1', 'r2', 'r3', 'r4']) {
      await appendAuditEvent(pool, {
        organisationId,
        actorUserId: null,
        action: 'supervision_record.viewed',
        resourceType: 'supervision_record',
        resourceId,
      });
    }
    const { rows } = await pool.query(
      'SELECT id FROM audit_event WHERE organisation_id = $1 ORDER BY id DESC LIMIT 4',
      [organisationId],
    );
    ids = rows.map((r) => Number(r.id)).reverse();
  });

  it('says the chain holds when no one has touched it, and exits 0', async () => {
    const result = await runCli(pool, ['audit', 'verify']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/northshire: \d+ rows, the chain holds/);
  });

  it('keeps one chain when many appends arrive at once', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        appendAuditEvent(pool, {
          organisationId,
          actorUserId: null,
          action: 'supervision_record.viewed',
          resourceType: 'supervision_record',
          resourceId: `burst-${i}`,
        }),
      ),
    );
    expect(await auditChainProblems(pool, organisationId)).toEqual([]);
  });

  it('refuses the application’s roles any update or delete of the trail', async () => {
    const attempts = async () => {
      await expect(
        pool.query("UPDATE audit_event SET resource_id = 'r9' WHERE id = $1", [ids[1]]),
      ).rejects.toThrow(/permission denied/);
      await expect(pool.query('DELETE FROM audit_event WHERE id = $1', [ids[1]])).rejects.toThrow(
        /permission denied/,
      );
      await expect(pool.query('TRUNCATE audit_event')).rejects.toThrow(/permission denied/);
      return (await pool.query('SELECT current_user AS role')).rows[0].role;
    };
    expect(await attempts()).toBe('oversight_system');
    expect(await withOrganisation(organisationId, attempts)).toBe('oversight_app');
    // Even the owner meets the trigger.
    await expect(
      ownerOf(pool).query('DELETE FROM audit_event WHERE id = $1', [ids[1]]),
    ).rejects.toThrow(/append-only/);
    expect((await runCli(pool, ['audit', 'verify'])).code).toBe(0);
  });

  it('names an edited row, and only that row', async () => {
    await tamper(pool, "UPDATE audit_event SET resource_id = 'r9' WHERE id = $1", [ids[1]]);
    expect(await auditChainProblems(pool, organisationId)).toEqual([
      { id: ids[1], problem: 'edited', detail: 'its content does not match its hash' },
    ]);
    const result = await runCli(pool, ['audit', 'verify']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`northshire: row ${ids[1]} edited`);
  });

  it('names the row after a deleted one', async () => {
    await tamper(pool, 'DELETE FROM audit_event WHERE id = $1', [ids[1]]);
    const problems = await auditChainProblems(pool, organisationId);
    expect(problems.map((p) => [p.id, p.problem])).toEqual([[ids[2], 'link_broken']]);
    expect(problems[0]?.detail).toContain(`row ${ids[0]}`);
  });

  it('names rows whose order was changed', async () => {
    // Swap the content of two rows: each keeps its place in the sequence but not its link.
    await tamper(
      pool,
      `UPDATE audit_event a SET resource_id = b.resource_id, previous_hash = b.previous_hash, hash = b.hash
       FROM audit_event b WHERE a.organisation_id = b.organisation_id
         AND ((a.id = $1 AND b.id = $2) OR (a.id = $2 AND b.id = $1))`,
      [ids[1], ids[2]],
    );
    const named = new Set((await auditChainProblems(pool, organisationId)).map((p) => p.id));
    expect(named.has(ids[1] as number)).toBe(true);
    expect(named.has(ids[2] as number)).toBe(true);
  });

  it('catches an edit whose hash was recomputed, at the next row', async () => {
    await tamper(
      pool,
      `UPDATE audit_event SET hash = encode(sha256('forged'::bytea), 'hex') WHERE id = $1`,
      [ids[1]],
    );
    const problems = await auditChainProblems(pool, organisationId);
    expect(problems.map((p) => [p.id, p.problem])).toEqual([
      [ids[1], 'edited'],
      [ids[2], 'link_broken'],
    ]);
  });
});
