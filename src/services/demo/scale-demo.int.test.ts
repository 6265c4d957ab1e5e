import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/support/database.ts';
import { repositories } from '../../data-access/index.ts';
import { verifyPassword } from '../passwords.ts';
import { councilBundle } from './council-bundle.ts';
import { demoPassword } from './demo-organisation.ts';
import { loadCouncils, type ScaleDemoOrganisation } from './scale-demo.ts';

const today = '2026-11-23';
const council = {
  id: 'history-council',
  name: 'History Council (test)',
  policy: 'manchester',
  staff: 200,
  children: 2_000,
  history: { years: 2 },
  today,
  seed: 11,
};

describe('loading a council with history', () => {
  const pool = freshDatabase();
  let loaded: ScaleDemoOrganisation[];
  const stages = new Set<string>();

  beforeAll(async () => {
    loaded = await loadCouncils(await pool, [council], {
      progress: (_slug, stage) => stages.add(stage),
    });
  }, 120_000);

  it('imports every record of the generated bundle with no problem', async () => {
    const bundle = councilBundle(council);
    expect(loaded).toMatchObject([
      {
        outcome: 'loaded',
        slug: 'history-council',
        pack: 'manchester',
        staff: 200,
        children: 2_000,
        records: bundle.records.length,
        sessions: bundle.sessions.length,
      },
    ]);
    const { rows } = await (await pool).query(
      `SELECT (SELECT count(*)::int FROM supervision_record) AS records,
              (SELECT count(*)::int FROM supervision_session) AS sessions,
              (SELECT count(*)::int FROM child) AS children`,
    );
    expect(rows[0]).toEqual({
      records: bundle.records.length,
      sessions: bundle.sessions.length,
      children: 2_000,
    });
    expect([...stages]).toEqual(['generating', 'reading', 'writing', 'accounts']);
  });

  it('gives the organisation five accounts with the demo password, all but the administrator staff', async () => {
    const repos = repositories(await pool);
    for (const local of ['admin', 'senior.manager', 'supervisor', 'practitioner', 'auditor']) {
      const user = await repos.users.findByEmail(`${local}@history-council.example`);
      expect(user, local).toBeDefined();
      expect(await verifyPassword(user?.passwordHash ?? null, demoPassword)).toBe(true);
      if (local !== 'admin') expect(user?.staffMemberId, local).toBeTruthy();
    }
  });

  it('leaves an organisation already loaded alone unless told to reset it', async () => {
    const again = await loadCouncils(await pool, [council], {});
    expect(again).toEqual([
      {
        outcome: 'exists',
        slug: 'history-council',
        name: 'History Council (test)',
        pack: 'manchester',
      },
    ]);
  });
});
