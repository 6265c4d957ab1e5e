/**
 * The administrators' audit log: the trail newest first, filtered, paged and exported as CSV;
 * reading and exporting it are on the trail too, and no one else may open it.
 */
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEvent } from '../../src/data-access/audit-log-repository.ts';
import { testApp } from '../support/app.ts';
import { csvRecords } from '../support/csv.ts';
import { accounts, dateFields, errorSummary, signedIn, userIdOf } from './organisation-helpers.ts';

describe('audit log', () => {
  let app: Awaited<ReturnType<typeof testApp>>['app'];
  let pool: pg.Pool;
  let recordId: string;

  beforeAll(async () => {
    ({ app, pool } = await testApp());
    recordId = (
      await pool.query(
        `SELECT r.id FROM supervision_record r WHERE EXISTS (SELECT 1 FROM record_version v
           WHERE v.record_id = r.id) ORDER BY r.meeting_date DESC LIMIT 1`,
      )
    ).rows[0].id;
    // The supervisor reads the record twice: two views on the trail to find.
    const supervisor = await signedIn(app, accounts.supervisor);
    for (const _ of [1, 2]) await supervisor.get(`/records/${recordId}`);
    // Enough events for a second page.
    const organisationId = (await pool.query('SELECT id FROM organisation')).rows[0].id;
    for (let i = 0; i < 60; i++)
      await appendAuditEvent(pool, {
        organisationId,
        actorUserId: null,
        action: 'test.noted',
        resourceType: 'test_thing',
        resourceId: `thing-${i}`,
      });
  });

  it('refuses the log and its export to everyone but administrators', async () => {
    for (const email of [
      accounts.supervisor,
      accounts.seniorManager,
      'auditor@northshire.example',
    ]) {
      const client = await signedIn(app, email);
      expect((await client.get('/organisation/audit-log')).statusCode, email).toBe(403);
      expect((await client.get('/organisation/audit-log?format=csv')).statusCode, email).toBe(403);
    }
  });

  it('shows the trail newest first, filtered by record and action, and logs the reading', async () => {
    const admin = await signedIn(app, accounts.admin);
    const all = await admin.get('/organisation/audit-log');
    expect(all.statusCode).toBe(200);
    const sequences = [...all.body.matchAll(/<td class="govuk-table__cell">(\d+)<\/td>/g)].map(
      (m) => Number(m[1]),
    );
    expect(sequences.length).toBe(50);
    expect(sequences).toEqual([...sequences].sort((a, b) => b - a));
    const nextHref = /href="(\/organisation\/audit-log\?page=2&amp;upTo=\d+)"/.exec(all.body)?.[1];
    expect(nextHref).toBeDefined();
    const second = await admin.get(nextHref!.replaceAll('&amp;', '&'));
    const next = [...second.body.matchAll(/<td class="govuk-table__cell">(\d+)<\/td>/g)].map((m) =>
      Number(m[1]),
    );
    expect(Math.max(...next)).toBeLessThan(Math.min(...sequences));

    const supervisorId = await userIdOf(pool, accounts.supervisor);
    const filtered = await admin.get(
      `/organisation/audit-log?resourceId=${recordId}&action=view&actor=${supervisorId}`,
    );
    expect(filtered.body).toContain('Showing 1 to 2 of 2 events');
    expect(filtered.body).toContain('Daniel Okafor');
    expect(filtered.body).toContain(`href="/records/${recordId}"`);

    const { rows } = await pool.query(
      `SELECT detail FROM audit_event WHERE action = 'audit_log.viewed'
         AND actor_user_id = $1 ORDER BY id DESC LIMIT 1`,
      [await userIdOf(pool, accounts.admin)],
    );
    expect(rows[0].detail.filters).toEqual({
      resourceId: recordId,
      action: 'view',
      actor: supervisorId,
    });
  });

  it('filters by dates, and names a date that is not one', async () => {
    const admin = await signedIn(app, accounts.admin);
    const future = new URLSearchParams(dateFields('from', '2099-01-01')).toString();
    expect((await admin.get(`/organisation/audit-log?${future}`)).body).toContain(
      'No events match these filters',
    );
    const bad = await admin.get(
      `/organisation/audit-log?${new URLSearchParams(dateFields('to', '2026-02-30'))}`,
    );
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual([
      { text: 'To date must be a real date', href: '#to-day' },
    ]);
  });

  it('exports the filtered trail as CSV, and logs the export', async () => {
    const admin = await signedIn(app, accounts.admin);
    const response = await admin.get(
      `/organisation/audit-log?format=csv&resourceId=${recordId}&action=viewed`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const [header, ...rows] = csvRecords(response.body);
    expect(header).toEqual([
      'Sequence',
      'When (UTC)',
      'Who',
      'Email',
      'User id',
      'Action',
      'Record type',
      'Record id',
      'Detail',
      'Request id',
    ]);
    expect(rows.length).toBe(2);
    for (const row of rows) {
      expect(row[1]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(row.slice(2, 8)).toEqual([
        'Daniel Okafor',
        accounts.supervisor,
        await userIdOf(pool, accounts.supervisor),
        'supervision_record.viewed',
        'supervision_record',
        recordId,
      ]);
    }
    expect(Number(rows[0]![0])).toBeGreaterThan(Number(rows[1]![0]));
    const { rows: logged } = await pool.query(
      `SELECT detail FROM audit_event WHERE action = 'audit_log.exported' ORDER BY id DESC LIMIT 1`,
    );
    expect(logged[0].detail).toMatchObject({ rows: 2 });
  });
});
