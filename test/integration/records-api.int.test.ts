import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testApp } from '../support/app.ts';
import { apiClient } from './api-helpers.ts';
import { accounts, daysFromToday, staffIdOf, today } from './organisation-helpers.ts';

describe('/api/v1/records', async () => {
  const { app, pool, services } = await testApp();
  const jordan = await staffIdOf(pool, 'sw-ait-1');
  const daniel = await staffIdOf(pool, 'tm-ait');

  const userOf = async (email: string) => (await services.repos.users.findByEmail(email))!;
  const { tokenFor, call } = apiClient(app, services);
  const supervisor = await tokenFor(accounts.supervisor);
  const practitioner = await tokenFor(accounts.practitioner);
  const admin = await tokenFor(accounts.admin);
  const seniorManager = await tokenFor(accounts.seniorManager);

  /** Daniel's personal supervision record about Jordan, started as the pages start one. */
  async function startPersonal() {
    const user = await userOf(accounts.supervisor);
    const started = await services.records.start(
      { user, actor: await services.access.actorFor(user) },
      { kind: 'personal_supervision', staffId: jordan, date: today() },
    );
    if (started.outcome !== 'saved') throw new Error(JSON.stringify(started.problems));
    return started.id;
  }

  const views = async (id: string) =>
    (
      await pool.query(
        `SELECT count(*)::int AS n FROM audit_event
         WHERE resource_id = $1 AND action = 'supervision_record.viewed'`,
        [id],
      )
    ).rows[0].n as number;

  const id = await startPersonal();
  let etag = '"1.1"';

  it('lists and reads a record for the supervisor and the supervisee, auditing each read', async () => {
    const bySupervisee = await call(supervisor, 'GET', `/records?staffId=${jordan}`);
    expect(bySupervisee.statusCode).toBe(200);
    expect(bySupervisee.json().items.map((r: { id: string }) => r.id)).toContain(id);
    const mine = (await call(practitioner, 'GET', '/records')).json().items;
    const listed = mine.find((r: { id: string }) => r.id === id);
    // A list carries no content: that is read one record at a time, and audited.
    expect(listed).toEqual({
      id,
      kind: 'personal_supervision',
      date: today(),
      sessionId: null,
      headline: expect.any(String),
      author: { id: daniel, name: 'Daniel Okafor' },
      observer: null,
      people: [{ id: jordan, name: 'Jordan Ellis' }],
      children: [],
      writtenOn: null,
      sharedOn: null,
      signedOn: null,
      onChildRecordOn: null,
      version: 1,
      status: 'draft',
      etag,
    });
    expect(await views(id)).toBe(0);

    for (const token of [supervisor, practitioner]) {
      const one = await call(token, 'GET', `/records/${id}`);
      expect(one.statusCode).toBe(200);
      expect(one.headers.etag).toBe(etag);
      const body = one.json();
      expect(body).toMatchObject({ id, etag, version: 1, status: 'draft', escalations: [] });
      expect(body.versions).toEqual([
        {
          version: 1,
          status: 'draft',
          template: { id: 'personal-supervision-record', title: 'Personal Supervision Record' },
          headline: body.headline,
          amendmentReason: null,
          answers: {},
          actions: [],
          reviews: [],
          signatories: [],
          signatures: [],
          createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
          sharedAt: null,
          lockedAt: null,
        },
      ]);
    }
    expect(await views(id)).toBe(2);
  });

  it('filters the list, and names each filter it cannot read', async () => {
    const ids = async (query: string) =>
      (await call(supervisor, 'GET', `/records?staffId=${jordan}&${query}`))
        .json()
        .items.map((r: { id: string }) => r.id);
    expect(await ids('kind=personal_supervision&status=draft')).toContain(id);
    expect(await ids(`from=${today()}&to=${today()}`)).toContain(id);
    expect(await ids('kind=case_supervision')).not.toContain(id);
    expect(await ids('status=locked')).not.toContain(id);
    expect(await ids(`from=${daysFromToday(1)}`)).not.toContain(id);

    const bad = await call(
      supervisor,
      'GET',
      '/records?staffId=jordan&childId=7&kind=chat&status=open&from=2026-02-30&to=tomorrow',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors.map((e: { name: string }) => e.name)).toEqual([
      'staffId',
      'childId',
      'kind',
      'status',
      'from',
      'to',
    ]);
    expect(bad.json().errors[3]).toEqual({
      name: 'status',
      problem: 'status must be draft, shared or locked',
    });
    const backwards = await call(
      supervisor,
      'GET',
      `/records?from=${today()}&to=${daysFromToday(-1)}`,
    );
    expect(backwards.json().errors).toEqual([
      { name: 'to', problem: 'to must be the same as or after from' },
    ]);
  });

  it('keeps a personal record from strangers, and an unknown one is a 404', async () => {
    for (const token of [admin, seniorManager]) {
      const refused = await call(token, 'GET', `/records/${id}`);
      expect(refused.statusCode).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      const listed = (await call(token, 'GET', `/records?staffId=${jordan}`)).json().items;
      expect(listed.map((r: { id: string }) => r.id)).not.toContain(id);
    }
    for (const unknown of [randomUUID(), 'not-a-record']) {
      const missing = await call(supervisor, 'GET', `/records/${unknown}`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ status: 404 });
    }
  });

  it('changes the draft only with the current ETag, merging the answers sent', async () => {
    const noEtag = await call(supervisor, 'PATCH', `/records/${id}`, {
      answers: { 'record.support': 'x' },
    });
    expect(noEtag.statusCode).toBe(428);
    expect(noEtag.json().errors).toEqual([
      { name: 'If-Match', problem: 'Send the version’s ETag' },
    ]);

    const first = await call(
      supervisor,
      'PATCH',
      `/records/${id}`,
      {
        answers: {
          'record.support': 'Jordan spoke about two court deadlines in one week.',
          'record.reflection': 'Workload',
        },
      },
      { 'if-match': etag },
    );
    expect(first.statusCode).toBe(200);
    const afterFirst = first.headers.etag as string;
    expect(afterFirst).toBe('"1.2"');
    const second = await call(
      supervisor,
      'PATCH',
      `/records/${id}`,
      { answers: { 'record.reflection': null, 'record.next': daysFromToday(28) } },
      { 'if-match': afterFirst },
    );
    expect(second.statusCode).toBe(200);
    // Answers not sent are kept; null clears one.
    expect(second.json().versions[0].answers).toEqual({
      'record.support': 'Jordan spoke about two court deadlines in one week.',
      'record.next': daysFromToday(28),
    });
    const current = second.headers.etag as string;

    const stale = await call(
      supervisor,
      'PATCH',
      `/records/${id}`,
      { answers: { 'record.support': 'Lost?' } },
      { 'if-match': afterFirst },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ status: 409, title: 'Conflict' });
    expect(stale.json().detail).toContain(current);
    expect(stale.headers.etag).toBe(current);

    // The supervisee writes no section of the systemic personal record.
    const bySupervisee = await call(
      practitioner,
      'PATCH',
      `/records/${id}`,
      { answers: { 'record.support': 'Mine' } },
      { 'if-match': current },
    );
    expect(bySupervisee.statusCode).toBe(403);
    etag = current;
  });

  it('refuses bad answers and actions, naming each field', async () => {
    const response = await call(
      supervisor,
      'PATCH',
      `/records/${id}`,
      {
        answers: { colour: 'blue', 'record.next': '2026-02-30' },
        actions: [{ description: 'Book the court skills training', ownerId: randomUUID() }],
      },
      { 'if-match': etag },
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { name: 'answers.colour', problem: '‘colour’ is not a question of this record' },
      { name: 'actions[0].ownerId', problem: 'Choose who will do this action' },
      { name: 'answers.record.next', problem: 'Date of next supervision must be a real date' },
    ]);
    const shape = await call(
      supervisor,
      'PATCH',
      `/records/${id}`,
      { answers: ['support'], colour: 'blue' },
      { 'if-match': etag },
    );
    expect(shape.json().errors).toEqual([
      { name: 'colour', problem: '“colour” is not a member this request takes' },
    ]);
    const notAnObject = await call(
      supervisor,
      'PATCH',
      `/records/${id}`,
      { answers: ['support'] },
      { 'if-match': etag },
    );
    expect(notAnObject.json().errors.map((e: { name: string }) => e.name)).toEqual(['answers']);
    // Nothing was saved.
    expect((await call(supervisor, 'GET', `/records/${id}`)).headers.etag).toBe(etag);
  });

  it('is shared by its author once complete, then signed by the supervisee with their token', async () => {
    const noOwnerDate = await call(
      supervisor,
      'PATCH',
      `/records/${id}`,
      { actions: [{ description: 'Book the court skills training', ownerId: jordan }] },
      { 'if-match': etag },
    );
    expect(noOwnerDate.statusCode).toBe(200);
    etag = noOwnerDate.headers.etag as string;

    expect((await call(supervisor, 'POST', `/records/${id}/share`)).statusCode).toBe(428);
    const notAuthor = await call(practitioner, 'POST', `/records/${id}/share`, undefined, {
      'if-match': etag,
    });
    expect(notAuthor.statusCode).toBe(403);
    const incomplete = await call(supervisor, 'POST', `/records/${id}/share`, undefined, {
      'if-match': etag,
    });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().errors).toContainEqual({
      name: 'actions[0].dueOn',
      problem: 'Enter when ‘Book the court skills training’ is to be done by',
    });

    const dated = await call(
      supervisor,
      'PATCH',
      `/records/${id}`,
      {
        actions: [
          {
            description: 'Book the court skills training',
            ownerId: jordan,
            dueOn: daysFromToday(20),
          },
        ],
      },
      { 'if-match': etag },
    );
    const staleShare = await call(supervisor, 'POST', `/records/${id}/share`, undefined, {
      'if-match': etag,
    });
    expect(staleShare.statusCode).toBe(409);
    etag = dated.headers.etag as string;
    expect(staleShare.headers.etag).toBe(etag);

    const shared = await call(supervisor, 'POST', `/records/${id}/share`, undefined, {
      'if-match': etag,
    });
    expect(shared.statusCode, shared.body).toBe(200);
    const sharedBody = shared.json();
    expect(sharedBody).toMatchObject({ status: 'shared', sharedOn: today(), writtenOn: today() });
    expect(sharedBody.versions[0].signatories).toEqual(
      expect.arrayContaining([
        { party: 'supervisor', staffId: daniel },
        { party: 'supervisee', staffId: jordan },
      ]),
    );
    // The author signs as they share.
    expect(sharedBody.versions[0].signatures).toEqual([
      expect.objectContaining({ party: 'supervisor', staffId: daniel, disagreement: null }),
    ]);
    etag = shared.headers.etag as string;
    expect(
      (await call(supervisor, 'POST', `/records/${id}/share`, undefined, { 'if-match': etag }))
        .statusCode,
    ).toBe(409);

    const byStranger = await call(admin, 'POST', `/records/${id}/signatures`, {
      decision: 'agree',
    });
    expect(byStranger.statusCode).toBe(403);
    expect(byStranger.headers['content-type']).toContain('application/problem+json');
    const twice = await call(supervisor, 'POST', `/records/${id}/signatures`, {
      decision: 'agree',
    });
    expect(twice.statusCode).toBe(403);
    const undecided = await call(practitioner, 'POST', `/records/${id}/signatures`, {
      decision: 'maybe',
    });
    expect(undecided.json().errors).toEqual([
      { name: 'decision', problem: 'decision must be agree or disagree' },
    ]);
    const wordless = await call(practitioner, 'POST', `/records/${id}/signatures`, {
      decision: 'disagree',
      disagreement: ' ',
    });
    expect(wordless.statusCode).toBe(400);
    expect(wordless.json().errors).toEqual([
      { name: 'disagreement', problem: 'Say what you disagree with' },
    ]);
    const wrongVersion = await call(
      practitioner,
      'POST',
      `/records/${id}/signatures`,
      { decision: 'agree' },
      { 'if-match': '"1.1"' },
    );
    expect(wrongVersion.statusCode).toBe(409);

    const signed = await call(
      practitioner,
      'POST',
      `/records/${id}/signatures`,
      { decision: 'agree' },
      { 'if-match': etag },
    );
    expect(signed.statusCode, signed.body).toBe(200);
    const locked = signed.json();
    expect(locked).toMatchObject({ status: 'locked', signedOn: today() });
    expect(locked.versions[0].lockedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(locked.versions[0].signatures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ party: 'supervisee', name: 'Jordan Ellis', disagreement: null }),
      ]),
    );

    const fixed = await call(
      supervisor,
      'PATCH',
      `/records/${id}`,
      { answers: { 'record.support': 'Later' } },
      { 'if-match': signed.headers.etag as string },
    );
    expect(fixed.statusCode).toBe(409);
    expect(fixed.json().detail).toContain('is locked and cannot be changed');
  });

  it('is described in the OpenAPI document, every reference resolving', async () => {
    const response = await app.inject({ url: '/api/v1/openapi.json' });
    const document = response.json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/records',
        '/records/{id}',
        '/records/{id}/share',
        '/records/{id}/signatures',
      ]),
    );
    const refs = [
      ...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g),
    ].map((m) => m[1]!);
    expect(refs).toContain('Record');
    for (const name of refs) expect(document.components.schemas, name).toHaveProperty(name);
    // What the API sends carries every member the schemas require.
    const one = (await call(supervisor, 'GET', `/records/${id}`)).json();
    for (const key of document.components.schemas.Record.required) expect(one).toHaveProperty(key);
    for (const key of document.components.schemas.RecordVersion.required)
      expect(one.versions[0]).toHaveProperty(key);
    const item = (await call(supervisor, 'GET', `/records?staffId=${jordan}`)).json().items[0];
    for (const key of document.components.schemas.RecordSummary.required)
      expect(item).toHaveProperty(key);
    expect(Object.keys(document.paths['/records/{id}'].patch.responses).sort()).toEqual([
      '200',
      '400',
      '403',
      '404',
      '409',
      '428',
    ]);
  });
});
