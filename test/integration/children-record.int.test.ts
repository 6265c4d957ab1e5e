/**
 * The child's record of oversight (/children/:id/record): every agreed note that names the
 * child, oldest first, with its agreed version in full; notes not yet agreed listed without
 * their words; notes the reader may not open counted, never shown; one audit entry per view.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type MatrixRole, matrixCell, matrixRoles } from '../../src/domain/access/matrix.ts';
import type { Caller, DraftInput } from '../../src/features/records/record-service.ts';
import { govukDate } from '../../src/web/view-filters.ts';
import { testApp } from '../support/app.ts';
import { allocate, insertChild } from '../support/children.ts';
import { setUpScene, signIns } from './access-matrix-helpers.ts';
import { addAccount } from './agreements-helpers.ts';
import { accounts, daysFromToday, signedIn, staffIdOf, textOf } from './organisation-helpers.ts';

type Content = Pick<DraftInput, 'answers' | 'actions' | 'reviews'>;

describe('the child’s record of oversight', async () => {
  const { app, pool, services } = await testApp();
  const records = services.records;
  const jordan = await staffIdOf(pool, 'sw-ait-1');
  const ben = await staffIdOf(pool, 'sw-cp-1');
  const sarah = await staffIdOf(pool, 'tm-cp');
  await addAccount(pool, sarah, 'cp.manager@northshire.example', ['supervisor']);

  const child = await insertChild(pool, { caseId: 'FILE-0001', name: 'Ada Fileworth' });
  await allocate(pool, child, jordan);
  // A child of another team: a note about both is closed to those who cannot see this one.
  const otherChild = await insertChild(pool, { caseId: 'FILE-0002', name: 'Otto Elsewhere' });
  await allocate(pool, otherChild, ben);

  async function callerFor(email: string): Promise<Caller> {
    const user = await services.repos.users.findByEmail(email);
    if (!user) throw new Error(`no account ${email}`);
    return { user, actor: await services.access.actorFor(user) };
  }
  const daniel = await callerFor(accounts.supervisor);
  const jordanCaller = await callerFor(accounts.practitioner);
  const sarahCaller = await callerFor('cp.manager@northshire.example');

  /** Starts a note as the pages do and saves its words; returns its id. */
  async function written(
    by: Caller,
    start: { kind: string; staffId: string; childId: string; date: string },
    content: Content,
  ) {
    const started = await records.start(by, start);
    if (started.outcome !== 'saved') throw new Error(JSON.stringify(started));
    const saved = await records.save(by, started.id, { version: 1, revision: 1, ...content });
    if (saved.outcome !== 'saved') throw new Error(JSON.stringify(saved));
    return started.id;
  }
  async function share(by: Caller, id: string) {
    const { version } = await records.shareCheck(by, id);
    const result = await records.share(by, id, version.revision);
    if (result.outcome !== 'shared') throw new Error(JSON.stringify(result));
    return result.locked;
  }
  async function sign(by: Caller, id: string) {
    const result = await records.sign(by, id, { decision: 'agree' });
    if (result.outcome !== 'signed') throw new Error(JSON.stringify(result));
  }
  const caseWords = (tag: string): Content => ({
    answers: {
      'child-views.child-views': `${tag}: Ada says school is the best part of her week.`,
      worried: `${tag}: the worry is the missed dental appointments.`,
      'working-well': `${tag}: grandmother collects Ada every day and knows the plan.`,
      'needs-to-happen': `${tag}: the appointments are rebooked with help to get there.`,
      decisions: `${tag}: the plan stays as it is, because the family is working with it.`,
    },
  });

  // 1. Sixty days ago: case supervision, signed by both and locked, agreeing an action.
  const first = await written(
    daniel,
    { kind: 'case_supervision', staffId: jordan, childId: child, date: daysFromToday(-60) },
    {
      ...caseWords('FIRST-AGREED'),
      actions: [
        {
          key: 'dentist',
          description: 'Rebook the dentist with grandmother and offer transport',
          ownerId: jordan,
          dueOn: daysFromToday(-50),
          childId: child,
        },
      ],
    },
  );
  await share(daniel, first);
  await sign(jordanCaller, first);
  const dentist = (await services.repos.records.actionsOf(daniel.user.organisationId, first))[0]!;

  // 2. Forty days ago: management oversight, which only its author signs, reviewing that action.
  const oversight = await written(
    daniel,
    { kind: 'management_oversight', staffId: jordan, childId: child, date: daysFromToday(-40) },
    {
      answers: {
        oversight: 'OVERSIGHT-AGREED: the plan was read and the direction is to keep it.',
        decisions: 'OVERSIGHT-AGREED: no strategy discussion is needed on what we know.',
      },
      reviews: [
        { actionId: dentist.id, progress: 'Seen by the dentist on Tuesday.', outcome: 'completed' },
      ],
    },
  );
  expect(await share(daniel, oversight)).toBe(true);

  // 3. Twenty days ago: case supervision, locked, then amended; the amendment is being written.
  const amended = await written(
    daniel,
    { kind: 'case_supervision', staffId: jordan, childId: child, date: daysFromToday(-20) },
    caseWords('THIRD-V1'),
  );
  await share(daniel, amended);
  await sign(jordanCaller, amended);
  const amending = await records.amend(daniel, amended, 'Ada’s school asked for a correction');
  expect(amending.outcome).toBe('saved');
  const draftV2 = await records.save(daniel, amended, {
    version: 2,
    revision: (await records.current(daniel, amended))!.revision,
    ...caseWords('THIRD-V2'),
  });
  expect(draftV2.outcome).toBe('saved');

  // 4. Ten days ago: shared, waiting for Jordan's signature. 5. Five days ago: a draft.
  const awaiting = await written(
    daniel,
    { kind: 'case_supervision', staffId: jordan, childId: child, date: daysFromToday(-10) },
    caseWords('AWAITING-SIGNATURE'),
  );
  await share(daniel, awaiting);
  const draft = await written(
    daniel,
    { kind: 'case_supervision', staffId: jordan, childId: child, date: daysFromToday(-5) },
    caseWords('STILL-A-DRAFT'),
  );

  // 6. Thirty days ago: another team's note about Ben and both children, locked.
  const closed = await written(
    sarahCaller,
    {
      kind: 'management_oversight',
      staffId: ben,
      childId: otherChild,
      date: daysFromToday(-30),
    },
    {
      answers: {
        oversight: 'CLOSED-NOTE: about the other family.',
        decisions: 'CLOSED-NOTE: nothing here is Ada’s.',
      },
    },
  );
  await pool.query(
    `INSERT INTO record_child (organisation_id, record_id, child_id, position)
     VALUES ($1, $2, $3, 1)`,
    [daniel.user.organisationId, closed, child],
  );
  await share(sarahCaller, closed);

  // 7. Fifty days ago: a note written in another system, of which Oversight holds the dates.
  const imported = randomUUID();
  await pool.query(
    `INSERT INTO supervision_record (organisation_id, id, external_id, kind, meeting_date,
       author_id, on_child_record_on) VALUES ($1, $2::uuid, $2::text, 'case_supervision', $3, $4, $5)`,
    [
      daniel.user.organisationId,
      imported,
      daysFromToday(-50),
      daniel.actor.staffId,
      daysFromToday(-48),
    ],
  );
  await pool.query(
    `INSERT INTO record_child (organisation_id, record_id, child_id, position)
     VALUES ($1, $2, $3, 0)`,
    [daniel.user.organisationId, imported, child],
  );

  const url = `/children/${child}/record`;
  const headlineOf = async (id: string, version = 1) =>
    (
      await pool.query(
        'SELECT headline FROM record_version WHERE record_id = $1 AND version = $2',
        [id, version],
      )
    ).rows[0].headline as string;
  const trail = async () =>
    (
      await pool.query(
        `SELECT action, resource_type, resource_id, detail FROM audit_event
         WHERE action IN ('child.record_viewed', 'supervision_record.viewed') ORDER BY id`,
      )
    ).rows;

  it('lists every agreed note oldest first, each with its headline and its agreed words', async () => {
    const client = await signedIn(app, accounts.practitioner);
    const page = await client.get(url);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Ada Fileworth: record of oversight');
    expect(text).toContain('oldest first');
    // The notes in date order: sixty, fifty (another system), forty and twenty days ago.
    const order = [
      ...page.body.matchAll(/<section class="app-child-record__entry" id="record-([0-9a-f-]+)"/g),
    ].map((m) => m[1]);
    expect(order).toEqual([first, imported, oversight, amended]);
    for (const id of [first, oversight, amended]) expect(text).toContain(await headlineOf(id));
    expect(text).toContain('Case supervision, written in another system');

    // The agreed words, with sections, the action (what, who, by when) and its review.
    expect(text).toContain('FIRST-AGREED: the worry is the missed dental appointments.');
    expect(text).toContain('What are we worried about?');
    expect(text).toContain('Rebook the dentist with grandmother and offer transport');
    expect(text).toMatch(/Rebook the dentist .*Jordan Ellis/);
    expect(text).toContain('OVERSIGHT-AGREED: the plan was read');
    expect(text).toMatch(
      /Rebook the dentist with grandmother and offer transport Seen by the dentist on Tuesday\. Completed/,
    );
    // Signatures: both on a case supervision, the author alone on the oversight note.
    expect(text).toMatch(/Supervisee Signed by Jordan Ellis on/);
    expect(text).toMatch(/Supervisor Signed by Daniel Okafor on/);

    // The amended note: its latest agreed version, the amendment being written kept out.
    expect(text).toContain('THIRD-V1: grandmother collects Ada');
    expect(text).not.toContain('THIRD-V2');
    expect(text).toContain('A later version (version 2) is being written');
  });

  it('keeps notes not yet agreed off the record, listing them without their words', async () => {
    const client = await signedIn(app, accounts.supervisor);
    const text = textOf((await client.get(url)).body);
    expect(text).toContain('Not yet on the record');
    expect(text).not.toContain('AWAITING-SIGNATURE');
    expect(text).not.toContain('STILL-A-DRAFT');
    // Oldest first, with the state each is in.
    const pending = /Not yet on the record(.*)$/.exec(text)![1]!;
    expect(pending).toMatch(
      new RegExp(
        `${govukDate(daysFromToday(-10))} .*Waiting for signatures .*${govukDate(daysFromToday(-5))} .*Draft`,
      ),
    );
    // A draft is its writers' until it is shared: only its author is led to it.
    const page = await client.get(url);
    expect(page.body).toContain(`href="/records/${draft}"`);
    expect(page.body).toContain(`href="/records/${awaiting}"`);
    const jordanPage = await (await signedIn(app, accounts.practitioner)).get(url);
    expect(jordanPage.body).not.toContain(`href="/records/${draft}"`);
    expect(jordanPage.body).toContain(`href="/records/${awaiting}"`);
  });

  it('shows an amendment, once agreed, as a later version with its reason', async () => {
    await share(daniel, amended);
    await sign(jordanCaller, amended);
    const client = await signedIn(app, accounts.practitioner);
    const text = textOf((await client.get(url)).body);
    expect(text).toContain('THIRD-V2: grandmother collects Ada');
    expect(text).not.toContain('THIRD-V1');
    expect(text).toContain(
      'Amended: version 2 replaced version 1. The reason given: Ada’s school asked for a correction',
    );
    expect(text).not.toContain('A later version (version 2)');
  });

  it('counts a note the reader may not open, without its words', async () => {
    const client = await signedIn(app, accounts.practitioner);
    const text = textOf((await client.get(url)).body);
    expect(text).toContain('1 record you cannot see.');
    expect(text).not.toContain('CLOSED-NOTE');
    expect(text).not.toContain('Otto Elsewhere');
  });

  it('writes one audit entry per view naming the notes shown, and none for each note', async () => {
    const before = (await trail()).length;
    const client = await signedIn(app, accounts.practitioner);
    await client.get(url);
    await client.get(`${url}?print=1`);
    const entries = (await trail()).slice(before);
    expect(entries.map((e) => e.action)).toEqual(['child.record_viewed', 'child.record_viewed']);
    for (const [index, entry] of entries.entries()) {
      expect(entry).toMatchObject({ resource_type: 'child', resource_id: child });
      expect(entry.detail).toEqual({
        records: [
          { id: first, kind: 'case_supervision', version: 1 },
          { id: oversight, kind: 'management_oversight', version: 1 },
          { id: amended, kind: 'case_supervision', version: 2 },
        ],
        notShown: 1,
        print: index === 1,
      });
    }
  });

  it('has a print layout without the navigation, naming the child and the printing day', async () => {
    const client = await signedIn(app, accounts.practitioner);
    const normal = await client.get(url);
    expect(normal.headers['cache-control']).toBe('no-store');
    expect(normal.body).toContain('govuk-service-navigation');
    expect(normal.body).toContain(`href="${url}?print=1"`);
    const print = await client.get(`${url}?print=1`);
    expect(print.statusCode).toBe(200);
    expect(print.headers['cache-control']).toBe('no-store');
    expect(print.body).not.toContain('govuk-service-navigation');
    expect(print.body).not.toContain('govuk-back-link');
    expect(print.body).toContain('data-app-print');
    const text = textOf(print.body);
    expect(text).toMatch(/Printed from Oversight on \d{1,2} \w+ \d{4} by Jordan Ellis/);
    expect(text).toContain('Case management ID FILE-0001');
    expect(text).toContain('FIRST-AGREED');
  });

  it('is linked from the child’s page', async () => {
    const client = await signedIn(app, accounts.practitioner);
    expect((await client.get(`/children/${child}`)).body).toContain(`href="${url}"`);
  });

  it('is refused to someone who cannot see the child, and 404 for an unknown child', async () => {
    const before = (await trail()).length;
    const other = await signedIn(app, 'cp.manager@northshire.example');
    const refused = await other.get(url);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain('FIRST-AGREED');
    expect(refused.body).not.toContain('Ada Fileworth');
    const client = await signedIn(app, accounts.practitioner);
    expect((await client.get(`/children/${randomUUID()}/record`)).statusCode).toBe(404);
    expect((await client.get('/children/not-a-child/record')).statusCode).toBe(404);
    expect((await trail()).length).toBe(before);
    // Signed out: to the sign-in page.
    const anonymous = await app.inject({ method: 'GET', url });
    expect(anonymous.statusCode).toBe(303);
  });
});

/**
 * The access matrix's case-record cells (src/domain/access/matrix.ts) through this page: each
 * role, in its relationship to Jordan and as a stranger, opens the record of the child Jordan's
 * case supervision is about. Where the cell refuses viewing the case record its words never
 * show; where it allows and the person may see the child, they do.
 */
describe('the access matrix on the child’s record', async () => {
  const { app, pool, services } = await testApp();
  const scene = await setUpScene(pool);
  const jordan = await services.repos.users.findByEmail(accounts.practitioner);
  // The demo's case supervision waits for Jordan's signature: signed, it is on the record.
  const signed = await services.records.sign(
    { user: jordan!, actor: await services.access.actorFor(jordan!) },
    scene.caseRecord,
    { decision: 'agree' },
  );
  expect(signed).toMatchObject({ outcome: 'signed', locked: true });
  const childId = (
    await pool.query('SELECT child_id FROM record_child WHERE record_id = $1', [scene.caseRecord])
  ).rows[0].child_id as string;
  const words = 'Two health appointments missed since the review';

  const cases = (Object.keys(matrixRoles) as MatrixRole[]).flatMap((role) =>
    (['related', 'stranger'] as const).map((who) => {
      const cell = matrixCell(role, 'case_record', 'view');
      const allowed = cell.allowed === 'yes' || (cell.allowed === 'if' && who === 'related');
      return [
        `${role} (${who}): ${allowed ? 'may' : 'may not'} read it`,
        role,
        who,
        allowed,
      ] as const;
    }),
  );

  const outcomes: string[] = [];
  it.each(cases)('%s', async (name, role, who, allowed) => {
    const client = await signedIn(app, signIns[role][who]);
    const page = await client.get(`/children/${childId}/record`);
    outcomes.push(`${name}: ${page.statusCode}${page.body.includes(words) ? ', shown' : ''}`);
    if (!allowed) {
      expect(page.body).not.toContain(words);
      expect([200, 403]).toContain(page.statusCode);
    } else if (page.statusCode === 200) {
      expect(page.body).toContain(words);
    } else {
      // May read the note but not see the child (a grant for a person): the page is refused.
      expect(page.statusCode).toBe(403);
    }
  });

  it('shows the note to those the matrix allows and who see the child', () => {
    console.log(`child's record × access matrix:\n  ${outcomes.join('\n  ')}`);
    expect(outcomes.filter((o) => o.endsWith(', shown')).length).toBeGreaterThanOrEqual(3);
  });
});
