/**
 * An administrator's journey: Adam Fletcher uploads a staff file from HR with a mistake in it,
 * reads the report (the line and the column of the problem, nothing imported), corrects the file,
 * checks what it will change and imports it; the new person is then on the staff list. Every
 * page passes axe and reflows at 320 px (journey.ts).
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { testApp } from '../../support/app.ts';
import { serve, sharedBrowser } from '../../support/browser.ts';
import { Journey } from './journey.ts';

// Top-level so testApp's afterAll hooks (close the app, drop the database) attach to this file.
const { app } = await testApp();
const baseURL = await serve(app);

const browser = sharedBrowser();

/** HR's export: two new social workers for the Assessment and Intervention Team North. */
const staffFile = (secondStartDate: string) =>
  [
    'Employee Number,Name,Email,Job Title,Role,Team,Line Manager,Case Holding,Hours,Start Date',
    'sw-ait-8,Sam Okoro,sam.okoro@northshire.example,Social Worker,social_worker,ait-north,tm-ait,yes,37,01/12/2026',
    `sw-ait-9,Ayesha Begum,ayesha.begum@northshire.example,Social Worker,social_worker,ait-north,tm-ait,yes,30,${secondStartDate}`,
  ].join('\r\n');

/** The import page checks the file in the background and reloads itself when it is done. */
const checked = (page: Page) => () =>
  expect
    .poll(() => page.locator('[data-import-state]').getAttribute('data-import-state'), {
      timeout: 20_000,
    })
    .toMatch(/^(rejected|checked|imported)$/);

test('an administrator imports a staff file, corrects a mistake the report names, and imports it', async () => {
  const adam = await Journey.start(browser.current, baseURL);
  const { page, view } = adam;
  await adam.signIn('admin@northshire.example');

  await adam.follow(() =>
    page.locator('.govuk-service-navigation').getByRole('link', { name: 'Organisation' }).click(),
  );
  await adam.click('Import organisation data');
  expect(await adam.heading()).toBe('Import staff and children');
  const upload = async (content: string) => {
    await page
      .getByLabel('Upload a file')
      .setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(content) });
    await adam.follow(
      () => view.main.getByRole('button', { name: 'Upload and check' }).click(),
      checked(page),
    );
  };

  // A date written the American way: the report names the line and the column.
  await upload(staffFile('12-31-2026'));
  expect(await adam.heading()).toBe('staff.csv was not imported');
  const problems = (await view.errorSummary.locator('li').allTextContents()).map((p) => p.trim());
  expect(problems).toEqual([
    expect.stringMatching(/^Line 3, start_date: '12-31-2026' is not a date/),
  ]);
  expect(await adam.text()).toContain(
    'Nothing has been imported. Correct the file and upload it again.',
  );

  // Corrected and uploaded again: checked, with what it will change, then imported.
  await adam.click('Upload a corrected file');
  await upload(staffFile('31/12/2026'));
  expect(await adam.heading()).toBe('Check what staff.csv will change');
  const changes = view.main.getByRole('table', { name: 'What the file changes' });
  expect(await changes.textContent()).toMatch(/Staff\s*2\s*0\s*\d+/);
  await adam.follow(
    () => view.main.getByRole('button', { name: 'Import these changes' }).click(),
    checked(page),
  );
  expect(await adam.heading()).toBe('staff.csv has been imported');
  expect(await page.locator('.govuk-panel').textContent()).toContain('Import complete');

  // The new people are on the staff list.
  await adam.follow(() =>
    page.locator('.govuk-service-navigation').getByRole('link', { name: 'Organisation' }).click(),
  );
  await adam.click('View staff');
  await page.locator('#q').fill('Ayesha');
  await adam.click('Apply filters', 'button');
  const found = await view.main.locator('tbody tr').allInnerTexts();
  expect(found.map((row) => row.replace(/\s+/g, ' '))).toEqual([
    'Ayesha Begum Social Worker Assessment and Intervention Team North Daniel Okafor',
  ]);

  expect(adam.visited).toEqual([
    '/sign-in',
    '/',
    '/organisation',
    '/organisation/import',
    '/organisation/import/:id',
    '/organisation/import',
    '/organisation/import/:id',
    '/organisation/import/:id',
    '/organisation',
    '/staff',
    '/staff',
  ]);
});
