import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { browserClient, testApp } from '../support/app.ts';

const { app, pool, services } = await testApp();
const fixture = (name: string) => readFile(`test/fixtures/import/${name}`, 'utf8');

async function admin() {
  const client = browserClient(app);
  await client.signIn('admin@northshire.example');
  await client.get('/organisation/import');
  return client;
}

async function uploaded(
  client: Awaited<ReturnType<typeof admin>>,
  name: string,
  content: string,
  kind = 'auto',
) {
  const response = await client.upload('/organisation/import', { kind }, { name, content });
  expect(response.statusCode).toBe(303);
  await services.importJobs.idle();
  return {
    location: response.headers.location as string,
    page: await client.get(response.headers.location as string),
  };
}

describe('the import page', () => {
  it('checks an upload, shows what it will change, and imports it only when confirmed', async () => {
    const client = await admin();
    const { location, page } = await uploaded(
      client,
      'org-units.csv',
      await fixture('org-units.csv'),
    );
    expect(page.body).toContain('Check what org-units.csv will change');
    expect(page.body).toMatch(/Services, areas and teams<\/th>\s*<td[^>]*>4<\/td>/);
    const before = await pool.query(
      "SELECT count(*)::int AS n FROM org_unit WHERE external_id = 'T-ASSESS'",
    );
    expect(before.rows[0].n).toBe(0);

    await client.post(`${location}/confirm`, {});
    await services.importJobs.idle();
    const done = await client.get(location);
    expect(done.body).toContain('Import complete');
    const after = await pool.query(
      "SELECT count(*)::int AS n FROM org_unit WHERE external_id = 'T-ASSESS'",
    );
    expect(after.rows[0].n).toBe(1);
    const audit = await pool.query(
      "SELECT detail FROM audit_event WHERE action = 'organisation_data.imported' ORDER BY id DESC LIMIT 1",
    );
    expect(audit.rows[0].detail.changes.orgUnits).toEqual({ added: 4, changed: 0, unchanged: 11 });
  });

  it('lists every problem with its line and column, and imports nothing', async () => {
    const client = await admin();
    const { page } = await uploaded(client, 'staff.csv', await fixture('staff-errors.csv'));
    expect(page.body).toContain('There is a problem with staff.csv');
    expect(page.body).toContain(
      'Line 4, start_date: &#39;03-01-2024&#39; is not a date: use YYYY-MM-DD or DD/MM/YYYY',
    );
    expect(page.body).toContain('Nothing has been imported');
    const staff = await pool.query(
      "SELECT count(*)::int AS n FROM staff_member WHERE external_id IN ('E200', 'E202')",
    );
    expect(staff.rows[0].n).toBe(0);
  });

  it('asks for a file, and for its kind when the name does not tell', async () => {
    const client = await admin();
    const none = await client.upload('/organisation/import', { kind: 'auto' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Select a file to import');
    await client.get('/organisation/import');
    const unnamed = await client.upload(
      '/organisation/import',
      { kind: 'auto' },
      { name: 'export-2026.csv', content: 'a,b\n1,2\n' },
    );
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.body).toContain('Select what the file holds');
  });

  it('refuses an upload without the form’s security token before reading the file', async () => {
    const client = await admin();
    const response = await client.upload(
      '/organisation/import',
      { kind: 'staff' },
      { name: 'staff.csv', content: 'x' },
      '',
    );
    expect(response.statusCode).toBe(403);
    expect(
      await pool
        .query('SELECT 1 FROM import_job WHERE file_name = $1', ['no-token.csv'])
        .then((r) => r.rowCount),
    ).toBe(0);
  });

  it('offers a template for each kind of file', async () => {
    const client = await admin();
    const template = await client.get('/organisation/import/templates/staff.csv');
    expect(template.headers['content-type']).toMatch(/^text\/csv/);
    expect(template.body.split('\r\n')[0]).toMatch(/^staff_id,name,email,job_title,role_category,/);
  });

  it('is for administrators only', async () => {
    const client = browserClient(app);
    await client.signIn('supervisor@northshire.example');
    expect((await client.get('/organisation/import')).statusCode).toBe(403);
    expect((await client.get('/organisation/export/bundle.json')).statusCode).toBe(403);
  });
});

describe('the export download', () => {
  it('downloads the organisation as a bundle and records the download in the audit log', async () => {
    const client = await admin();
    const response = await client.get('/organisation/export/bundle.json');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="northshire-bundle.json"',
    );
    const bundle = JSON.parse(response.body);
    expect(bundle.organisation).toMatchObject({ id: 'northshire', policy: 'systemic-4x4x4' });
    expect(bundle.staff.length).toBeGreaterThan(30);
    const audit = await pool.query(
      "SELECT count(*)::int AS n FROM audit_event WHERE action = 'organisation_data.exported'",
    );
    expect(audit.rows[0].n).toBe(1);
  });
});
