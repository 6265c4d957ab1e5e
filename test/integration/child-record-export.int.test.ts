/**
 * The daily export's day (docs/child-record.md): made at 17:00 by the queue when notes are
 * waiting and the organisation exports, ready to download; discarded, freeing its notes for the
 * next export; confirmed imported on a date the administrator gives, which dates the notes.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar/index.ts';
import { zonedInstant } from '../../src/features/notifications/zoned-time.ts';
import { dateToForm } from '../../src/web/forms.ts';
import { testApp } from '../support/app.ts';
import { deliveriesOf, lockedCaseNote, onChildRecordOn, writers } from './child-record-helpers.ts';
import { accounts, errorSummary, signedIn, textOf, today } from './organisation-helpers.ts';

const page = '/organisation/child-record';

describe('the daily export', async () => {
  const { app, pool, services } = await testApp();
  const who = await writers(services, pool);
  const [ada, ben] = who.children as [string, string];
  const admin = await signedIn(app, accounts.admin);
  const exportIdOf = async (recordId: string) => (await deliveriesOf(pool, recordId))[0]!.export_id;

  it('is made at 17:00 when notes are waiting, once a day, and offered on the page', async () => {
    const id = await lockedCaseNote(services, who, { childId: ada, date: today() });
    const day = today();
    const fivePm = zonedInstant(day, '17:00');
    await services.jobs.schedule(new Date(fivePm.getTime() - 3_600_000));
    await services.jobs.runDue(new Date(fivePm.getTime() - 60_000));
    expect(await exportIdOf(id)).toBeNull();
    await services.jobs.runDue(fivePm);
    const exportId = await exportIdOf(id);
    expect(exportId).not.toBeNull();
    // Scheduled again the same day: no second export.
    await services.jobs.schedule(fivePm);
    await services.jobs.runDue(new Date(fivePm.getTime() + 60_000));
    const { rows } = await pool.query('SELECT created_on, created_by FROM child_note_export');
    expect(rows).toEqual([{ created_on: day, created_by: null }]);

    const shown = textOf((await admin.get(page)).body);
    expect(shown).toContain('Today’s export is ready: 1 note.');
    const file = await admin.get(`${page}/exports/${exportId}/download`);
    expect(file.body).toContain(`${id}.1.${ada}`);
  });

  it('discards an unconfirmed export, freeing its notes for the next one, audited', async () => {
    const id = await lockedCaseNote(services, who, { childId: ben, date: today() });
    await admin.get(page);
    const made = await admin.post(`${page}/exports`, {});
    expect(made.headers.location).toBe(`${page}?done=exported#exports`);
    const exportId = (await exportIdOf(id))!;
    const discarded = await admin.post(`${page}/exports/${exportId}/discard`, {});
    expect(discarded.headers.location).toBe(`${page}?done=discarded#exports`);
    expect((await deliveriesOf(pool, id))[0]).toMatchObject({ state: 'pending', export_id: null });
    const { rows: audit } = await pool.query(
      `SELECT actor_user_id IS NOT NULL AS by_someone, detail FROM audit_event
       WHERE action = 'child_note_export.discarded' AND resource_id = $1`,
      [exportId],
    );
    expect(audit).toEqual([
      { by_someone: true, detail: expect.objectContaining({ freed: expect.any(Number) }) },
    ]);
    // Discarded once is enough; and it cannot then be confirmed.
    expect((await admin.post(`${page}/exports/${exportId}/discard`, {})).headers.location).toBe(
      `${page}?done=already-confirmed#exports`,
    );
    const next = await admin.post(`${page}/exports`, {});
    expect(next.headers.location).toBe(`${page}?done=exported#exports`);
    expect(await exportIdOf(id)).not.toBe(exportId);
    expect(await exportIdOf(id)).not.toBeNull();
  });

  it('asks the date it was imported, refuses one before the export or in the future, and dates the notes on it', async () => {
    const id = await lockedCaseNote(services, who, { childId: ada, date: addDays(today(), -3) });
    // The export made two days ago.
    const made = await services.repos.childRecord.createExport(
      who.daniel.user.organisationId,
      addDays(today(), -2),
      { actorUserId: null, action: 'child_note_export.created' },
    );
    const exportId = made!.id;

    const form = await admin.get(`${page}/exports/${exportId}/confirm`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`value="${Number(today().slice(8))}"`);
    const refused: [string, string][] = [
      [addDays(today(), 1), 'The date it was imported must be today or in the past'],
      [
        addDays(today(), -3),
        'The date it was imported must be on or after the day the export was made',
      ],
    ];
    for (const [date, message] of refused) {
      const answer = await admin.post(
        `${page}/exports/${exportId}/confirm`,
        dateToForm('importedOn', date),
      );
      expect(answer.statusCode).toBe(400);
      expect(errorSummary(answer.body)).toEqual([{ text: message, href: '#importedOn-day' }]);
    }
    const empty = await admin.post(`${page}/exports/${exportId}/confirm`, {});
    expect(errorSummary(empty.body)).toEqual([
      { text: 'Enter the date the export was imported', href: '#importedOn-day' },
    ]);
    expect((await deliveriesOf(pool, id))[0]!.state).toBe('pending');

    const yesterday = addDays(today(), -1);
    const confirmed = await admin.post(
      `${page}/exports/${exportId}/confirm`,
      dateToForm('importedOn', yesterday),
    );
    expect(confirmed.headers.location).toBe(`${page}?done=confirmed#exports`);
    expect((await deliveriesOf(pool, id))[0]).toMatchObject({
      state: 'delivered',
      channel: 'export',
      acknowledged_on: yesterday,
    });
    expect(await onChildRecordOn(pool, id)).toBe(yesterday);
  });
});
