/**
 * POST /api/v1/sync/children over HTTP: who may push, what a push does (each child's episodes
 * replaced, what it leaves out kept, what it sends as null cleared, the others untouched), the report it answers with, every kind of bad request refused
 * whole with its JSON path, and the Idempotency-Key.
 */
import { describe, expect, it } from 'vitest';
import type { BundleChild } from '../../src/domain/bundle/schema.ts';
import { addDays, isoDateAt } from '../../src/domain/calendar/index.ts';
import { browserClient } from '../support/app.ts';
import { changedTables, databaseSnapshot } from '../support/routes.ts';
import { apiClient } from './api-helpers.ts';
import { staffExternalId, storedChildren, syncApp } from './child-sync-helpers.ts';

const { app, pool, services, clock, organisationId } = await syncApp();
const { tokenFor } = apiClient(app, services);
const admin = await tokenFor('admin@northshire.example');
const supervisor = await tokenFor('supervisor@northshire.example');
const worker = await staffExternalId(pool, 'fatima.hussain@northshire.example');
const yesterday = addDays(isoDateAt(clock.now), -1);
const stored = await storedChildren(services, organisationId);
/** A demo child with an open status that began before yesterday, and more than one episode. */
const existing = [...stored.values()].find(
  (c) =>
    c.statuses.some((s) => !s.to) &&
    c.statuses.every((s) => s.from < yesterday) &&
    c.statuses.length + c.allocations.length > 2,
)!;
const untouched = [...stored.values()].find((c) => c.id !== existing.id)!;

const newChild = (id: string): BundleChild => ({
  id,
  caseId: `LCS-${id}`,
  name: 'Pat Pushed',
  dateOfBirth: '2017-04-03',
  openedAt: '2026-01-05',
  statuses: [{ status: 'child_in_need', from: '2026-01-05' }],
  flags: [],
  allocations: [{ workerId: worker, role: 'key_worker', from: '2026-01-05' }],
});

const open = existing.statuses.find((s) => !s.to)!;

/** The existing child as the source system now has it: its open status ended, nothing else. */
const closedView = (): BundleChild => ({
  id: existing.id,
  caseId: existing.caseId,
  ...(existing.name ? { name: existing.name } : {}),
  ...(existing.dateOfBirth ? { dateOfBirth: existing.dateOfBirth } : {}),
  openedAt: existing.openedAt,
  statuses: [{ status: open.status, from: open.from, to: yesterday }],
  flags: [],
  allocations: [],
});

function push(body: unknown, token = admin, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/sync/children',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...headers,
    },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const runCount = async () =>
  (await pool.query('SELECT count(*)::int AS n FROM sync_run')).rows[0].n as number;

describe('POST /api/v1/sync/children', () => {
  it('answers 401 without a token and 403 to a token of someone who may not import, keeping nothing', async () => {
    const before = await databaseSnapshot(pool);
    const none = await app.inject({
      method: 'POST',
      url: '/api/v1/sync/children',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ children: [newChild('P-0')] }),
    });
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toContain('application/problem+json');
    const refused = await push({ children: [newChild('P-0')] }, supervisor);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ status: 403, title: 'Forbidden' });
    expect(changedTables(before, await databaseSnapshot(pool))).toEqual(['api_token']);
  });

  it('replaces each pushed child’s episodes, leaves the others alone, and answers with the report', async () => {
    const response = await push({ children: [closedView(), newChild('P-1')] });
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({
      outcome: 'applied',
      counts: { added: 1, changed: 1, closed: 1, unchanged: stored.size - 1, rejected: 0 },
      added: [{ id: 'P-1', caseId: 'LCS-P-1' }],
      closed: [{ id: existing.id, caseId: existing.caseId }],
      rejected: [],
    });
    expect(report.id).toMatch(/^[0-9a-f-]{36}$/);
    const change = report.changed[0];
    expect(change.id).toBe(existing.id);
    expect(change.statuses.ended).toEqual([closedView().statuses[0]]);
    // Episodes the source no longer has are gone; the child's other fields are as they were.
    expect(change.allocations.removed).toHaveLength(existing.allocations.length);
    const after = await storedChildren(services, organisationId);
    expect(after.get(existing.id)).toEqual({ ...existing, ...closedView() });
    expect(after.get('P-1')).toEqual(newChild('P-1'));
    expect(after.get(untouched.id)).toEqual(untouched);

    const run = await pool.query(
      `SELECT source, outcome, api_user_id, request_children, u.email
       FROM sync_run r JOIN user_account u ON u.id = r.api_user_id WHERE r.id = $1`,
      [report.id],
    );
    expect(run.rows[0]).toMatchObject({
      source: 'api',
      outcome: 'applied',
      request_children: 2,
      email: 'admin@northshire.example',
    });
  });

  it('keeps what a push leaves out (an event recorded in Oversight too), and clears what it sends as null or []', async () => {
    expect((await push({ children: [newChild('P-10')] })).statusCode).toBe(200);
    const { rows } = await pool.query(`SELECT id FROM child WHERE external_id = 'P-10'`);
    const client = browserClient(app);
    await client.signIn('admin@northshire.example');
    await client.get(`/children/${rows[0].id}/events/new`);
    const recorded = await client.post(`/children/${rows[0].id}/events/new`, {
      kind: 'decision_making_meeting',
      'occurredOn-day': '6',
      'occurredOn-month': '1',
      'occurredOn-year': '2026',
    });
    expect(recorded.statusCode).toBe(303);
    const event = { kind: 'decision_making_meeting', date: '2026-01-06' };

    // The source's view with only the required fields, and a new flag.
    const { name: _, dateOfBirth: __, ...bare } = newChild('P-10');
    const flags = [{ flag: 'most_concern', from: '2026-01-07' }];
    const kept = await push({ children: [{ ...bare, flags }] });
    expect(kept.statusCode).toBe(200);
    expect(kept.json().changed).toEqual([expect.objectContaining({ id: 'P-10', details: [] })]);
    expect((await storedChildren(services, organisationId)).get('P-10')).toEqual({
      ...newChild('P-10'),
      flags,
      events: [event],
    });

    const cleared = await push({
      children: [{ ...bare, flags, name: null, dateOfBirth: null, events: [] }],
    });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().changed[0].details).toEqual(['name', 'dateOfBirth', 'events']);
    expect((await storedChildren(services, organisationId)).get('P-10')).toEqual({
      ...bare,
      flags,
    });
  });

  it('names a kept value a push’s dates clash with, and how to clear it', async () => {
    const closed = { ...newChild('P-11'), closedAt: '2026-01-20' };
    closed.statuses = [{ status: 'child_in_need', from: '2026-01-05', to: '2026-01-20' }];
    closed.allocations = [];
    expect((await push({ children: [closed] })).statusCode).toBe(200);
    const { closedAt: _, ...reopened } = { ...closed, openedAt: '2026-02-01', statuses: [] };
    const clash = await push({ children: [reopened] });
    expect(clash.statusCode).toBe(422);
    expect(clash.json().errors).toEqual([
      {
        name: '$.children[0].closedAt',
        problem: expect.stringMatching(/not sent: this is the value Oversight holds; send null/),
      },
    ]);
    const cleared = await push({ children: [{ ...reopened, closedAt: null }] });
    expect(cleared.statusCode).toBe(200);
    expect((await storedChildren(services, organisationId)).get('P-11')).not.toHaveProperty(
      'closedAt',
    );
  });

  it('changes nothing when the same children come again, and says unchanged', async () => {
    const before = await databaseSnapshot(pool);
    const response = await push({ children: [closedView(), newChild('P-1')] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      outcome: 'unchanged',
      counts: { added: 0, changed: 0, closed: 0 },
    });
    expect(changedTables(before, await databaseSnapshot(pool)).sort()).toEqual([
      'api_token',
      'sync_run',
    ]);
  });

  it('answers a repeated Idempotency-Key with the first report, and refuses it with another body', async () => {
    const body = { children: [newChild('P-2')] };
    const first = await push(body, admin, { 'idempotency-key': 'push-0001' });
    expect(first.statusCode).toBe(200);
    expect(first.json().outcome).toBe('applied');
    const runs = await runCount();

    // The same children, spaced and ordered differently: the same request.
    const child = newChild('P-2');
    const reordered = `{ "children": [ ${JSON.stringify(Object.fromEntries(Object.entries(child).reverse()))} ] }`;
    const again = await push(reordered, admin, { 'idempotency-key': 'push-0001' });
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await runCount()).toBe(runs);

    const before = await databaseSnapshot(pool);
    const other = await push({ children: [newChild('P-3')] }, admin, {
      'idempotency-key': 'push-0001',
    });
    expect(other.statusCode).toBe(422);
    expect(other.headers['content-type']).toContain('application/problem+json');
    expect(other.json().errors).toEqual([
      { name: 'Idempotency-Key', problem: 'already used for a different request' },
    ]);
    expect(changedTables(before, await databaseSnapshot(pool))).toEqual(['api_token']);
    expect((await storedChildren(services, organisationId)).has('P-3')).toBe(false);
  });

  it('refuses malformed JSON, keeping no run and changing nothing', async () => {
    const before = await databaseSnapshot(pool);
    const response = await push('{ "children": [ { "id": ');
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem.errors).toHaveLength(1);
    expect(problem.errors[0].name).toBe('$');
    expect(problem.errors[0].problem).toMatch(/^not valid JSON/);
    const notChildren = await push({ staff: [] });
    expect(notChildren.statusCode).toBe(422);
    expect(notChildren.json().errors).toEqual([expect.objectContaining({ name: '$.children' })]);
    expect(changedTables(before, await databaseSnapshot(pool))).toEqual(['api_token']);
  });

  it('refuses the whole push for schema errors, unknown staff and a child sent twice, naming each JSON path', async () => {
    const before = await databaseSnapshot(pool);
    const bad = {
      ...newChild('P-4'),
      statuses: [{ status: 'not_a_status', from: '2026-01-05' }],
      colour: 'blue',
    };
    const { openedAt: _, ...noOpened } = newChild('P-5');
    const unknownWorker = {
      ...newChild('P-6'),
      allocations: [{ workerId: 'E-NOBODY', role: 'key_worker', from: '2026-01-05' }],
    };
    const schema = await push({ children: [newChild('P-7'), bad, noOpened] });
    expect(schema.statusCode).toBe(422);
    const names = schema.json().errors.map((e: { name: string }) => e.name);
    expect(names).toEqual(
      expect.arrayContaining([
        '$.children[1].statuses[0].status',
        '$.children[1].colour',
        '$.children[2].openedAt',
      ]),
    );

    const references = await push({ children: [unknownWorker, newChild('P-8'), newChild('P-8')] });
    expect(references.statusCode).toBe(422);
    expect(references.json().errors).toEqual([
      { name: '$.children[2].id', problem: 'the same id as $.children[1]' },
      {
        name: '$.children[0].allocations[0].workerId',
        problem: 'expected the id of a staff member in Oversight',
      },
    ]);
    expect(references.json().detail).toMatch(
      /^Nothing was changed: 2 problems \(run [0-9a-f-]{36}\)/,
    );

    // Nothing of any of them was written; each rejected push is kept as a run.
    expect(changedTables(before, await databaseSnapshot(pool)).sort()).toEqual([
      'api_token',
      'sync_run',
    ]);
    const kept = await pool.query(
      `SELECT report->'rejected' AS rejected FROM sync_run WHERE outcome = 'rejected'
       ORDER BY received_at DESC, id LIMIT 2`,
    );
    expect(kept.rows).toHaveLength(2);
  });

  it('lets a rejected push’s Idempotency-Key be sent again with the corrected request', async () => {
    const key = { 'idempotency-key': 'push-0002' };
    const rejected = await push(
      { children: [{ ...newChild('P-9'), openedAt: 'soon' }] },
      admin,
      key,
    );
    expect(rejected.statusCode).toBe(422);
    const corrected = await push({ children: [newChild('P-9')] }, admin, key);
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json().added).toEqual([{ id: 'P-9', caseId: 'LCS-P-9' }]);
  });

  it('refuses an Idempotency-Key it cannot use, and a body that is not JSON', async () => {
    const spaced = await push({ children: [] }, admin, { 'idempotency-key': 'has spaces' });
    expect(spaced.statusCode).toBe(422);
    expect(spaced.json().errors).toEqual([
      { name: 'Idempotency-Key', problem: 'expected 1 to 255 visible characters' },
    ]);
    const text = await push('children', admin, { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
    expect(text.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses a body over 16 MB with a 413 problem', async () => {
    const large = await push(`{"children":[${' '.repeat(16 * 1024 * 1024)}]}`);
    expect(large.statusCode).toBe(413);
    expect(large.headers['content-type']).toContain('application/problem+json');
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await app.inject({ url: '/api/v1/openapi.json' })).json();
    const operation = document.paths['/sync/children'].post;
    expect(Object.keys(operation.responses)).toEqual(
      expect.arrayContaining(['200', '401', '403', '422']),
    );
    expect(document.components.schemas.SyncRun).toBeDefined();
    // What a push keeps and clears is part of the contract.
    expect(operation.description).toContain('An optional field left out');
    const child = document.components.schemas.SyncChild;
    for (const field of ['name', 'dateOfBirth', 'expectedDateOfBirth', 'closedAt', 'events'])
      expect(child.properties[field].type, field).toContain('null');
    expect(child.required).toEqual(expect.arrayContaining(['statuses', 'flags', 'allocations']));
  });
});
