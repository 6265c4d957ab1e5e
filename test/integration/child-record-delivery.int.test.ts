/**
 * Notes on the child's record (issue 12): a delivery queued in the transaction that locks a
 * version, one per child; the delivery page for administrators; the daily export (the same file
 * until confirmed; confirming puts its notes on the child's record); and Oversight as the
 * child's record, where a note is acknowledged as it locks.
 */
import { describe, expect, it } from 'vitest';
import { dateToForm } from '../../src/web/forms.ts';
import { testApp } from '../support/app.ts';
import { csvRecords } from '../support/csv.ts';
import { ownerOf } from '../support/database.ts';
import {
  deliveriesOf,
  lockedCaseNote,
  onChildRecordOn,
  sharedCaseNote,
  sign,
  writers,
} from './child-record-helpers.ts';
import {
  accounts,
  daysFromToday,
  errorSummary,
  signedIn,
  textOf,
  today,
} from './organisation-helpers.ts';

const page = '/organisation/child-record';

describe('notes on the child’s record', async () => {
  const { app, pool, services } = await testApp();
  const who = await writers(services, pool);
  const [ada, ben, cara] = who.children as [string, string, string];
  const caseIdOf = async (childId: string) =>
    (await pool.query('SELECT case_id FROM child WHERE id = $1', [childId])).rows[0].case_id;
  const externalIdOf = async (childId: string) =>
    (await pool.query('SELECT external_id FROM child WHERE id = $1', [childId])).rows[0]
      .external_id;
  const childNoteJobs = async () =>
    (await pool.query("SELECT count(*)::int AS n FROM job WHERE kind = 'child_note'")).rows[0].n;

  it('queues one note for each child a record names when its version locks, and none before', async () => {
    const id = await sharedCaseNote(services, who, {
      childId: ada,
      date: daysFromToday(-2),
      alsoChildIds: [ben],
    });
    expect(await deliveriesOf(pool, id)).toEqual([]);
    await sign(services, who, id);
    const queued = await deliveriesOf(pool, id);
    expect(queued.map((d) => d.idempotency_key).sort()).toEqual(
      [`${id}.1.${ada}`, `${id}.1.${ben}`].sort(),
    );
    for (const d of queued)
      expect(d).toMatchObject({ version: 1, state: 'pending', channel: null, attempts: 0 });
    // Without a webhook there is nothing to send: the notes wait for the day's export.
    expect(await childNoteJobs()).toBe(0);
    expect(await onChildRecordOn(pool, id)).toBeNull();
  });

  it('queues nothing for records kept off the child’s record (the demo’s locked personal supervision)', async () => {
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM child_note_delivery d
       JOIN supervision_record r ON r.id = d.record_id WHERE r.kind = 'personal_supervision'`,
    );
    const locked = await pool.query(
      `SELECT count(*)::int AS n FROM record_version v JOIN supervision_record r ON r.id = v.record_id
       WHERE r.kind = 'personal_supervision' AND v.status = 'locked'`,
    );
    expect(locked.rows[0].n).toBeGreaterThan(0);
    expect(rows[0].n).toBe(0);
  });

  it('locks nothing when its note cannot be queued: the two are one transaction', async () => {
    const id = await sharedCaseNote(services, who, { childId: cara, date: daysFromToday(-1) });
    const owner = ownerOf(pool);
    await owner.query(`CREATE FUNCTION refuse_note() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the outbox is refusing notes'; END $$`);
    await owner.query(`CREATE TRIGGER refuse_note BEFORE INSERT ON child_note_delivery
      FOR EACH ROW EXECUTE FUNCTION refuse_note()`);
    try {
      await expect(sign(services, who, id)).rejects.toThrow('the outbox is refusing notes');
    } finally {
      await owner.query('DROP TRIGGER refuse_note ON child_note_delivery');
      await owner.query('DROP FUNCTION refuse_note()');
    }
    const { rows } = await pool.query(
      'SELECT status FROM record_version WHERE record_id = $1 AND version = 1',
      [id],
    );
    expect(rows[0].status).toBe('shared');
    await sign(services, who, id);
    expect((await deliveriesOf(pool, id)).map((d) => d.state)).toEqual(['pending']);
  });

  it('delivers an amendment as a note of its own version', async () => {
    const id = await lockedCaseNote(services, who, { childId: cara, date: daysFromToday(-3) });
    const amended = await services.records.amend(who.daniel, id, 'The decision was misworded');
    expect(amended.outcome).toBe('saved');
    const record = (await services.repos.records.find(who.daniel.user.organisationId, id))!;
    const draft = record.versions.at(-1)!;
    await services.records.save(who.daniel, id, {
      version: 2,
      revision: draft.revision,
      answers: { decisions: 'The plan stays at child in need, reviewed in four weeks.' },
      sectionIds: ['decisions'],
    });
    const { version } = await services.records.shareCheck(who.daniel, id);
    await services.records.share(who.daniel, id, version.revision);
    await sign(services, who, id);
    expect((await deliveriesOf(pool, id)).map((d) => [d.idempotency_key, d.state])).toEqual([
      [`${id}.1.${cara}`, 'pending'],
      [`${id}.2.${cara}`, 'pending'],
    ]);
  });

  it('shows the delivery page to administrators only', async () => {
    const supervisor = await signedIn(app, accounts.supervisor);
    expect((await supervisor.get(page)).statusCode).toBe(403);
    expect((await supervisor.get(`${page}/exports`)).statusCode).toBe(404);
    const admin = await signedIn(app, accounts.admin);
    const shown = await admin.get(page);
    expect(shown.statusCode).toBe(200);
    const text = textOf(shown.body);
    expect(text).toContain('Notes on the child’s record');
    expect(text).toMatch(/Waiting \d+/);
    expect(text).toContain(await caseIdOf(ada));
    expect(text).toContain('Case supervision');
  });

  it('refuses a webhook without a good address, naming the field, and saves nothing', async () => {
    const admin = await signedIn(app, accounts.admin);
    await admin.get(page);
    const cases: [Record<string, string>, string, string][] = [
      [{ mode: 'webhook', webhookUrl: '' }, 'Enter the webhook address', '#webhookUrl'],
      [
        { mode: 'webhook', webhookUrl: 'http://lcs.northshire.gov.uk/notes' },
        'The webhook address must start with https://',
        '#webhookUrl',
      ],
      [{ webhookUrl: '' }, 'Select how supervision notes reach the child’s record', '#mode'],
    ];
    for (const [form, message, href] of cases) {
      const refused = await admin.post(`${page}/link`, form);
      expect(refused.statusCode).toBe(400);
      expect(errorSummary(refused.body)).toEqual([{ text: message, href }]);
      expect(textOf(refused.body)).toContain(`Error: ${message}`);
    }
    expect((await services.repos.childRecord.link(who.daniel.user.organisationId)).mode).toBe(
      'export',
    );
  });

  it('exports the waiting notes as CSV, the same file until confirmed, then puts them on the child’s record', async () => {
    const admin = await signedIn(app, accounts.admin);
    await admin.get(page);
    const made = await admin.post(`${page}/exports`, {});
    expect(made.statusCode).toBe(303);
    expect(made.headers.location).toBe(`${page}?done=exported#exports`);
    const listed = await admin.get(String(made.headers.location));
    expect(textOf(listed.body)).toContain('Export made');
    const exportId = /exports\/([0-9a-f-]{36})\/download/.exec(listed.body)![1]!;
    const { rows: inExport } = await pool.query(
      'SELECT id, record_id, idempotency_key, version FROM child_note_delivery WHERE export_id = $1',
      [exportId],
    );
    expect(inExport.length).toBe(5);

    const download = await admin.get(`${page}/exports/${exportId}/download`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(download.headers['content-disposition']).toMatch(
      /^attachment; filename="child-record-notes-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.csv"$/,
    );
    const [header, ...rows] = csvRecords(download.body);
    expect(header).toEqual([
      'note_type',
      'note_date',
      'headline',
      'text',
      'author',
      'child_id',
      'case_id',
      'note_id',
      'version',
    ]);
    expect(rows).toHaveLength(5);
    const amendment = inExport.find((d) => d.version === 2)!;
    const row = rows.find((r) => r[7] === amendment.idempotency_key)!;
    expect(row[0]).toBe('Case supervision record');
    expect(row[1]).toBe(daysFromToday(-3));
    expect(row[2]).toMatch(/^Case supervision between Daniel Okafor/);
    expect(row[3]).toContain('Decisions and rationale');
    expect(row[3]).toContain('The plan stays at child in need, reviewed in four weeks.');
    expect(row[3]).toContain('What are we worried about?\nTwo health appointments missed');
    expect(row[4]).toBe('Daniel Okafor');
    // The child's id in the case management system (as its import and sync know them), then
    // their case number there.
    expect(row[5]).toBe(await externalIdOf(cara));
    expect(row[6]).toBe(await caseIdOf(cara));
    expect(row[5]).not.toBe(row[6]);
    expect(row[8]).toBe('2');

    // A note agreed after the export waits for the next one; the export stays the same file.
    const later = await lockedCaseNote(services, who, { childId: ada, date: today() });
    const again = await admin.get(`${page}/exports/${exportId}/download`);
    expect(again.body).toBe(download.body);

    await admin.get(page);
    const confirmed = await admin.post(
      `${page}/exports/${exportId}/confirm`,
      dateToForm('importedOn', today()),
    );
    expect(confirmed.headers.location).toBe(`${page}?done=confirmed#exports`);
    for (const { record_id: recordId } of inExport) {
      expect(await onChildRecordOn(pool, recordId)).toBe(today());
      for (const d of await deliveriesOf(pool, recordId))
        expect(d).toMatchObject({
          state: 'delivered',
          channel: 'export',
          acknowledged_on: today(),
        });
    }
    expect((await deliveriesOf(pool, later))[0]).toMatchObject({
      state: 'pending',
      export_id: null,
    });
    expect(
      (await admin.post(`${page}/exports/${exportId}/confirm`, dateToForm('importedOn', today())))
        .headers.location,
    ).toBe(`${page}?done=already-confirmed#exports`);

    const { rows: audit } = await pool.query(
      `SELECT action, resource_id, detail FROM audit_event
       WHERE action LIKE 'child_note%' ORDER BY id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'child_note_export.created',
      'child_note_export.downloaded',
      'child_note_export.downloaded',
      ...inExport
        .map((d) => d.record_id)
        .filter((r, i, all) => all.indexOf(r) === i)
        .map(() => 'child_note.acknowledged'),
      'child_note_export.confirmed',
    ]);
    expect(audit.find((a) => a.action === 'child_note.acknowledged')!.detail).toMatchObject({
      channel: 'export',
      acknowledgedOn: today(),
    });

    const next = await admin.post(`${page}/exports`, {});
    expect(next.headers.location).toBe(`${page}?done=exported#exports`);
    expect((await deliveriesOf(pool, later))[0]!.export_id).not.toBeNull();
    expect((await admin.post(`${page}/exports`, {})).headers.location).toBe(
      `${page}?done=nothing#exports`,
    );
  });

  it('acknowledges at once where Oversight is the child’s record: the waiting notes, then each as it locks', async () => {
    const waiting = await lockedCaseNote(services, who, { childId: ada, date: daysFromToday(-1) });
    const admin = await signedIn(app, accounts.admin);
    await admin.get(page);
    const saved = await admin.post(`${page}/link`, { mode: 'oversight', webhookUrl: '' });
    expect(saved.statusCode).toBe(303);
    expect(await deliveriesOf(pool, waiting)).toMatchObject([
      { state: 'delivered', channel: 'oversight', acknowledged_on: today() },
    ]);
    // The note in the export waiting for confirmation stays with it.
    const { rows: exported } = await pool.query(
      `SELECT state FROM child_note_delivery WHERE export_id IS NOT NULL
         AND export_id IN (SELECT id FROM child_note_export WHERE confirmed_on IS NULL)`,
    );
    expect(exported).toEqual([{ state: 'pending' }]);

    const id = await lockedCaseNote(services, who, { childId: ben, date: today() });
    expect(await deliveriesOf(pool, id)).toMatchObject([
      { state: 'delivered', channel: 'oversight', acknowledged_on: today() },
    ]);
    expect(await onChildRecordOn(pool, id)).toBe(today());
    expect(await childNoteJobs()).toBe(0);
    expect(textOf((await admin.get(`${page}?state=delivered`)).body)).toContain('in Oversight');
  });

  it('refuses to send to a loopback address unless internal webhooks are allowed, naming why', async () => {
    const admin = await signedIn(app, accounts.admin);
    await admin.get(page);
    const saved = await admin.post(`${page}/link`, {
      mode: 'webhook',
      webhookUrl: 'https://127.0.0.1:9/notes',
    });
    expect(saved.statusCode).toBe(200);
    const id = await lockedCaseNote(services, who, { childId: ben, date: today() });
    await services.jobs.runDue(new Date(Date.now() + 1000));
    expect((await deliveriesOf(pool, id))[0]).toMatchObject({
      state: 'pending',
      attempts: 1,
      last_status: null,
      last_error:
        "Could not connect: the webhook's address 127.0.0.1 is a private or local address, which Oversight does not send notes to unless CHILD_RECORD_ALLOW_PRIVATE_WEBHOOKS is set",
    });
  });
});
