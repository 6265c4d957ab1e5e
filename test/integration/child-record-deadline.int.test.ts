/**
 * The pack's deadline for putting case supervision on the child's record (issue 12, item 7):
 * the demo organisation runs the systemic 4x4x4 pack, whose notes go on the child's record within
 * 5 working days (D02). Its obligation reads the day a note was acknowledged, so it is overdue
 * until the case management system takes the note and met from that day; a note the system
 * refuses reaches the record's author and the supervisee's supervisors.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { addDays, isoDateAt, workingCalendarForRegion } from '../../src/domain/calendar/index.ts';
import { testApp } from '../support/app.ts';
import {
  chooseWebhook,
  deliveriesOf,
  lockedCaseNote,
  onChildRecordOn,
  sharedCaseNote,
  sign,
  startReceiver,
  writers,
} from './child-record-helpers.ts';
import { accounts, signedIn, staffIdOf, today } from './organisation-helpers.ts';

const rule = 'case-notes-on-child-record-5-wd';
const calendar = workingCalendarForRegion('england-and-wales');

describe('the recording deadline for the child’s record', async () => {
  const { app, pool, services } = await testApp({
    env: { CHILD_RECORD_ALLOW_PRIVATE_WEBHOOKS: 'true' },
  });
  const who = await writers(services, pool);
  const organisationId = who.daniel.user.organisationId;
  const [ada, ben, cara] = who.children as [string, string, string];
  let secret = '';
  const receiver = await startReceiver(() => secret);
  afterAll(() => receiver.stop());
  const admin = await signedIn(app, accounts.admin);
  secret = (await chooseWebhook(admin, receiver.url)).secret!;
  const run = () => services.jobs.runDue(new Date(Date.now() + 1000));

  /** The record's obligation to be on the child's record, as the engine gives it on `asOf`. */
  const obligation = async (recordId: string, asOf: string) => {
    const { obligations } = await services.compliance.forOrganisation(organisationId, asOf);
    const found = obligations.filter((o) => o.recordId === recordId && o.rule.id === rule);
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  it('runs a pack with an on-the-child’s-record deadline', async () => {
    const { rows } = await pool.query('SELECT policy_pack_id FROM organisation');
    expect(rows).toEqual([{ policy_pack_id: 'systemic-4x4x4' }]);
  });

  it('is overdue until the note is acknowledged, and met (late) on the day it was', async () => {
    const meeting = calendar.subtractWorkingDays(today(), 10);
    const id = await lockedCaseNote(services, who, { childId: ada, date: meeting });
    const before = await obligation(id, today());
    expect(before).toMatchObject({
      kind: 'recording',
      state: 'overdue',
      dueDate: calendar.addWorkingDays(meeting, 5),
    });
    expect(before.metOn).toBeUndefined();

    await run();
    const [delivery] = await deliveriesOf(pool, id);
    expect(delivery).toMatchObject({ state: 'delivered', channel: 'webhook' });
    const acknowledgedOn = delivery!.acknowledged_on!;
    expect(await onChildRecordOn(pool, id)).toBe(acknowledgedOn);
    expect(await obligation(id, acknowledgedOn)).toMatchObject({
      state: 'met_late',
      metOn: acknowledgedOn,
      evidenceIds: [id],
    });
    // Replayed as of the day before, it had not happened yet.
    expect(await obligation(id, addDays(acknowledgedOn, -1))).toMatchObject({ state: 'overdue' });
  });

  it('is met when the note is taken within the 5 working days', async () => {
    const meeting = calendar.subtractWorkingDays(today(), 1);
    const id = await lockedCaseNote(services, who, { childId: ben, date: meeting });
    expect((await obligation(id, today())).state).toMatch(/^due/);
    await run();
    const acknowledgedOn = (await deliveriesOf(pool, id))[0]!.acknowledged_on!;
    expect(await obligation(id, acknowledgedOn)).toMatchObject({
      state: 'met',
      metOn: acknowledgedOn,
    });
  });

  it('tells the author and the supervisee’s supervisors when the note is refused, and stays overdue', async () => {
    // Priya Raman covers Jordan's supervision, beside Daniel (who also wrote the note).
    const priya = await staffIdOf(pool, 'om-north');
    await pool.query(
      `INSERT INTO supervisory_relationship (organisation_id, id, external_id, supervisee_id,
         supervisor_id, kind, starts_on)
       VALUES ($1, $2, 'child-record-cover', $3, $4, 'cover', current_date - 1)`,
      [organisationId, randomUUID(), who.jordanId, priya],
    );
    receiver.answer({ status: 400, body: 'Unknown note type' });
    const meeting = calendar.subtractWorkingDays(today(), 8);
    const id = await lockedCaseNote(services, who, { childId: cara, date: meeting });
    await run(); // the attempt, refused
    await run(); // the notice it queued
    expect((await deliveriesOf(pool, id))[0]).toMatchObject({ state: 'failed', last_status: 400 });

    const { rows: told } = await pool.query(
      `SELECT u.email, n.subject, n.link FROM notification n
       JOIN user_account u ON u.id = n.recipient_user_id
       WHERE n.kind = 'child_note_failed' ORDER BY u.email`,
    );
    expect(told).toEqual([
      {
        email: accounts.seniorManager,
        subject: 'A supervision note did not reach the child’s record',
        link: `/records/${id}`,
      },
      {
        email: accounts.supervisor,
        subject: 'A supervision note did not reach the child’s record',
        link: `/records/${id}`,
      },
    ]);
    // By email too: held for the outbox, as no SMTP server is set up here; no child is named.
    const { rows: emails } = await pool.query(
      `SELECT to_address, state, text_body FROM email_message
       WHERE subject = 'A supervision note did not reach the child’s record' ORDER BY to_address`,
    );
    expect(emails.map((e) => [e.to_address, e.state])).toEqual([
      [accounts.seniorManager, 'held'],
      [accounts.supervisor, 'held'],
    ]);
    const { rows: child } = await pool.query('SELECT name, case_id FROM child WHERE id = $1', [
      cara,
    ]);
    for (const email of emails) {
      expect(email.text_body).toContain('the case management system refused it (it answered 400)');
      if (child[0].name) expect(email.text_body).not.toContain(child[0].name);
      expect(email.text_body).not.toContain(child[0].case_id);
    }
    expect((await obligation(id, isoDateAt(new Date()))).state).toBe('overdue');
  });

  it('is on the child’s record only when every child’s note is: one refused keeps it overdue until tried again', async () => {
    const meeting = calendar.subtractWorkingDays(today(), 9);
    const id = await sharedCaseNote(services, who, {
      childId: ada,
      date: meeting,
      alsoChildIds: [ben],
    });
    await sign(services, who, id);
    receiver.answer({ status: 200 }, { status: 400, body: 'Unknown child' });
    await run();
    const deliveries = await deliveriesOf(pool, id);
    expect(deliveries.map((d) => d.state).sort()).toEqual(['delivered', 'failed']);
    expect(await onChildRecordOn(pool, id)).toBeNull();
    expect(await obligation(id, today())).toMatchObject({ state: 'overdue' });

    const refused = deliveries.find((d) => d.state === 'failed')!;
    const retried = await admin.post(
      `/organisation/child-record/deliveries/${refused.id}/try-again`,
      {},
    );
    expect(retried.statusCode).toBe(303);
    await run();
    const after = await deliveriesOf(pool, id);
    expect(after.map((d) => d.state)).toEqual(['delivered', 'delivered']);
    const latest = after
      .map((d) => d.acknowledged_on!)
      .sort()
      .at(-1)!;
    expect(await onChildRecordOn(pool, id)).toBe(latest);
    expect(await obligation(id, latest)).toMatchObject({ state: 'met_late', metOn: latest });
  });
});
