import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { openApiDocument, openApiRoutes } from '../../src/api/openapi.ts';
import { registerApi } from '../../src/api/routes.ts';
import { workingCalendarForRegion } from '../../src/domain/calendar/index.ts';
import { testApp } from '../support/app.ts';
import { daysFromToday, staffIdOf, unitIdOf } from './organisation-helpers.ts';

const calendar = workingCalendarForRegion('england-and-wales');
const workday = (days: number) => calendar.nextWorkingDayOnOrAfter(daysFromToday(days));

describe('/api/v1/sessions', async () => {
  const { app, pool, services } = await testApp();
  const jordan = await staffIdOf(pool, 'sw-ait-1');
  const fatima = await staffIdOf(pool, 'sw-ait-2');
  const daniel = await staffIdOf(pool, 'tm-ait');
  const ait = await unitIdOf(pool, 'ait-north');

  const tokenFor = async (email: string) =>
    services.auth.createApiToken((await services.repos.users.findByEmail(email))!, 'test');
  const supervisorToken = await tokenFor('supervisor@northshire.example');
  const practitionerToken = await tokenFor('practitioner@northshire.example');

  const call = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    body?: unknown,
    options: { token?: string; headers?: Record<string, string> } = {},
  ) =>
    app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${options.token ?? supervisorToken}`,
        ...options.headers,
      },
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });
  const notices = async (id: string) =>
    (
      await pool.query(
        `SELECT payload->>'kind' AS kind FROM job WHERE payload->>'sessionId' = $1 ORDER BY id`,
        [id],
      )
    ).rows.map((r) => r.kind);

  const oneToOne = (date: string, extra: Record<string, unknown> = {}) => ({
    kind: 'one_to_one',
    date,
    startsAt: '10:00',
    minutes: 90,
    location: 'Room 3',
    supervisorId: daniel,
    participantIds: [jordan],
    ...extra,
  });

  it('creates, reads, lists and updates a session; a stale version is a 409 with the current one', async () => {
    const date = workday(130);
    const created = await call('POST', '/api/v1/sessions', oneToOne(date));
    expect(created.statusCode).toBe(201);
    const session = created.json();
    expect(created.headers.location).toBe(`/api/v1/sessions/${session.id}`);
    expect(created.headers.etag).toBe(`"${session.version}"`);
    expect(session).toMatchObject({
      kind: 'one_to_one',
      date,
      startsAt: '10:00',
      minutes: 90,
      location: 'Room 3',
      status: 'planned',
      supervisor: { id: daniel, name: 'Daniel Okafor' },
      participants: [{ id: jordan, name: 'Jordan Ellis' }],
      team: { id: ait },
    });
    expect(await notices(session.id)).toEqual(['session_booked']);

    const one = await call('GET', `/api/v1/sessions/${session.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().id).toBe(session.id);

    const list = await call('GET', `/api/v1/sessions?staffId=${jordan}&from=${date}&to=${date}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((s: { id: string }) => s.id)).toEqual([session.id]);

    const patched = await call(
      'PATCH',
      `/api/v1/sessions/${session.id}`,
      { startsAt: '14:00' },
      { headers: { 'if-match': created.headers.etag as string } },
    );
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ startsAt: '14:00', minutes: 90, location: 'Room 3' });
    expect(await notices(session.id)).toEqual(['session_booked', 'session_changed']);

    // The first version again: someone changed it since.
    const stale = await call(
      'PATCH',
      `/api/v1/sessions/${session.id}`,
      { location: 'Room 5' },
      { headers: { 'if-match': created.headers.etag as string } },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.json()).toMatchObject({
      status: 409,
      current: { startsAt: '14:00', location: 'Room 3' },
    });
    expect(stale.headers.etag).toBe(`"${patched.json().version}"`);
    // With the body's version instead of If-Match.
    const withBody = await call('PATCH', `/api/v1/sessions/${session.id}`, {
      location: 'Room 5',
      version: patched.json().version,
    });
    expect(withBody.statusCode).toBe(200);
    expect(withBody.json().location).toBe('Room 5');

    const noVersion = await call('PATCH', `/api/v1/sessions/${session.id}`, { location: 'x' });
    expect(noVersion.statusCode).toBe(428);
    expect(noVersion.json().errors).toEqual([
      { name: 'If-Match', problem: 'Send the version’s ETag' },
    ]);
  });

  it('names the field of each bad input', async () => {
    const cases: [unknown, { name: string; problem: string }[]][] = [
      [
        oneToOne(daysFromToday(-2)),
        [
          {
            name: 'date',
            problem:
              'The date of a planned session must be today or in the future. To record a session that took place, mark it as held',
          },
        ],
      ],
      [
        oneToOne(workday(140), { participantIds: [daniel] }),
        [
          {
            name: 'participantIds',
            problem:
              'Daniel Okafor cannot supervise themselves. Select a different supervisee or supervisor',
          },
        ],
      ],
      [
        oneToOne('2027-02-30', { startsAt: '25:00', colour: 'blue' }),
        [
          { name: 'colour', problem: '“colour” is not a member this request takes' },
          { name: 'date', problem: 'date must be a date as YYYY-MM-DD' },
          { name: 'startsAt', problem: 'startsAt must be a time of day as HH:MM' },
        ],
      ],
      [
        oneToOne(workday(140), { minutes: 5 }),
        [{ name: 'minutes', problem: 'Length must be a whole number of minutes from 10 to 480' }],
      ],
      [
        oneToOne(workday(140), { supervisorId: '00000000-0000-4000-8000-000000000000' }),
        [{ name: 'supervisorId', problem: 'Select who leads the session from the list' }],
      ],
    ];
    for (const [body, errors] of cases) {
      const response = await call('POST', '/api/v1/sessions', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors).toEqual(errors);
    }
  });

  it('refuses two sessions overlapping for one person, naming startsAt', async () => {
    const date = workday(150);
    expect((await call('POST', '/api/v1/sessions', oneToOne(date))).statusCode).toBe(201);
    const clash = await call(
      'POST',
      '/api/v1/sessions',
      oneToOne(date, { startsAt: '11:00', participantIds: [fatima] }),
    );
    expect(clash.statusCode).toBe(400);
    expect(clash.json().errors[0].name).toBe('startsAt');
    expect(clash.json().errors[0].problem).toMatch(/^Daniel Okafor already has a one-to-one/);
  });

  it('changes status with a reason; postponing books the replacement', async () => {
    const created = (await call('POST', '/api/v1/sessions', oneToOne(workday(160)))).json();
    const url = `/api/v1/sessions/${created.id}/status`;
    const bad = await call('POST', url, { status: 'cancelled', reason: 'bored' });
    expect(bad.json().errors).toEqual([
      {
        name: 'reason',
        problem:
          'reason must be one of supervisee_sickness, supervisee_absence, supervisee_annual_leave, supervisor_absence, emergency, other',
      },
    ]);
    const noDate = await call('POST', url, { status: 'postponed', reason: 'emergency' });
    expect(noDate.json().errors).toEqual([
      { name: 'rescheduledTo', problem: 'Enter the date the session is moved to' },
    ]);
    const newDate = workday(170);
    const moved = await call('POST', url, {
      status: 'postponed',
      reason: 'emergency',
      detail: 'Court hearing',
      rescheduledTo: newDate,
      startsAt: '09:00',
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      status: 'postponed',
      cancellationReason: 'emergency',
      reason: 'Court hearing',
      rescheduledTo: newDate,
      replacement: {
        date: newDate,
        startsAt: '09:00',
        status: 'planned',
        rescheduledFromId: created.id,
      },
    });
    const again = await call('POST', url, { status: 'held' });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors).toEqual([
      {
        name: 'status',
        problem: 'This session is already postponed. Only a planned session can change status',
      },
    ]);
    expect(await notices(created.id)).toEqual(['session_booked', 'session_cancelled']);
  });

  it('keeps to what the caller may see and do', async () => {
    const created = (await call('POST', '/api/v1/sessions', oneToOne(workday(180)))).json();
    // Jordan (the supervisee) sees it but cannot change it.
    const seen = await call('GET', `/api/v1/sessions/${created.id}`, undefined, {
      token: practitionerToken,
    });
    expect(seen.statusCode).toBe(200);
    const change = await call(
      'PATCH',
      `/api/v1/sessions/${created.id}`,
      { location: 'Elsewhere', version: created.version },
      { token: practitionerToken },
    );
    expect(change.statusCode).toBe(403);
    const booking = await call(
      'POST',
      '/api/v1/sessions',
      oneToOne(workday(190), { participantIds: [fatima] }),
      { token: practitionerToken },
    );
    expect(booking.statusCode).toBe(403);
    const listed = await call('GET', `/api/v1/sessions?staffId=${fatima}`, undefined, {
      token: practitionerToken,
    });
    // Only the sessions of Fatima's that Jordan is in himself (their team's group sessions).
    for (const item of listed.json().items as { kind: string; participants: { id: string }[] }[]) {
      expect(item.kind).not.toBe('one_to_one');
      expect(item.participants.map((p) => p.id)).toContain(jordan);
    }
    expect((await call('GET', '/api/v1/sessions?from=tuesday')).json().errors).toEqual([
      { name: 'from', problem: 'from must be a date as YYYY-MM-DD' },
    ]);
    expect(
      (await call('GET', '/api/v1/sessions/00000000-0000-4000-8000-000000000000')).statusCode,
    ).toBe(404);
    expect((await app.inject({ url: '/api/v1/sessions' })).statusCode).toBe(401);
  });
});

describe('/api/v1/openapi.json', async () => {
  const { app, services } = await testApp();

  it('is served without a token and describes every route registered under /api/v1', async () => {
    const response = await app.inject({ url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = JSON.parse(response.body);
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: '/api/v1' }]);

    // The API's routes, as Fastify registers them.
    const routes: { method: string; url: string }[] = [];
    const bare = Fastify();
    bare.addHook('onRoute', (route) => {
      for (const method of [route.method].flat())
        if (method !== 'HEAD') routes.push({ method, url: route.url });
    });
    await bare.register(openApiRoutes(), { prefix: '/api/v1' });
    await bare.register(registerApi(services), { prefix: '/api/v1' });
    await bare.ready();
    await bare.close();
    const described = routes
      .filter((r) => r.url !== '/api/v1/openapi.json')
      .map((r) => {
        const path = r.url.replace(/^\/api\/v1/, '').replace(/:(\w+)/g, '{$1}');
        return `${r.method} ${path}`;
      });
    expect(described).toContain('GET /sessions');
    expect(described).toContain('POST /sessions/{id}/status');
    expect(described).toContain('GET /me');
    for (const route of described) {
      const [method, path] = route.split(' ');
      expect(document.paths[path!], route).toBeDefined();
      expect(document.paths[path!][method!.toLowerCase()], route).toBeDefined();
    }

    // Every reference points at a schema the document defines.
    const refs = [...response.body.matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map(
      (m) => m[1]!,
    );
    for (const name of new Set(refs)) expect(document.components.schemas[name], name).toBeDefined();
    // Path parameters are declared.
    for (const [path, item] of Object.entries(document.paths) as [
      string,
      Record<string, unknown>,
    ][])
      for (const name of path.match(/\{(\w+)\}/g) ?? []) {
        const declared = JSON.stringify(item).includes(`"name":"${name.slice(1, -1)}","in":"path"`);
        expect(declared, `${path} declares ${name}`).toBe(true);
      }
  });

  it('refuses fragments that define one schema two ways', () => {
    expect(() =>
      openApiDocument([
        { paths: {}, components: { schemas: { A: { type: 'string' } } } },
        { paths: {}, components: { schemas: { A: { type: 'integer' } } } },
      ]),
    ).toThrow('OpenAPI: the schema A is defined twice, differently');
  });
});
