/**
 * Writes docs/query-plans.md: the plan PostgreSQL chooses for each hot path on the large
 * organisation (`oversight demo --scale large`), with the index it uses and why that index
 * exists. Each hot path is run through the real repository or service with its statements
 * recorded; each statement is then run again under EXPLAIN (ANALYZE, BUFFERS) with the same
 * parameters, as the application's role under row-level security, in a transaction rolled back.
 * Statistics are gathered first (ANALYZE, as the owner). Uses the benchmarks' database (bench/.data, or DATABASE_URL), loading the large organisation
 * there first when it is missing. Safe to run again: it changes nothing.
 * Run: node --import tsx scripts/query-plans.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { largeAsOf, openLargeCouncil } from '../bench/large-council.ts';
import { type Repositories, repositories } from '../src/data-access/index.ts';
import { allOrganisations, withOrganisation } from '../src/data-access/tenant-scope.ts';
import { complianceService } from '../src/services/compliance-service.ts';

type Statement = { text: string; values: unknown[] };

/** A pool that records the statements sent through it, by `pool.query` or a client's. */
function recordingPool(pool: pg.Pool, log: Statement[]): pg.Pool {
  const record = (target: { query: (...a: unknown[]) => unknown }) =>
    ((text: unknown, values?: unknown) => {
      if (typeof text === 'string') log.push({ text, values: (values as unknown[]) ?? [] });
      return target.query(text, values);
    }) as (...a: unknown[]) => unknown;
  const wrapClient = (client: pg.PoolClient) =>
    new Proxy(client, {
      get(target, property) {
        if (property === 'query') return record(target as never);
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return new Proxy(pool, {
    get(target, property) {
      if (property === 'query') return record(target as never);
      if (property === 'connect') return async () => wrapClient(await target.connect());
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

type Ids = Awaited<ReturnType<typeof idsOf>>;

/** The things the hot paths are about: the busiest team, person and child, and an owner. */
async function idsOf(pool: pg.Pool, organisationId: string) {
  const one = async (sql: string, params: unknown[] = []) => {
    const { rows } = await pool.query(sql, [organisationId, ...params]);
    if (!rows[0]) throw new Error(`nothing for ${sql}`);
    return rows[0].id as string;
  };
  const manager = await one(
    `SELECT s.id FROM staff_member s JOIN user_account u
       ON u.organisation_id = s.organisation_id AND u.staff_member_id = s.id
     WHERE s.organisation_id = $1 AND u.email LIKE 'supervisor@%'`,
  );
  return {
    manager,
    team: await one(
      `SELECT team_id AS id FROM staff_member WHERE organisation_id = $1 AND id = $2`,
      [manager],
    ),
    person: await one(
      `SELECT staff_id AS id FROM record_staff WHERE organisation_id = $1
       GROUP BY staff_id ORDER BY count(*) DESC, staff_id LIMIT 1`,
    ),
    child: await one(
      `SELECT child_id AS id FROM record_child WHERE organisation_id = $1
       GROUP BY child_id ORDER BY count(*) DESC, child_id LIMIT 1`,
    ),
    owner: await one(
      `SELECT owner_id AS id FROM supervision_action WHERE organisation_id = $1 AND status = 'open'
       GROUP BY owner_id ORDER BY count(*) DESC, owner_id LIMIT 1`,
    ),
  };
}

type HotPath = {
  name: string;
  /** Whose rows: one organisation (a signed-in request) or all (jobs, before sign-in). */
  tenant: 'organisation' | 'all';
  /**
   * The generated organisation has only a handful of these rows (sessions, jobs, audit events),
   * where scanning one page beats any index; planned with sequential scans off, to show the
   * index that serves them at volume.
   */
  atVolume?: true;
  run: (repos: Repositories, organisationId: string, ids: Ids) => Promise<unknown>;
};

const hotPaths: HotPath[] = [
  {
    name: 'Team dashboard: reading the team’s slice',
    tenant: 'organisation',
    run: (repos, org, ids) =>
      complianceService(repos).view(org, largeAsOf, { kind: 'unit', unitId: ids.team }),
  },
  {
    name: 'Organisation report: reading the whole organisation',
    tenant: 'organisation',
    run: (repos, org) => repos.organisationData.loadBundle(org),
  },
  {
    name: 'A person’s records (the busiest person)',
    tenant: 'organisation',
    run: (repos, org, ids) => repos.records.list(org, { involving: ids.person }),
  },
  {
    name: 'A child’s records (the child with most)',
    tenant: 'organisation',
    run: (repos, org, ids) => repos.records.list(org, { childId: ids.child }),
  },
  {
    name: 'Actions due: a person’s open actions',
    tenant: 'organisation',
    run: (repos, org, ids) => repos.supervisionSessions.openActions(org, ids.owner),
  },
  {
    name: 'Child search: by name, all open children',
    tenant: 'organisation',
    run: (repos, org) =>
      repos.children.list(org, {
        scope: { kind: 'all' },
        today: largeAsOf,
        search: 'Smith',
        state: 'open',
        limit: 50,
        offset: 0,
      }),
  },
  {
    name: 'Audit log page: the latest 50 events and their count',
    atVolume: true,
    tenant: 'organisation',
    run: async (repos, org) => {
      await repos.auditTrail.count(org, {});
      await repos.auditTrail.search(org, {}, { limit: 50, offset: 0 });
    },
  },
  {
    name: 'Job claim: the next job due, skipping those locked',
    atVolume: true,
    tenant: 'all',
    run: (repos) => repos.jobs.claim(new Date(`${largeAsOf}T09:00:00Z`), 60_000),
  },
  {
    name: 'Session lookup: a request’s session cookie',
    atVolume: true,
    tenant: 'all',
    run: (repos) => repos.sessions.findLive('0'.repeat(64), new Date(`${largeAsOf}T09:00:00Z`)),
  },
  {
    name: 'Planner: a team manager’s supervisees and their sessions',
    tenant: 'organisation',
    run: async (repos, org, ids) => {
      const links = await repos.supervisionSessions.supervisees(
        org,
        ids.manager,
        largeAsOf,
        '2027-11-22',
      );
      await repos.supervisionSessions.list(org, {
        staffIds: [ids.manager, ...links.map((l) => l.person.id)],
        from: '2025-10-23',
        to: '2027-11-22',
        statuses: ['planned', 'held'],
        limit: 1_000_000,
      });
    },
  },
];

/** Why each index exists, in a sentence; a plan naming an index not here is flagged. */
const why: Record<string, string> = {
  organisation_pkey: 'the organisation by id, for its pack and calendar.',
  policy_version_pkey: 'the policy versions of one organisation, for the pack in force on a date.',
  policy_version_created: 'the latest policy version saved, for the pack in force now.',
  organisation_data_version_pkey:
    'the organisation’s data version, which keys the figures reused between requests.',
  org_unit_pkey: 'a unit by id (the team asked for, a person’s team).',
  org_unit_organisation_id_external_id_key:
    'unique external ids for imports; its leading organisation_id reads one organisation’s units.',
  staff_member_pkey: 'a member of staff by id (authors, participants, owners).',
  staff_member_line_manager:
    'the people a manager line-manages (the slice grows from a team’s managers down); its leading organisation_id also reads one organisation’s staff.',
  staff_member_team: 'the members of a team.',
  child_pkey: 'a child by id.',
  child_case_id:
    'a child by case id; its leading organisation_id also reads one organisation’s children.',
  child_open_case_id: 'the child search by case id (lower-cased), open children only.',
  child_open_by_name: 'the child search by name, open children only, in name order.',
  child_status_episode_pkey: 'a child’s status episodes.',
  child_status_episode_status: 'children by status, for the filters and the organisation read.',
  child_flag_pkey: 'a child’s flags.',
  child_event_pkey: 'a child’s events.',
  child_allocation_pkey: 'a child’s allocations.',
  child_allocation_worker:
    'a worker’s children: the team slice starts from its workers’ caseloads.',
  supervisory_relationship_supervisor: 'a supervisor’s supervisees: the planner, the slice.',
  supervisory_relationship_supervisee: 'a person’s supervisors.',
  supervisory_relationship_organisation_id_external_id_key:
    'unique external ids for imports; also reads one organisation’s relationships.',
  absence_staff: 'a person’s absences.',
  supervision_session_pkey: 'a session by id.',
  supervision_session_supervisor:
    'the sessions a supervisor leads, by date: the planner and the slice.',
  supervision_session_team: 'a team’s group sessions, for the team’s slice.',
  supervision_session_organisation_id_external_id_key:
    'unique external ids for imports; also reads one organisation’s sessions.',
  session_participant_pkey: 'a session’s participants in order.',
  session_participant_staff: 'the sessions a person attends: the planner and the slice.',
  session_participant_members: 'covering (session → participants) for the slice’s sessions.',
  supervision_record_pkey: 'a record by id.',
  supervision_record_author: 'the records a person wrote.',
  supervision_record_observer: 'the records a person observed (migration 0019).',
  supervision_record_organisation_id_external_id_key:
    'unique external ids for imports; also reads one organisation’s records.',
  record_staff_pkey: 'a record’s people in order.',
  record_staff_staff: 'the records about a person: their records, the slice.',
  record_staff_members: 'covering (record → people) for the slice’s records.',
  record_child_pkey: 'a record’s children in order.',
  record_child_child: 'the records about a child: the child’s page, the slice.',
  record_child_members: 'covering (record → children) for the slice’s records.',
  record_version_pkey: 'a record’s latest version (highest version first).',
  record_version_signatories: 'records naming a person as a signatory (migration 0019).',
  record_signature_pkey: 'the signatures of a record’s version.',
  supervision_action_owner: 'a person’s open actions, by owner and status: actions due.',
  supervision_action_staff: 'the actions agreed in a person’s supervision.',
  quality_audit_auditor: 'an auditor’s audits; also reads one organisation’s audits.',
  obligation_waiver_pkey: 'one organisation’s waivers.',
  audit_event_pkey: 'one organisation’s trail newest first, by (organisation_id, id).',
  user_account_pkey: 'an account by id (who did what, whose session).',
  job_due: 'only pending and running jobs, by when they are due: the claim reads the next one.',
  job_pkey: 'the claimed job, updated by id.',
  web_session_id: 'a session by the hash of its cookie, before the organisation is known.',
  supervision_session_rescheduled_from_id_fk:
    'the session a cancelled one was rebooked as (every session list’s `rescheduled_as_id`); migration 0020.',
  child_organisation_id_external_id_key:
    'unique external ids for imports; also reads one organisation’s children.',
  quality_audit_subject: 'the audits of a person’s supervision.',
  supervision_action_child: 'the actions about a child.',
  supervision_record_session: 'the records of a session.',
  web_session_user_id_fk:
    'an account’s sessions (signing out everywhere; migration 0020). The generated data holds no sessions, so the planner has no reason to prefer `web_session_id`, the index on the cookie’s hash that serves this lookup once there are sessions.',
};

/** Statements that only frame the work: transactions, the tenant switch, locks. */
const framing = /^(BEGIN|COMMIT|ROLLBACK|SET|SELECT oversight_enter|SELECT pg_advisory)/i;

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };
type Explained = {
  statement: string;
  indexes: string[];
  seqScans: string[];
  lines: string[];
  rows: number;
  ms: number;
  buffers: { hit: number; read: number };
};

function walk(node: PlanNode, depth: number, visit: (node: PlanNode, depth: number) => void) {
  visit(node, depth);
  for (const child of node.Plans ?? []) walk(child, depth + 1, visit);
}

function describeNode(node: PlanNode): string {
  const on = node['Index Name']
    ? ` using ${node['Index Name']} on ${node['Relation Name']}`
    : node['Relation Name']
      ? ` on ${node['Relation Name']}`
      : '';
  const cond = node['Index Cond'] ?? node['Recheck Cond'] ?? node.Filter;
  const shortCond = cond ? `  [${String(cond).slice(0, 90)}]` : '';
  return `${node['Node Type']}${on} (rows=${node['Actual Rows']} loops=${node['Actual Loops']})${shortCond}`;
}

async function explain(
  pool: pg.Pool,
  tenant: string,
  { text, values }: Statement,
  atVolume = false,
): Promise<Explained> {
  const client = await withOrganisation(tenant, () => pool.connect());
  try {
    await client.query('BEGIN');
    if (atVolume) await client.query('SET LOCAL enable_seqscan = off');
    const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`, values);
    await client.query('ROLLBACK');
    const [result] = rows[0]['QUERY PLAN'] as [{ Plan: PlanNode; 'Execution Time': number }];
    const indexes = new Set<string>();
    const seqScans = new Set<string>();
    const lines: string[] = [];
    walk(result.Plan, 0, (node, depth) => {
      if (node['Index Name']) indexes.add(String(node['Index Name']));
      if (node['Node Type'] === 'Seq Scan') seqScans.add(String(node['Relation Name']));
      lines.push(`${'  '.repeat(depth)}${describeNode(node)}`);
    });
    return {
      statement: text.replace(/\s+/g, ' ').trim(),
      indexes: [...indexes],
      seqScans: [...seqScans],
      lines,
      rows: Number(result.Plan['Actual Rows']),
      ms: result['Execution Time'],
      buffers: {
        hit: Number(result.Plan['Shared Hit Blocks'] ?? 0),
        read: Number(result.Plan['Shared Read Blocks'] ?? 0),
      },
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Every index of the tenant tables and the global ones, with its table and definition. */
async function allIndexes(pool: pg.Pool) {
  const { rows } = await pool.query(
    `SELECT i.indexname AS name, i.tablename AS "table", i.indexdef AS definition
     FROM pg_indexes i WHERE i.schemaname = 'public' ORDER BY i.tablename, i.indexname`,
  );
  return rows as { name: string; table: string; definition: string }[];
}

const shorten = (sql: string, n = 220) => (sql.length > n ? `${sql.slice(0, n)}…` : sql);

function markdown(
  results: { path: HotPath; plans: Explained[] }[],
  indexes: { name: string; table: string; definition: string }[],
  size: string,
): string {
  const used = new Set(results.flatMap((r) => r.plans.flatMap((p) => p.indexes)));
  const out: string[] = [
    '# Query plans of the hot paths',
    '',
    'Generated by `node --import tsx scripts/query-plans.ts` on the large organisation of',
    `\`oversight demo --scale large\` (${size}), as of ${largeAsOf}. Do not edit by hand: run it`,
    'again. Each hot path is run through the real repository or service with its statements',
    'recorded, then each statement is run under `EXPLAIN (ANALYZE, BUFFERS)` with the same',
    'parameters, as the application role under row-level security, and rolled back. Times are',
    'one run on the development machine; they move with its load, the plans should not.',
    '',
    '## What the plans showed',
    '',
    '- A person’s records (`involving`) and a person’s sessions (the planner) were found by an',
    '  OR over author, observer, people and signatories (or supervisor and participants) tested',
    '  on every record or session of the organisation: seconds on the large organisation. Both',
    '  now build the candidates from one index each (a `UNION`) and keep the OR as the final',
    '  check; migration 0019 adds the two indexes that were missing (observer, signatories).',
    '- Right after a bulk import PostgreSQL has no statistics for the new rows until autovacuum',
    '  analyses them, and plans them as empty tables (a child’s records took 0.5 s instead of',
    '  milliseconds). The application role may not run ANALYZE; this script does, as the owner.',
    '- Every session list also looks up, for each session, the session it was rebooked as',
    '  (`rescheduled_as_id`); without an index that was a scan of all sessions per row (7 s for',
    '  a team manager’s planner). The index of migration 0020 on `rescheduled_from_id` serves it.',
    '- Reading the whole organisation scans its tables: in a database holding one council that',
    '  is every row of each table, which a sequential scan reads fastest.',
    '- The child search by part of a name (`ILIKE`) cannot use a btree index and scans the',
    '  open children (15,000, tens of milliseconds); a search by case id uses `child_open_case_id`.',
    '  A trigram index (pg_trgm) would be the next step if it grows slow.',
    '',
    '## Summary',
    '',
    '| hot path | statements | indexes used | sequential scans | rows | ms |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const { path: hot, plans } of results) {
    const idx = [...new Set(plans.flatMap((p) => p.indexes))];
    const seq = [...new Set(plans.flatMap((p) => p.seqScans))];
    const rows = plans.reduce((n, p) => n + p.rows, 0);
    const ms = plans.reduce((n, p) => n + p.ms, 0);
    out.push(
      `| ${hot.name} | ${plans.length} | ${idx.map((i) => `\`${i}\``).join(', ') || 'none'} | ${
        seq.join(', ') || 'none'
      } | ${rows.toLocaleString('en-GB')} | ${ms.toFixed(1)} |`,
    );
  }
  for (const { path: hot, plans } of results) {
    out.push('', `## ${hot.name}`, '');
    if (hot.atVolume)
      out.push(
        'Planned with `enable_seqscan = off`: the generated organisation holds only a few of these rows, where a sequential scan of one page is cheaper than any index; this is the plan at volume.',
        '',
      );
    for (const plan of plans) {
      out.push(
        `- \`${shorten(plan.statement).replace(/`/g, "'")}\``,
        `  - indexes: ${plan.indexes.map((i) => `\`${i}\``).join(', ') || 'none'}${
          plan.seqScans.length ? `; sequential scan of ${plan.seqScans.join(', ')}` : ''
        }; ${plan.rows.toLocaleString('en-GB')} rows, ${plan.ms.toFixed(2)} ms, buffers hit ${plan.buffers.hit}, read ${plan.buffers.read}`,
      );
      for (const i of plan.indexes)
        out.push(
          `  - \`${i}\`: ${why[i] ?? 'no reason recorded in scripts/query-plans.ts: check it.'}`,
        );
      out.push('', '  ```', ...plan.lines.slice(0, 12).map((l) => `  ${l}`));
      if (plan.lines.length > 12) out.push(`  … ${plan.lines.length - 12} more nodes`);
      out.push('  ```', '');
    }
  }
  out.push(
    '## Indexes no hot path uses',
    '',
    'Candidates to look at, not to drop on this evidence alone: each may serve a page, a job or',
    'a constraint outside these paths (primary keys and unique indexes enforce rules and are',
    'never candidates).',
    '',
    '| index | table |',
    '| --- | --- |',
  );
  for (const index of indexes) {
    if (used.has(index.name)) continue;
    if (/_pkey$/.test(index.name) || /UNIQUE/.test(index.definition)) continue;
    out.push(`| \`${index.name}\` | ${index.table} |`);
  }
  out.push('');
  return out.join('\n');
}

async function main() {
  const { database, organisationId, size } = await openLargeCouncil();
  const pool = database.pool;
  try {
    // Statistics as autovacuum would leave them: right after a bulk import it may not have
    // analysed the new rows yet, and the plans would be those of empty tables.
    const owner = new pg.Client({ connectionString: database.connectionString });
    await owner.connect();
    await owner.query('ANALYZE');
    await owner.end();
    const ids = await idsOf(pool, organisationId);
    const results: { path: HotPath; plans: Explained[] }[] = [];
    for (const hot of hotPaths) {
      const log: Statement[] = [];
      const tenant = hot.tenant === 'all' ? allOrganisations : organisationId;
      await withOrganisation(tenant, () =>
        hot.run(repositories(recordingPool(pool, log)), organisationId, ids),
      );
      const plans: Explained[] = [];
      for (const statement of log.filter((s) => !framing.test(s.text.trim())))
        plans.push(await explain(pool, tenant, statement, hot.atVolume));
      results.push({ path: hot, plans });
      console.log(
        `${hot.name}: ${plans.length} statements, ${plans.reduce((n, p) => n + p.ms, 0).toFixed(1)} ms`,
      );
    }
    const described = `${size.staff.toLocaleString('en-GB')} staff, ${size.children.toLocaleString('en-GB')} children, ${size.sessions.toLocaleString('en-GB')} sessions, ${size.records.toLocaleString('en-GB')} records`;
    const doc = markdown(results, await allIndexes(pool), described);
    const here = path.dirname(fileURLToPath(import.meta.url));
    writeFileSync(path.join(here, '..', 'docs', 'query-plans.md'), doc);
    console.log('Wrote docs/query-plans.md');
  } finally {
    await database.close();
  }
}

await main();
