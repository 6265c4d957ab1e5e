import { describe, expect, it } from 'vitest';
import { browserClient, testApp, testClock } from '../support/app.ts';
import {
  addStatus,
  allocate,
  errorSummary,
  hiddenField,
  insertChild,
  makeManager,
  staffIdByEmail,
  staffIdOfAccount,
  teamIdOf,
} from '../support/children.ts';

const admin = 'admin@northshire.example';
const practitioner = 'practitioner@northshire.example';
const supervisor = 'supervisor@northshire.example';
const seniorManager = 'senior.manager@northshire.example';
const today = '2026-11-23';

/** The form fields of a GOV.UK date input. */
const date = (name: string, iso: string | null) => {
  const [year, month, day] = iso ? iso.split('-') : ['', '', ''];
  return { [`${name}-day`]: day!, [`${name}-month`]: month!, [`${name}-year`]: year! };
};

const childLinks = (html: string) =>
  [...html.matchAll(/<a class="govuk-link" href="\/children\/([0-9a-f-]{36})">([^<]+)<\/a>/g)].map(
    (match) => match[2],
  );

describe('the children register', async () => {
  const clock = testClock(new Date(`${today}T10:00:00Z`));
  const { app, pool } = await testApp({ clock });

  const jordan = await staffIdOfAccount(pool, practitioner);
  const daniel = await staffIdOfAccount(pool, supervisor);
  const fatima = await staffIdByEmail(pool, 'fatima.hussain@northshire.example');
  const ben = await staffIdByEmail(pool, 'ben.ashworth@northshire.example');
  const aitNorth = await teamIdOf(pool, jordan);

  // Jordan (AIT North) holds two children, Fatima (AIT North) one, Ben (CP North) one; one is
  // unallocated and one is closed.
  const jordans = await insertChild(pool, { caseId: 'TST-100001', name: 'Amara Quillfeather' });
  await allocate(pool, jordans, jordan);
  await addStatus(pool, jordans, 'child_in_need');
  const jordansSecond = await insertChild(pool, { caseId: 'TST-100002', name: 'Billy Quillbrook' });
  await allocate(pool, jordansSecond, jordan, 'involved');
  await addStatus(pool, jordansSecond, 'child_protection');
  const fatimas = await insertChild(pool, { caseId: 'TST-100003', name: 'Cara Quillmere' });
  await allocate(pool, fatimas, fatima);
  await addStatus(pool, fatimas, 'child_in_need');
  const bens = await insertChild(pool, { caseId: 'TST-200001', name: 'Dylan Quillstone' });
  await allocate(pool, bens, ben);
  await addStatus(pool, bens, 'child_protection');
  const unallocated = await insertChild(pool, {
    caseId: 'TST-300001',
    name: null,
    expectedDateOfBirth: '2027-03-01',
  });
  // An allocation that ended is not an allocation now.
  const formerlyJordans = await insertChild(pool, { caseId: 'TST-400001', name: 'Evie Quillford' });
  await allocate(pool, formerlyJordans, jordan, 'key_worker', '2025-01-06', '2025-06-30');

  it('lets an administrator add a child, a status and an allocation, then close the child', async () => {
    const client = browserClient(app);
    await client.signIn(admin);
    const form = await client.get('/children/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="_csrf"');

    const created = await client.post('/children/new', {
      caseId: 'TST-7001',
      name: 'Freya Owens',
      ...date('dateOfBirth', '2016-02-29'),
      ...date('expectedDateOfBirth', null),
      ...date('openedOn', '2026-01-12'),
    });
    expect(created.statusCode, /<main[\s\S]*?<\/main>/.exec(created.body)?.[0]).toBe(303);
    const location = created.headers.location as string;
    const id = /^\/children\/([0-9a-f-]{36})$/.exec(location)?.[1];
    expect(id).toBeDefined();
    const stored = await pool.query('SELECT external_id FROM child WHERE id = $1', [id]);
    expect(stored.rows[0].external_id).toBe(id);

    const page = await client.get(location);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Freya Owens');
    expect(page.body).toContain('TST-7001');
    expect(page.body).toContain('29 February 2016 (10 years)');

    await client.get(`${location}/statuses/new`);
    const status = await client.post(`${location}/statuses/new`, {
      status: 'child_in_need',
      ...date('startsOn', '2026-01-12'),
      ...date('endsOn', null),
    });
    expect(status.statusCode).toBe(303);
    expect(status.headers.location).toBe(`${location}#statuses`);

    const allocationForm = await client.get(`${location}/allocations/new`);
    expect(allocationForm.body).toContain('Jordan Ellis');
    const allocation = await client.post(`${location}/allocations/new`, {
      workerId: jordan,
      role: 'key_worker',
      ...date('startsOn', '2026-01-12'),
    });
    expect(allocation.statusCode).toBe(303);

    const withBoth = await client.get(location);
    expect(withBoth.body).toContain('Child in need');
    expect(withBoth.body).toContain('Jordan Ellis');

    await client.get(`${location}/close`);
    const closing = await client.post(`${location}/close`, date('closedOn', today));
    expect(closing.statusCode).toBe(303);
    expect(closing.headers.location).toBe(`${location}/close/check?closedOn=${today}`);
    const check = await client.get(closing.headers.location as string);
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('Check before closing');
    expect(check.body).toContain('Child in need, from 12 January 2026');
    expect(check.body).toContain('Jordan Ellis, key worker, from 12 January 2026');
    const closed = await client.post(`${location}/close/check`, {
      closedOn: hiddenField(check.body, 'closedOn')!,
      version: hiddenField(check.body, 'version')!,
    });
    expect(closed.statusCode).toBe(303);

    const child = await pool.query('SELECT closed_on FROM child WHERE id = $1', [id]);
    expect(child.rows[0].closed_on).toBe(today);
    const episodes = await pool.query(
      'SELECT ends_on FROM child_status_episode WHERE child_id = $1',
      [id],
    );
    expect(episodes.rows).toEqual([{ ends_on: today }]);
    const allocations = await pool.query(
      'SELECT ends_on FROM child_allocation WHERE child_id = $1',
      [id],
    );
    expect(allocations.rows).toEqual([{ ends_on: today }]);
    const afterClosing = await client.get(location);
    expect(afterClosing.body).toContain('The involvement closed on 23 November 2026');
    expect(afterClosing.body).toContain('Reopen the child&#39;s involvement');

    const trail = await pool.query(
      `SELECT action FROM audit_event WHERE resource_type = 'child' AND resource_id = $1
       ORDER BY id`,
      [id],
    );
    expect(trail.rows.map((row) => row.action).filter((a) => a !== 'child.viewed')).toEqual([
      'child.created',
      'child_status_episode.added',
      'child_allocation.added',
      'child.closed',
    ]);
  });

  it('shows a practitioner only the children allocated to them now, and refuses the others', async () => {
    const client = browserClient(app);
    await client.signIn(practitioner);
    const list = await client.get('/children?q=TST-');
    expect(list.statusCode).toBe(200);
    expect(childLinks(list.body)).toEqual(['TST-100001', 'TST-100002']);
    expect((await client.get(`/children/${jordans}`)).statusCode).toBe(200);
    for (const other of [fatimas, bens, unallocated, formerlyJordans]) {
      const response = await client.get(`/children/${other}`);
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain('You do not have access to this page');
    }
    // An allocated worker sees the child but does not correct the register.
    expect((await client.get(`/children/${jordans}/edit`)).statusCode).toBe(403);
    expect((await client.get('/children/new')).statusCode).toBe(403);
  });

  it("shows a manager their team's children and the unallocated ones", async () => {
    await makeManager(pool, daniel, aitNorth);
    const client = browserClient(app);
    await client.signIn(supervisor);
    const list = await client.get('/children?q=TST-');
    expect(childLinks(list.body)).toEqual([
      'TST-100001',
      'TST-100002',
      'TST-100003',
      'TST-400001',
      'TST-300001',
    ]);
    expect(list.body).not.toContain('TST-200001');
    expect((await client.get(`/children/${bens}`)).statusCode).toBe(403);
    expect((await client.get(`/children/${fatimas}/edit`)).statusCode).toBe(200);
    // The workers offered are the case holders of the teams they manage.
    const form = await client.get(`/children/${unallocated}/allocations/new`);
    expect(form.body).toContain('Fatima Hussain');
    expect(form.body).not.toContain('Ben Ashworth');
  });

  it('shows a senior manager every child, and lets only those who manage a team change them', async () => {
    // Priya Raman manages the North area, and so its teams.
    const client = browserClient(app);
    await client.signIn(seniorManager);
    const list = await client.get('/children?q=TST-');
    expect(childLinks(list.body)).toHaveLength(6);
    expect((await client.get(`/children/${bens}`)).statusCode).toBe(200);

    // Richard Haworth is a senior manager (and auditor) who manages no team.
    const onlyViews = browserClient(app);
    await onlyViews.signIn('auditor@northshire.example');
    const all = await onlyViews.get('/children?q=TST-');
    expect(childLinks(all.body)).toHaveLength(6);
    expect(all.body).not.toContain('Add a child');
    const page = await onlyViews.get(`/children/${bens}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Add a status');
    expect((await onlyViews.get(`/children/${bens}/edit`)).statusCode).toBe(403);
    expect((await onlyViews.get(`/children/${bens}/statuses/new`)).statusCode).toBe(403);
    expect((await onlyViews.get('/children/new')).statusCode).toBe(403);
  });

  it('finds a child by case id or name', async () => {
    const client = browserClient(app);
    await client.signIn(admin);
    expect(childLinks((await client.get('/children?q=TST-2000')).body)).toEqual(['TST-200001']);
    expect(childLinks((await client.get('/children?q=quillbrook')).body)).toEqual(['TST-100002']);
    const none = await client.get('/children?q=%25');
    expect(none.body).toContain('No children found');
  });

  it('filters by status, team, worker and open or closed', async () => {
    const client = browserClient(app);
    await client.signIn(admin);
    expect(childLinks((await client.get('/children?q=TST-&status=child_protection')).body)).toEqual(
      ['TST-100002', 'TST-200001'],
    );
    const cpNorth = await teamIdOf(pool, ben);
    expect(childLinks((await client.get(`/children?q=TST-&team=${cpNorth}`)).body)).toEqual([
      'TST-200001',
    ]);
    expect(childLinks((await client.get(`/children?q=TST-&worker=${fatima}`)).body)).toEqual([
      'TST-100003',
    ]);
    const closed = childLinks((await client.get('/children?q=TST-&state=closed')).body);
    expect(closed).toEqual(['TST-7001']);
  });

  it('pages the list 50 at a time, keeping the filters', async () => {
    for (let n = 1; n <= 55; n++)
      await insertChild(pool, { caseId: `PG-${String(n).padStart(3, '0')}`, name: `Page ${n}` });
    const client = browserClient(app);
    await client.signIn(admin);
    const first = await client.get('/children?q=PG-');
    expect(childLinks(first.body)).toHaveLength(50);
    expect(first.body).toContain('Showing 1 to 50 of 55 children');
    expect(first.body).toContain('class="govuk-pagination"');
    expect(first.body).toContain('href="/children?q=PG-&amp;page=2"');
    const second = await client.get('/children?q=PG-&page=2');
    expect(childLinks(second.body)).toHaveLength(5);
    expect(second.body).toContain('Showing 51 to 55 of 55 children');
    const all = new Set([...childLinks(first.body), ...childLinks(second.body)]);
    expect(all.size).toBe(55);
    const beyond = await client.get('/children?q=PG-&page=9');
    expect(beyond.statusCode).toBe(303);
    expect(beyond.headers.location).toBe('/children?q=PG-&page=2');
  });

  it('offers "Children" in the navigation to those who can see children', async () => {
    const withLink = browserClient(app);
    await withLink.signIn(practitioner);
    expect((await withLink.get('/')).body).toContain('href="/children"');
    const without = browserClient(app);
    await without.signIn('inspector@northshire.example');
    expect((await without.get('/')).body).not.toContain('href="/children"');
    expect((await without.get('/children')).statusCode).toBe(403);
  });

  it("writes each view of a child's page to the audit trail", async () => {
    const client = browserClient(app);
    await client.signIn(admin);
    const before = await pool.query(
      "SELECT count(*) FROM audit_event WHERE action = 'child.viewed' AND resource_id = $1",
      [bens],
    );
    await client.get(`/children/${bens}`);
    const after = await pool.query(
      `SELECT actor_user_id, resource_type, request_id FROM audit_event
       WHERE action = 'child.viewed' AND resource_id = $1 ORDER BY id`,
      [bens],
    );
    expect(after.rows.length).toBe(Number(before.rows[0].count) + 1);
    expect(after.rows.at(-1)).toMatchObject({ resource_type: 'child' });
    expect(after.rows.at(-1).request_id).toBeTruthy();
  });

  it('names the field and the problem when dates are wrong', async () => {
    const client = browserClient(app);
    await client.signIn(admin);
    await client.get('/children/new');
    const response = await client.post('/children/new', {
      caseId: 'TST-999999',
      name: 'Gabe Price',
      ...date('dateOfBirth', '2019-02-30'),
      ...date('expectedDateOfBirth', null),
      'openedOn-day': '3',
      'openedOn-month': '',
      'openedOn-year': '2026',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(errorSummary(response.body)).toEqual([
      { text: 'Date of birth must be a real date', href: '#dateOfBirth-day' },
      { text: 'Date opened must include a month', href: '#openedOn-month' },
    ]);
    expect(response.body).toContain('id="dateOfBirth-error"');
    // What was typed is kept.
    expect(response.body).toContain('value="Gabe Price"');
    expect(response.body).toContain('value="30"');

    const born = await client.post('/children/new', {
      caseId: 'TST-999999',
      name: 'Gabe Price',
      ...date('dateOfBirth', '2019-02-03'),
      ...date('expectedDateOfBirth', '2027-01-01'),
      ...date('openedOn', '2026-01-01'),
    });
    expect(born.statusCode).toBe(400);
    expect(errorSummary(born.body)).toEqual([
      {
        text: 'Expected date of birth is only for an unborn child: remove it, or remove the date of birth',
        href: '#expectedDateOfBirth-day',
      },
    ]);

    const future = await client.post('/children/new', {
      caseId: 'TST-999999',
      name: 'Gabe Price',
      ...date('dateOfBirth', '2026-12-01'),
      ...date('openedOn', '2026-01-01'),
    });
    expect(errorSummary(future.body)).toEqual([
      { text: 'Date of birth must be today or in the past', href: '#dateOfBirth-day' },
    ]);

    const neither = await client.post('/children/new', {
      caseId: '',
      ...date('openedOn', '2026-01-01'),
    });
    expect(errorSummary(neither.body).map((e) => e.href)).toEqual(['#caseId', '#dateOfBirth-day']);
  });

  it('refuses a status that ends before it starts, and closing before opening', async () => {
    const client = browserClient(app);
    await client.signIn(admin);
    await client.get(`/children/${bens}/statuses/new`);
    const backwards = await client.post(`/children/${bens}/statuses/new`, {
      status: 'assessment',
      ...date('startsOn', '2026-03-01'),
      ...date('endsOn', '2026-02-01'),
    });
    expect(backwards.statusCode).toBe(400);
    expect(errorSummary(backwards.body)).toEqual([
      { text: 'End date must be the same as or after the start date', href: '#endsOn-day' },
    ]);

    await client.get(`/children/${bens}/close`);
    const early = await client.post(`/children/${bens}/close`, date('closedOn', '2024-12-31'));
    expect(early.statusCode).toBe(400);
    expect(errorSummary(early.body)).toEqual([
      {
        text: 'Closing date must be the same as or after the date the involvement opened, 6 January 2025',
        href: '#closedOn-day',
      },
    ]);
  });

  it('refuses a second open child with the same case id, and an overlapping allocation', async () => {
    const client = browserClient(app);
    await client.signIn(admin);
    await client.get('/children/new');
    const duplicate = await client.post('/children/new', {
      caseId: 'tst-100001',
      name: 'Someone Else',
      ...date('dateOfBirth', '2020-01-01'),
      ...date('openedOn', '2026-01-01'),
    });
    expect(duplicate.statusCode).toBe(400);
    expect(errorSummary(duplicate.body)[0]?.href).toBe('#caseId');

    await client.get(`/children/${jordans}/allocations/new`);
    const overlap = await client.post(`/children/${jordans}/allocations/new`, {
      workerId: jordan,
      role: 'key_worker',
      ...date('startsOn', '2026-02-01'),
    });
    expect(overlap.statusCode).toBe(400);
    expect(errorSummary(overlap.body)).toEqual([
      {
        text: 'Jordan Ellis is already allocated as key worker on these dates: choose another date or role',
        href: '#startsOn-day',
      },
    ]);
    // The same worker in another role is fine.
    const other = await client.post(`/children/${jordans}/allocations/new`, {
      workerId: jordan,
      role: 'lead_professional',
      ...date('startsOn', '2026-02-01'),
    });
    expect(other.statusCode).toBe(303);
  });

  it('shows both versions when the details changed since the form was opened', async () => {
    const first = browserClient(app);
    const second = browserClient(app);
    await first.signIn(admin);
    await second.signIn(admin);
    const mine = await first.get(`/children/${fatimas}/edit`);
    const theirs = await second.get(`/children/${fatimas}/edit`);
    const fields = (name: string) => ({
      caseId: 'TST-100003',
      name,
      ...date('dateOfBirth', '2018-05-04'),
      ...date('openedOn', '2025-01-06'),
    });
    expect(
      (
        await second.post(`/children/${fatimas}/edit`, {
          ...fields('Cara Quillmere-Smith'),
          version: hiddenField(theirs.body, 'version')!,
        })
      ).statusCode,
    ).toBe(303);

    const stale = await first.post(`/children/${fatimas}/edit`, {
      ...fields('Cara Quillmeres'),
      version: hiddenField(mine.body, 'version')!,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else has changed this child');
    expect(stale.body).toContain('Cara Quillmeres');
    expect(stale.body).toContain('Cara Quillmere-Smith');
    // Their version is in the form, ready to be sent again, dates as typed.
    expect(hiddenField(stale.body, 'dateOfBirth-day')).toBe('4');
    expect(hiddenField(stale.body, 'openedOn-month')).toBe('1');
    expect(hiddenField(stale.body, 'expectedDateOfBirth-year')).toBe('');
    const stored = await pool.query('SELECT name FROM child WHERE id = $1', [fatimas]);
    expect(stored.rows[0].name).toBe('Cara Quillmere-Smith');

    // Saving again from the conflict page applies the first person's changes.
    const again = await first.post(`/children/${fatimas}/edit`, {
      ...fields('Cara Quillmeres'),
      version: hiddenField(stale.body, 'version')!,
    });
    expect(again.statusCode).toBe(303);
    const saved = await pool.query('SELECT name FROM child WHERE id = $1', [fatimas]);
    expect(saved.rows[0].name).toBe('Cara Quillmeres');
  });

  it('moves the version on when an allocation of the child changes', async () => {
    const client = browserClient(app);
    await client.signIn(admin);
    const form = await client.get(`/children/${bens}/edit`);
    const version = hiddenField(form.body, 'version')!;
    await client.get(`/children/${bens}/flags/new`);
    expect(
      (
        await client.post(`/children/${bens}/flags/new`, {
          flag: 'most_concern',
          ...date('startsOn', '2026-11-01'),
        })
      ).statusCode,
    ).toBe(303);
    const after = await client.get(`/children/${bens}/edit`);
    expect(hiddenField(after.body, 'version')).not.toBe(version);
  });

  it('ends a status, a flag and an allocation, records an event, and reopens a closed child', async () => {
    const child = await insertChild(pool, { caseId: 'TST-500001', name: 'Gus Quillton' });
    await addStatus(pool, child, 'early_help', '2026-01-05');
    await allocate(pool, child, fatima, 'lead_professional', '2026-01-05');
    const client = browserClient(app);
    await client.signIn(admin);
    const url = `/children/${child}`;
    await client.get(`${url}/flags/new`);
    await client.post(`${url}/flags/new`, {
      flag: 'no_evolving_plan',
      ...date('startsOn', '2026-02-01'),
    });
    const page = await client.get(url);
    const ends = [...page.body.matchAll(/href="([^"]+\/end)"/g)].map((m) => m[1]);
    expect(ends).toEqual([
      `${url}/statuses/early_help/2026-01-05/end`,
      `${url}/flags/no_evolving_plan/2026-02-01/end`,
      `${url}/allocations/${fatima}/lead_professional/2026-01-05/end`,
    ]);
    for (const end of ends) {
      const form = await client.get(end!);
      expect(form.statusCode).toBe(200);
      const early = await client.post(end!, date('endsOn', '2025-12-31'));
      expect(early.statusCode).toBe(400);
      expect(errorSummary(early.body)[0]?.text).toMatch(
        /^End date must be the same as or after the start date/,
      );
      expect((await client.post(end!, date('endsOn', '2026-10-31'))).statusCode).toBe(303);
      // Once ended it cannot be ended again.
      expect((await client.get(end!)).statusCode).toBe(404);
    }
    await client.get(`${url}/events/new`);
    const event = await client.post(`${url}/events/new`, {
      kind: 'decision_making_meeting',
      ...date('occurredOn', '2026-11-02'),
    });
    expect(event.statusCode).toBe(303);
    const after = await client.get(url);
    expect(after.body).toContain('Decision-making meeting');
    expect(after.body).toContain('31 October 2026');
    expect(after.body).not.toMatch(/href="[^"]+\/end"/);

    // Closed, then reopened: what ended stays ended.
    const check = await client.get(`${url}/close/check?closedOn=2026-11-20`);
    expect(check.body).toContain('Nothing is open');
    await client.post(`${url}/close/check`, {
      closedOn: '2026-11-20',
      version: hiddenField(check.body, 'version')!,
    });
    // Something added to a closed child must have ended by the closing date.
    await client.get(`${url}/statuses/new`);
    const open = await client.post(`${url}/statuses/new`, {
      status: 'assessment',
      ...date('startsOn', '2026-11-01'),
    });
    expect(errorSummary(open.body)).toEqual([
      {
        text: "Enter the date the status ended: the child's involvement closed on 20 November 2026",
        href: '#endsOn-day',
      },
    ]);
    expect((await client.get(`${url}/reopen`)).statusCode).toBe(200);
    expect((await client.post(`${url}/reopen`, {})).statusCode).toBe(303);
    const reopened = await pool.query('SELECT closed_on FROM child WHERE id = $1', [child]);
    expect(reopened.rows[0].closed_on).toBeNull();
    const trail = await pool.query(
      `SELECT action FROM audit_event WHERE resource_id = $1 AND action <> 'child.viewed'
       ORDER BY id`,
      [child],
    );
    expect(trail.rows.map((row) => row.action)).toEqual([
      'child_flag.added',
      'child_status_episode.ended',
      'child_flag.ended',
      'child_allocation.ended',
      'child_event.added',
      'child.closed',
      'child.reopened',
    ]);
  });

  it('refuses to close a child before something still open started, and a stale confirmation', async () => {
    const child = await insertChild(pool, { caseId: 'TST-600001', name: 'Hal Quillway' });
    await addStatus(pool, child, 'assessment', '2026-10-01');
    const client = browserClient(app);
    await client.signIn(admin);
    const url = `/children/${child}`;
    await client.get(`${url}/close`);
    const early = await client.post(`${url}/close`, date('closedOn', '2026-09-30'));
    expect(errorSummary(early.body)).toEqual([
      {
        text: 'Closing date must be on or after 1 October 2026, when something still open started',
        href: '#closedOn-day',
      },
    ]);
    const future = await client.post(`${url}/close`, date('closedOn', '2026-12-01'));
    expect(errorSummary(future.body)[0]?.text).toBe('Closing date must be today or in the past');

    const check = await client.get(`${url}/close/check?closedOn=2026-11-01`);
    await addStatus(pool, child, 'child_in_need', '2026-10-15');
    await pool.query('UPDATE child SET updated_at = now() WHERE id = $1', [child]);
    const stale = await client.post(`${url}/close/check`, {
      closedOn: '2026-11-01',
      version: hiddenField(check.body, 'version')!,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('changed while you were checking');
    expect(stale.body).toContain('Child in need, from 15 October 2026');
    const still = await pool.query('SELECT closed_on FROM child WHERE id = $1', [child]);
    expect(still.rows[0].closed_on).toBeNull();
  });

  it('answers 404 for an unknown child or one of another organisation', async () => {
    const other = await pool.query(
      `INSERT INTO organisation (id, slug, name, policy_pack_id)
       VALUES (gen_random_uuid(), 'elsewhere', 'Elsewhere', 'systemic-4x4x4') RETURNING id`,
    );
    const { rows } = await pool.query(
      `INSERT INTO child (organisation_id, external_id, case_id, name, date_of_birth, opened_on)
       VALUES ($1, 'x1', 'X1', 'Hidden', '2015-01-01', '2025-01-01') RETURNING id`,
      [other.rows[0].id],
    );
    const client = browserClient(app);
    await client.signIn(admin);
    expect((await client.get(`/children/${rows[0].id}`)).statusCode).toBe(404);
    expect((await client.get('/children/00000000-0000-4000-8000-000000000000')).statusCode).toBe(
      404,
    );
    expect((await client.get('/children/not-an-id')).statusCode).toBe(404);
  });

  it('refuses a change without the form token', async () => {
    const client = browserClient(app);
    await client.signIn(admin);
    const response = await client.postRaw(`/children/${bens}/reopen`, {});
    expect(response.statusCode).toBe(403);
  });
});
