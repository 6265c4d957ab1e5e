import { expect, test } from 'vitest';
import { addDays, isoDateAt } from '../../../src/domain/calendar/iso-date.ts';
import { testApp } from '../../support/app.ts';
import { serve, sharedBrowser } from '../../support/browser.ts';
import { rowsOf } from '../pages/team-dashboard-page.ts';
import { Journey } from './journey.ts';

// Top-level so testApp's afterAll hooks (close the app, drop the database) attach to this file.
const { app, pool } = await testApp();
const baseURL = await serve(app);

const browser = sharedBrowser();

/**
 * Time passes until the grant has expired: its times move back together (the grant is
 * checked against the database's clock, so the test's own clock cannot age it).
 */
async function grantExpires(holderEmail: string) {
  const { rowCount } = await pool.query(
    `UPDATE access_grant g
     SET granted_at = g.granted_at - (g.expires_at - now() + interval '1 minute'),
         starts_at = g.starts_at - (g.expires_at - now() + interval '1 minute'),
         expires_at = now() - interval '1 minute'
     FROM user_account u WHERE u.id = g.holder_user_id AND u.email = $1`,
    [holderEmail],
  );
  expect(rowCount).toBe(1);
}

test('an inspector with a grant reads records, and is refused once the grant has expired', async () => {
  // The administrator gives the grant, until the end of next week.
  const adam = await Journey.start(browser.current, baseURL);
  await adam.signIn('admin@northshire.example');
  await adam.follow(() =>
    adam.page
      .locator('.govuk-service-navigation')
      .getByRole('link', { name: 'Organisation' })
      .click(),
  );
  await adam.click('View access grants');
  await adam.click('Grant access', 'button');
  const form = adam.page;
  await form
    .getByLabel('Who is it for?')
    .selectOption({ label: 'Jo Bright (inspector) (inspector@northshire.example)' });
  await form.getByRole('radio', { name: 'A person' }).check();
  await form
    .getByLabel('If it opens a person, who?')
    .selectOption({ label: 'Jordan Ellis, Assessment and Intervention Team North' });
  await form.getByLabel('Reason').fill('Ofsted ILACS inspection, fieldwork week: case tracking');
  const [year, month, day] = addDays(isoDateAt(new Date()), 7).split('-');
  await form.locator('#expiresOn-day').fill(String(Number(day)));
  await form.locator('#expiresOn-month').fill(String(Number(month)));
  await form.locator('#expiresOn-year').fill(year!);
  await form.getByLabel('Expiry time').fill('17:00');
  await adam.click('Grant access', 'button');
  expect(await adam.text()).toContain('Access granted');
  const live = await rowsOf(adam.view.main.getByRole('table').first());
  expect(live).toEqual([
    expect.objectContaining({ Holder: 'Jo Bright (inspector)', Opens: 'A person: Jordan Ellis' }),
  ]);

  // The inspector reads what the grant opens.
  const jo = await Journey.start(browser.current, baseURL);
  await jo.signIn('inspector@northshire.example');
  expect(await jo.text()).toContain('Records you have been granted access to');
  await jo.click('Jordan Ellis');
  expect(await jo.heading()).toBe('Access to Jordan Ellis');
  expect(await jo.text()).toContain('Ofsted ILACS inspection, fieldwork week: case tracking');
  const records = await rowsOf(jo.view.main.getByRole('table').first());
  const locked = records.find((row) => row.Kind === 'Personal supervision');
  expect(locked).toBeDefined();
  await jo.click(locked!.Record!);
  expect(await jo.heading()).toBe(locked!.Record);
  expect(await jo.text()).toContain('Signatures');
  const record = new URL(jo.page.url()).pathname;

  // The grant expires; the very next look at the same record is refused.
  await grantExpires('inspector@northshire.example');
  const refused = await jo.goto(record);
  expect(refused?.status()).toBe(403);
  expect(await jo.heading()).toBe('You do not have access to this page');
  expect(await jo.text()).not.toContain('Signatures');
  await jo.follow(() => jo.view.main.getByRole('link', { name: 'Go to the home page' }).click());
  expect(await jo.text()).not.toContain('Jordan Ellis');

  expect(adam.visited).toEqual([
    '/sign-in',
    '/',
    '/organisation',
    '/organisation/access-grants',
    '/organisation/access-grants/new',
    '/organisation/access-grants',
  ]);
  expect(jo.visited).toEqual(['/sign-in', '/', '/grants/:id', '/records/:id', '/records/:id', '/']);
});
