/**
 * Notes sent to a webhook (issue 12), against a real node:http receiver that checks each
 * signature and stores notes by their idempotency key: the signing secret shown once; a note
 * sent as its version locks and acknowledged on the job's date; the receiver down, slow, or
 * answering 500 then 200 (tried again with backoff, one note stored); a refusal failed at once,
 * told to the author and the supervisor, and tried again from the page; the whole schedule, up
 * to giving up after about a day.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isoDateAt } from '../../src/domain/calendar/iso-date.ts';
import { attemptSchedule, maxAttempts } from '../../src/domain/child-record/delivery.ts';
import { verifySignature } from '../../src/domain/child-record/signature.ts';
import { childRecordJobs } from '../../src/features/child-record/child-record-jobs.ts';
import { notificationJobs } from '../../src/features/notifications/notification-jobs.ts';
import { jobQueue } from '../../src/services/jobs/job-queue.ts';
import { dateToForm } from '../../src/web/forms.ts';
import { testApp } from '../support/app.ts';
import { ownerOf } from '../support/database.ts';
import {
  chooseWebhook,
  deliveriesOf,
  deliveryJobs,
  lockedCaseNote,
  onChildRecordOn,
  sharedCaseNote,
  sign,
  startReceiver,
  writers,
} from './child-record-helpers.ts';
import { accounts, daysFromToday, signedIn, textOf, today } from './organisation-helpers.ts';

const page = '/organisation/child-record';
const seconds = (n: number) => n * 1000;

describe('notes sent to the case management system’s webhook', async () => {
  const { app, pool, services, clock } = await testApp({
    env: { CHILD_RECORD_ALLOW_PRIVATE_WEBHOOKS: 'true' },
  });
  const who = await writers(services, pool);
  const [ada, ben, cara] = who.children as [string, string, string];
  let secret = '';
  const receiver = await startReceiver(() => secret);
  afterAll(() => receiver.stop());
  const admin = await signedIn(app, accounts.admin);
  /** A moment after the wall clock: jobs queued by the database's now() are due. */
  const soon = () => new Date(Date.now() + seconds(1));
  /** Runs the jobs due at `now`, the app's clock showing `now` too (their answers come then). */
  const run = (now: Date) => {
    clock.now = now;
    return services.jobs.runDue(now);
  };
  const caseIdOf = async (childId: string) =>
    (await pool.query('SELECT case_id FROM child WHERE id = $1', [childId])).rows[0].case_id;

  it('makes a signing secret when the webhook is chosen, shows it once, and sends the notes waiting', async () => {
    const waiting = await lockedCaseNote(services, who, { childId: ada, date: daysFromToday(-4) });
    expect(await deliveryJobs(pool, (await deliveriesOf(pool, waiting))[0]!.id)).toEqual([]);

    const chosen = await chooseWebhook(admin, receiver.url);
    expect(chosen.status).toBe(200);
    expect(chosen.cacheControl).toBe('no-store');
    secret = chosen.secret!;
    expect(secret).toMatch(/^whsec_/);
    const again = await admin.get(page);
    expect(again.body).not.toContain('whsec_');
    expect(textOf(again.body)).toContain('It was shown once, when it was made.');
    // Saved again with the same choice: no new secret, and none shown.
    const resaved = await admin.post(`${page}/link`, { mode: 'webhook', webhookUrl: receiver.url });
    expect(resaved.statusCode).toBe(303);

    const rotated = await admin.post(`${page}/secret`, {});
    const fresh = /whsec_[A-Za-z0-9_-]{43}/.exec(rotated.body)![0];
    expect(fresh).not.toBe(secret);
    expect(rotated.headers['cache-control']).toBe('no-store');
    const replaced = secret;
    secret = fresh;
    const { rows: audit } = await pool.query(
      `SELECT action, detail::text FROM audit_event WHERE action LIKE 'child_record.%' ORDER BY id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'child_record.link_saved',
      'child_record.link_saved',
      'child_record.secret_rotated',
    ]);
    for (const a of audit) expect(a.detail).not.toContain('whsec_');

    // Choosing the webhook queued the note that was waiting for an export.
    await run(soon());
    expect(receiver.requests.map((r) => [r.key, r.signature])).toEqual([
      [`${waiting}.1.${ada}`, 'valid'],
    ]);
    expect((await deliveriesOf(pool, waiting))[0]).toMatchObject({ state: 'delivered' });
    // For a day the replaced secret signs beside the new one: a receiver still holding it
    // accepts the note too. Then it signs no more.
    const [sent] = receiver.requests;
    expect(sent!.header!.match(/v1=/g)).toHaveLength(2);
    const nowSeconds = Math.floor(Date.now() / 1000);
    expect(verifySignature(sent!.header, replaced, sent!.raw, nowSeconds)).toBe('valid');
    const organisationId = who.daniel.user.organisationId;
    expect(await services.repos.childRecord.webhook(organisationId)).toMatchObject({
      secret: fresh,
      previousSecret: replaced,
    });
    await ownerOf(pool).query(
      `UPDATE child_record_link SET previous_secret_until = now() - interval '1 second'`,
    );
    expect(await services.repos.childRecord.webhook(organisationId)).toMatchObject({
      secret: fresh,
      previousSecret: null,
    });
  });

  it('sends a note as its version locks: signed JSON under its idempotency key, acknowledged on the day it was answered', async () => {
    const id = await lockedCaseNote(services, who, { childId: ben, date: daysFromToday(-2) });
    const [delivery] = await deliveriesOf(pool, id);
    expect(await deliveryJobs(pool, delivery!.id)).toMatchObject([{ state: 'pending' }]);
    // The queue's run is for a day and more on, but the answer comes now (the app's clock,
    // which signs the request too): the clock dates the acknowledgement.
    const later = new Date(Date.now() + seconds(26 * 3600));
    const answeredAt = new Date();
    clock.now = answeredAt;
    await services.jobs.runDue(later);
    const sent = receiver.requests.at(-1)!;
    expect(sent).toMatchObject({
      key: `${id}.1.${ben}`,
      signature: 'valid',
      contentType: 'application/json',
    });
    expect(sent.note).toEqual({
      id: `${id}.1.${ben}`,
      recordId: id,
      version: 1,
      child: {
        id: ben,
        externalId: (await pool.query('SELECT external_id FROM child WHERE id = $1', [ben])).rows[0]
          .external_id,
        caseId: await caseIdOf(ben),
      },
      noteType: 'Case supervision record',
      date: daysFromToday(-2),
      headline: expect.stringMatching(/^Case supervision between Daniel Okafor/),
      text: expect.stringContaining('What are we worried about?\nTwo health appointments'),
      author: 'Daniel Okafor',
      agreedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      link: `/records/${id}/versions/1`,
    });
    expect(Object.keys(JSON.parse(sent.raw))).toEqual([
      'id',
      'recordId',
      'version',
      'child',
      'noteType',
      'date',
      'headline',
      'text',
      'author',
      'agreedAt',
      'link',
    ]);
    const acknowledgedOn = isoDateAt(answeredAt, 'Europe/London');
    expect(acknowledgedOn).not.toBe(isoDateAt(later, 'Europe/London'));
    expect((await deliveriesOf(pool, id))[0]).toMatchObject({
      state: 'delivered',
      channel: 'webhook',
      acknowledged_on: acknowledgedOn,
      attempts: 1,
      last_status: 200,
    });
    expect(await onChildRecordOn(pool, id)).toBe(acknowledgedOn);
    const { rows: audit } = await pool.query(
      `SELECT actor_user_id, detail FROM audit_event
       WHERE action = 'child_note.acknowledged' AND resource_id = $1`,
      [id],
    );
    expect(audit).toEqual([
      {
        actor_user_id: null,
        detail: { channel: 'webhook', acknowledgedOn, notes: [`${id}.1.${ben}`] },
      },
    ]);

    // Its worker dies after the acknowledgement, before marking the job done: the job is run
    // again once its lease runs out, and sends nothing.
    const sentBefore = receiver.requests.length;
    const [job] = await deliveryJobs(pool, delivery!.id);
    await pool.query(
      `UPDATE job SET state = 'running', locked_until = now() - interval '1 second' WHERE id = $1`,
      [job!.id],
    );
    await run(soon());
    expect((await deliveryJobs(pool, delivery!.id))[0]).toMatchObject({
      state: 'done',
      attempts: 2,
    });
    expect(receiver.requests.length).toBe(sentBefore);
  });

  it('keeps trying a receiver that is down, 30 seconds and then a minute later, and delivers once when it is up', async () => {
    await receiver.stop();
    const id = await lockedCaseNote(services, who, { childId: cara, date: today() });
    const [delivery] = await deliveriesOf(pool, id);
    const start = soon();
    await run(start);
    expect((await deliveriesOf(pool, id))[0]).toMatchObject({
      state: 'pending',
      attempts: 1,
      last_status: null,
      last_error: 'Could not connect: ECONNREFUSED',
    });
    const jobs = await deliveryJobs(pool, delivery!.id);
    expect(jobs.map((j) => [j.state, j.run_at.getTime() - start.getTime()])).toEqual([
      ['done', jobs[0]!.run_at.getTime() - start.getTime()],
      ['pending', seconds(30)],
    ]);
    // Not before its time.
    await run(new Date(start.getTime() + seconds(29)));
    expect((await deliveriesOf(pool, id))[0]!.attempts).toBe(1);
    await run(new Date(start.getTime() + seconds(30)));
    expect((await deliveriesOf(pool, id))[0]!.attempts).toBe(2);
    expect((await deliveryJobs(pool, delivery!.id)).at(-1)!.run_at.getTime()).toBe(
      start.getTime() + seconds(90),
    );

    await receiver.start();
    const before = receiver.requests.length;
    await run(new Date(start.getTime() + seconds(90)));
    expect((await deliveriesOf(pool, id))[0]).toMatchObject({ state: 'delivered', attempts: 3 });
    expect(receiver.requests.slice(before).map((r) => r.key)).toEqual([`${id}.1.${cara}`]);
    expect(receiver.stored.has(`${id}.1.${cara}`)).toBe(true);
  });

  it('tries again after a 500, and the receiver keeps one note from the two requests', async () => {
    receiver.answer({ status: 500, body: 'database unavailable' });
    const id = await lockedCaseNote(services, who, { childId: ada, date: today() });
    const key = `${id}.1.${ada}`;
    const start = soon();
    await run(start);
    expect((await deliveriesOf(pool, id))[0]).toMatchObject({
      state: 'pending',
      last_status: 500,
      last_error: 'Answered 500: database unavailable',
    });
    await run(new Date(start.getTime() + seconds(30)));
    expect((await deliveriesOf(pool, id))[0]).toMatchObject({ state: 'delivered', attempts: 2 });
    const sent = receiver.requests.filter((r) => r.key === key);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.raw).toBe(sent[0]!.raw);
    expect([...receiver.stored.keys()].filter((k) => k === key)).toHaveLength(1);
  });

  it('tries again after no answer in time, and the receiver that was slow keeps one note', async () => {
    // The app's own jobs with a shorter wait for an answer than the 10 seconds, so the test
    // need not wait 10 seconds for the receiver to be too slow.
    const impatient = jobQueue(services.repos.jobs, {
      ...notificationJobs(services.repos, {
        compliance: services.compliance,
        settings: {
          baseUrl: undefined,
          organizer: { name: 'Oversight', email: 'oversight@localhost' },
          mailer: undefined,
        },
      }).handlers,
      ...childRecordJobs(services.repos, {
        baseUrl: undefined,
        clock: clock.clock,
        timeoutMs: 300,
        allowPrivateWebhooks: true,
      }).handlers,
    });
    receiver.answer({ status: 200, delayMs: 1_500 });
    const id = await lockedCaseNote(services, who, { childId: ben, date: today() });
    const key = `${id}.1.${ben}`;
    const start = soon();
    clock.now = start;
    await impatient.runDue(start);
    expect((await deliveriesOf(pool, id))[0]).toMatchObject({
      state: 'pending',
      attempts: 1,
      last_error: 'No answer within 0.3 seconds',
    });
    // The receiver took the note all the same; the second request is the same note.
    expect(receiver.stored.has(key)).toBe(true);
    clock.now = new Date(start.getTime() + seconds(30));
    await impatient.runDue(clock.now);
    expect((await deliveriesOf(pool, id))[0]).toMatchObject({ state: 'delivered', attempts: 2 });
    expect(receiver.requests.filter((r) => r.key === key)).toHaveLength(2);
    expect([...receiver.stored.keys()].filter((k) => k === key)).toHaveLength(1);
  });

  it('fails at once when the receiver refuses a note, tells the author and the supervisor, and sends it again from the page', async () => {
    receiver.answer({ status: 422, body: '{"error": "no such child in LCS"}' });
    const id = await lockedCaseNote(services, who, { childId: cara, date: today() });
    await run(soon());
    const [failed] = await deliveriesOf(pool, id);
    expect(failed).toMatchObject({
      state: 'failed',
      attempts: 1,
      last_status: 422,
      last_error: 'Answered 422: {"error": "no such child in LCS"}',
    });
    expect(await deliveryJobs(pool, failed!.id)).toHaveLength(1);
    // The notice ran in the same queue: Daniel wrote it and supervises Jordan.
    await run(soon());
    const { rows: told } = await pool.query(
      `SELECT u.email, n.subject, n.body, n.link FROM notification n
       JOIN user_account u ON u.id = n.recipient_user_id WHERE n.kind = 'child_note_failed'`,
    );
    expect(told).toEqual([
      {
        email: accounts.supervisor,
        subject: 'A supervision note did not reach the child’s record',
        body: expect.stringContaining(
          'could not be added to the child’s record: the case management system refused it (it answered 422).',
        ),
        link: `/records/${id}`,
      },
    ]);

    const failedPage = await admin.get(`${page}?state=failed`);
    expect(textOf(failedPage.body)).toContain('Answered 422: {"error": "no such child in LCS"}');
    const retried = await admin.post(`${page}/deliveries/${failed!.id}/try-again`, {});
    expect(retried.headers.location).toBe(`${page}?done=retried`);
    expect((await deliveriesOf(pool, id))[0]).toMatchObject({
      state: 'pending',
      round: 2,
      attempts: 0,
    });
    await run(soon());
    expect((await deliveriesOf(pool, id))[0]).toMatchObject({ state: 'delivered', attempts: 1 });
    expect(receiver.stored.has(`${id}.1.${cara}`)).toBe(true);
    // Trying again a note that is no longer failed changes nothing.
    const late = await admin.post(`${page}/deliveries/${failed!.id}/try-again`, {});
    expect(late.headers.location).toBe(`${page}?done=already`);
  });

  it('tries 31 times over about a day, on the schedule, then fails and tells', async () => {
    await receiver.stop();
    const id = await lockedCaseNote(services, who, { childId: ada, date: daysFromToday(-1) });
    const [delivery] = await deliveriesOf(pool, id);
    const start = soon();
    const at: number[] = [];
    let now = start;
    for (let n = 0; n < maxAttempts + 1; n += 1) {
      await run(now);
      at.push((now.getTime() - start.getTime()) / 1000);
      const pending = (await deliveryJobs(pool, delivery!.id)).find((j) => j.state === 'pending');
      if (!pending) break;
      now = pending.run_at;
    }
    console.log(`attempts at (seconds after the first): ${at.join(', ')}`);
    expect(at).toEqual(attemptSchedule());
    expect((await deliveriesOf(pool, id))[0]).toMatchObject({
      state: 'failed',
      attempts: maxAttempts,
      last_error: 'Could not connect: ECONNREFUSED',
    });
    await run(now);
    const { rows } = await pool.query(
      `SELECT n.body FROM notification n WHERE n.kind = 'child_note_failed' AND n.link = $1`,
      [`/records/${id}`],
    );
    expect(rows).toEqual([
      { body: expect.stringContaining('it was sent 31 times over about a day and never taken') },
    ]);
    await receiver.start();
  });

  it('fails and tells when the receiver refuses with a NUL byte in its answer, keeping the answer without it', async () => {
    receiver.answer({ status: 400, body: 'no such\u0000 child\u0007' });
    const id = await lockedCaseNote(services, who, { childId: ben, date: today() });
    await run(soon());
    const [failed] = await deliveriesOf(pool, id);
    expect(failed).toMatchObject({
      state: 'failed',
      attempts: 1,
      last_status: 400,
      last_error: 'Answered 400: no such child',
    });
    await run(soon());
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM notification WHERE kind = 'child_note_failed' AND link = $1`,
      [`/records/${id}`],
    );
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('dates an attempt by the clock when the answer came, not by when the queue’s run began', async () => {
    const id = await lockedCaseNote(services, who, { childId: cara, date: today() });
    const began = soon();
    const answeredAt = new Date(began.getTime() + seconds(50 * 3600));
    // The run began at `began`; by the answer the clock reads two days on.
    clock.now = answeredAt;
    await services.jobs.runDue(began);
    const { rows } = await pool.query(
      `SELECT state, acknowledged_on, last_attempt_at FROM child_note_delivery WHERE record_id = $1`,
      [id],
    );
    expect(rows).toEqual([
      {
        state: 'delivered',
        acknowledged_on: isoDateAt(answeredAt, 'Europe/London'),
        last_attempt_at: answeredAt,
      },
    ]);
  });

  it('puts a note in exactly one place when an export is made while its attempt is in flight', async () => {
    const id = await lockedCaseNote(services, who, { childId: ada, date: today() });
    const key = `${id}.1.${ada}`;
    let arrived = () => {};
    const inFlight = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let answer = () => {};
    const until = new Promise<void>((resolve) => {
      answer = resolve;
    });
    receiver.answer({ status: 200, arrived, until });
    const running = run(soon());
    await inFlight;
    // While the receiver holds the request, the administrator moves to the export and makes one.
    const moved = await admin.post(`${page}/link`, { mode: 'export', webhookUrl: '' });
    expect(moved.statusCode).toBe(303);
    const made = await admin.post(`${page}/exports`, {});
    expect(made.headers.location).toBe(`${page}?done=exported#exports`);
    answer();
    await running;

    const [delivery] = await deliveriesOf(pool, id);
    expect(delivery).toMatchObject({ state: 'pending', channel: null, attempts: 0 });
    expect(delivery!.export_id).not.toBeNull();
    const file = await admin.get(`${page}/exports/${delivery!.export_id}/download`);
    expect(file.body.split(key)).toHaveLength(2);
    const confirmed = await admin.post(
      `${page}/exports/${delivery!.export_id}/confirm`,
      dateToForm('importedOn', today()),
    );
    expect(confirmed.statusCode).toBe(303);
    expect((await deliveriesOf(pool, id))[0]).toMatchObject({
      state: 'delivered',
      channel: 'export',
    });
    // Back to the webhook for any test after this one.
    await admin.post(`${page}/link`, { mode: 'webhook', webhookUrl: receiver.url });
  });

  it('sends a signed test note from the page, shows the answer, audits it and keeps no delivery', async () => {
    const deliveries = async () =>
      (await pool.query('SELECT count(*)::int AS n FROM child_note_delivery')).rows[0].n;
    const before = await deliveries();
    const sent = await admin.post(`${page}/test`, {});
    expect(sent.statusCode).toBe(200);
    expect(textOf(sent.body)).toContain('The webhook answered 200: it took the test note.');
    const request = receiver.requests.at(-1)!;
    expect(request.signature).toBe('valid');
    expect(JSON.parse(request.raw)).toMatchObject({
      test: true,
      id: expect.stringMatching(/^test\./),
    });

    // A receiver without the new secret yet refuses it: the page says so.
    receiver.answer({ status: 401, body: 'bad signature' });
    const refused = await admin.post(`${page}/test`, {});
    expect(textOf(refused.body)).toContain(
      'The webhook did not take the test note. Answered 401: bad signature',
    );
    expect(await deliveries()).toBe(before);
    const { rows } = await pool.query(
      `SELECT detail FROM audit_event WHERE action = 'child_record.test_sent' ORDER BY id`,
    );
    expect(rows.map((r) => r.detail.status)).toEqual([200, 401]);
  });

  it('tries again all failed notes from one button, saying how many, audited once', async () => {
    receiver.answer({ status: 422, body: 'no' }, { status: 422, body: 'no' });
    const first = await lockedCaseNote(services, who, { childId: ada, date: today() });
    const second = await lockedCaseNote(services, who, { childId: ben, date: today() });
    await run(soon());
    for (const id of [first, second])
      expect((await deliveriesOf(pool, id))[0]).toMatchObject({ state: 'failed' });
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM child_note_delivery WHERE state = 'failed'`,
    );
    const failed = rows[0].n as number;
    await admin.get(page);
    const retried = await admin.post(`${page}/try-again`, {});
    expect(retried.headers.location).toBe(`${page}?done=retried-all&count=${failed}`);
    const shown = await admin.get(String(retried.headers.location));
    expect(textOf(shown.body)).toContain(`${failed} failed notes will be sent again`);
    const { rows: audit } = await pool.query(
      `SELECT detail FROM audit_event WHERE action = 'child_note.try_again_all'`,
    );
    expect(audit).toEqual([{ detail: expect.objectContaining({ notes: failed }) }]);
    await run(soon());
    for (const id of [first, second])
      expect((await deliveriesOf(pool, id))[0]).toMatchObject({ state: 'delivered', round: 2 });
  });

  it('fails and tells, rather than leaving it waiting, when a note cannot be made', async () => {
    const id = await sharedCaseNote(services, who, { childId: cara, date: today() });
    await sign(services, who, id);
    // A version whose template no longer reads (a damaged row): no note can be made from it.
    // (As the database's owner, with triggers off, as damage would be.)
    const client = await ownerOf(pool).connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query(
        `UPDATE record_version SET template = '{"title": "Broken"}'::jsonb WHERE record_id = $1`,
        [id],
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    await run(soon());
    const [delivery] = await deliveriesOf(pool, id);
    expect(delivery).toMatchObject({ state: 'failed', attempts: 1 });
    expect(delivery!.last_error).toMatch(/^The note could not be made: /);
    await run(soon());
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM notification WHERE kind = 'child_note_failed' AND link = $1`,
      [`/records/${id}`],
    );
    expect(rows[0].n).toBeGreaterThan(0);
  });
});
