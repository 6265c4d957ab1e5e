import { describe, expect, it } from 'vitest';
import { testApp } from '../support/app.ts';
import { relationshipOf } from './agreements-helpers.ts';
import { apiClient } from './api-helpers.ts';
import { accounts, staffIdOf } from './organisation-helpers.ts';

describe('/api/v1/agreements', async () => {
  const { app, pool, services } = await testApp();
  const jordan = await staffIdOf(pool, 'sw-ait-1');
  const jordanLine = await relationshipOf(pool, jordan);

  const { tokenFor, call } = apiClient(app, services);
  const supervisor = await tokenFor(accounts.supervisor);
  const practitioner = await tokenFor(accounts.practitioner);
  const admin = await tokenFor(accounts.admin);
  const colleague = await tokenFor('asye@northshire.example');

  let id = '';
  let etag = '';

  it('creates a draft on the pack’s template', async () => {
    const response = await call(supervisor, 'POST', '/agreements', {
      relationshipId: jordanLine,
      answers: {
        'helpful-from-supervisor': 'Reflective space',
        'helpful-from-practitioner': 'Preparation',
      },
      agreedFrequency: { unit: 'weeks', count: 4 },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    id = body.id;
    etag = response.headers.etag as string;
    expect(response.headers.location).toBe(`/api/v1/agreements/${id}`);
    expect(etag).toMatch(/^"\d{4}-\d{2}-\d{2}T[\d:.]+Z"$/);
    expect(body).toMatchObject({
      relationshipId: jordanLine,
      relationship: {
        kind: 'line_management',
        supervisee: { id: jordan, name: 'Jordan Ellis' },
        supervisor: { name: 'Daniel Okafor' },
      },
      version: 1,
      status: 'draft',
      templateId: 'childrens-services-supervision-agreement',
      agreedFrequency: { unit: 'weeks', count: 4 },
      signatures: { supervisee: null, supervisor: null },
      etag,
    });

    // One version is written at a time.
    const again = await call(supervisor, 'POST', '/agreements', { relationshipId: jordanLine });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json().errors).toEqual([
      {
        name: 'relationshipId',
        problem: 'This relationship already has a version being written or signed',
      },
    ]);
  });

  it('refuses bad input naming each field', async () => {
    const missing = await call(supervisor, 'POST', '/agreements', { colour: 'blue' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([
      { name: 'colour', problem: '“colour” is not a member this request takes' },
    ]);
    const noRelationship = await call(supervisor, 'POST', '/agreements', {});
    expect(noRelationship.json().errors).toEqual([
      { name: 'relationshipId', problem: 'Send the id of the supervisory relationship' },
    ]);
    const unknown = await call(supervisor, 'POST', '/agreements', {
      relationshipId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });

  it('changes a draft only with the current ETag; a stale one is a 409', async () => {
    const noEtag = await call(supervisor, 'PATCH', `/agreements/${id}`, {
      answers: { avoid: 'x' },
    });
    expect(noEtag.statusCode).toBe(428);

    const changed = await call(
      supervisor,
      'PATCH',
      `/agreements/${id}`,
      { answers: { avoid: 'Interruptions' } },
      { 'if-match': etag },
    );
    expect(changed.statusCode).toBe(200);
    // Answers not sent are kept.
    expect(changed.json().answers).toEqual({
      'helpful-from-supervisor': 'Reflective space',
      'helpful-from-practitioner': 'Preparation',
      avoid: 'Interruptions',
    });
    const fresh = changed.headers.etag as string;
    expect(fresh).not.toBe(etag);

    const stale = await call(
      practitioner,
      'PATCH',
      `/agreements/${id}`,
      { answers: { avoid: 'Rushing' } },
      { 'if-match': etag },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ status: 409, title: 'Conflict' });
    expect(stale.json().detail).toContain(fresh);
    expect(stale.headers.etag).toBe(fresh);
    etag = fresh;
  });

  it('an agreed frequency below the pack’s minimum is refused, naming the field', async () => {
    const response = await call(
      supervisor,
      'PATCH',
      `/agreements/${id}`,
      { agreedFrequency: { unit: 'months', count: 2 }, answers: { colour: 'blue' } },
      { 'if-match': etag },
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { name: 'answers.colour', problem: '“colour” is not a question of this agreement' },
      {
        name: 'agreedFrequency',
        problem:
          'Agreed frequency must be at least as often as the policy’s minimum for Jordan Ellis, which is at least once every calendar month. Every 2 months is less often',
      },
    ]);
    const shape = await call(
      supervisor,
      'PATCH',
      `/agreements/${id}`,
      { agreedFrequency: { unit: 'fortnights', count: 1 } },
      { 'if-match': etag },
    );
    expect(shape.json().errors).toEqual([
      {
        name: 'agreedFrequency',
        problem: 'Select days, weeks or months for how often you will meet',
      },
    ]);
  });

  it('is sent, then signed by each party with their own token; no one else signs', async () => {
    const early = await call(practitioner, 'POST', `/agreements/${id}/status`, { action: 'sign' });
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toBe('This agreement has not been sent for signature yet');

    const bad = await call(supervisor, 'POST', `/agreements/${id}/status`, { action: 'burn' });
    expect(bad.json().errors).toEqual([
      { name: 'action', problem: 'action must be one of send, sign or supersede' },
    ]);

    const sent = await call(
      supervisor,
      'POST',
      `/agreements/${id}/status`,
      { action: 'send' },
      { 'if-match': etag },
    );
    expect(sent.statusCode).toBe(200);
    expect(sent.json().status).toBe('awaiting_signatures');

    const byAdmin = await call(admin, 'POST', `/agreements/${id}/status`, { action: 'sign' });
    expect(byAdmin.statusCode).toBe(403);
    expect(byAdmin.headers['content-type']).toContain('application/problem+json');
    const byColleague = await call(colleague, 'POST', `/agreements/${id}/status`, {
      action: 'sign',
    });
    expect(byColleague.statusCode).toBe(403);

    const first = await call(supervisor, 'POST', `/agreements/${id}/status`, { action: 'sign' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      status: 'awaiting_signatures',
      signatures: { supervisee: null, supervisor: { name: 'Daniel Okafor' } },
    });
    const second = await call(practitioner, 'POST', `/agreements/${id}/status`, {
      action: 'sign',
    });
    expect(second.statusCode).toBe(200);
    const signed = second.json();
    expect(signed.status).toBe('signed');
    expect(signed.signatures.supervisee).toMatchObject({ name: 'Jordan Ellis' });
    expect(signed.recordId).toMatch(/^[0-9a-f-]{36}$/);
    expect(signed.reviewDueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const fixed = await call(
      supervisor,
      'PATCH',
      `/agreements/${id}`,
      { answers: { avoid: 'Anything' } },
      { 'if-match': second.headers.etag as string },
    );
    expect(fixed.statusCode).toBe(409);
    expect(fixed.json().detail).toContain('cannot be changed');
  });

  it('lists and reads what the caller may see', async () => {
    const byRelationship = await call(
      practitioner,
      'GET',
      `/agreements?relationshipId=${jordanLine}`,
    );
    expect(byRelationship.json().items.map((a: { id: string }) => a.id)).toEqual([id]);
    const byStaff = await call(supervisor, 'GET', `/agreements?staffId=${jordan}`);
    expect(byStaff.json().items.map((a: { id: string }) => a.id)).toContain(id);
    const mine = await call(practitioner, 'GET', '/agreements');
    expect(mine.json().items.map((a: { id: string }) => a.id)).toContain(id);
    // A colleague sees none of it.
    expect((await call(colleague, 'GET', `/agreements/${id}`)).statusCode).toBe(403);
    expect((await call(colleague, 'GET', `/agreements?staffId=${jordan}`)).json().items).toEqual(
      [],
    );
    const one = await call(supervisor, 'GET', `/agreements/${id}`);
    expect(one.statusCode).toBe(200);
    expect(one.headers.etag).toBe(one.json().etag);
  });

  it('supersede starts a new draft version from a signed one', async () => {
    const response = await call(supervisor, 'POST', `/agreements/${id}/status`, {
      action: 'supersede',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      version: 2,
      status: 'draft',
      answers: { avoid: 'Interruptions' },
      agreedFrequency: { unit: 'weeks', count: 4 },
    });
    expect((await call(supervisor, 'GET', `/agreements/${id}`)).json().status).toBe('signed');
    const twice = await call(supervisor, 'POST', `/agreements/${id}/status`, {
      action: 'supersede',
    });
    expect(twice.statusCode).toBe(409);
  });
  it('is described in the OpenAPI document, every reference resolving', async () => {
    const response = await app.inject({ url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/agreements', '/agreements/{id}', '/agreements/{id}/status']),
    );
    const refs = [
      ...JSON.stringify({
        paths: Object.fromEntries(
          Object.entries(document.paths).filter(([path]) => path.startsWith('/agreements')),
        ),
        schemas: document.components.schemas,
      }).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g),
    ].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const name of refs) expect(document.components.schemas, name).toHaveProperty(name!);
    // What the API sends carries every member the schema requires.
    const one = (await call(supervisor, 'GET', `/agreements/${id}`)).json();
    for (const key of document.components.schemas.Agreement.required)
      expect(one).toHaveProperty(key);
    expect(Object.keys(document.paths['/agreements/{id}'].patch.responses).sort()).toEqual([
      '200',
      '400',
      '409',
      '428',
    ]);
  });
});
