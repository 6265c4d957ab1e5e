import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { addDays, isoDateAt } from '../../src/domain/calendar/iso-date.ts';
import type { Caller } from '../../src/features/records/record-service.ts';
import { testApp } from '../support/app.ts';
import { expectNoAxeViolations, serve, sharedBrowser, signIn } from '../support/browser.ts';
import { allocate, insertChild } from '../support/children.ts';
import { OversightPage } from './pages/oversight-page.ts';

// Top-level so testApp's afterAll hooks (close the app, drop the database) attach to this file.
const { app, pool, services } = await testApp();
const baseURL = await serve(app);
const today = isoDateAt(new Date());

const jordan = (await pool.query(`SELECT id FROM staff_member WHERE external_id = 'sw-ait-1'`))
  .rows[0].id as string;
const child = await insertChild(pool, { caseId: 'PRINT-0001', name: 'Pia Printwell' });
await allocate(pool, child, jordan);

async function callerFor(email: string): Promise<Caller> {
  const user = (await services.repos.users.findByEmail(email))!;
  return { user, actor: await services.access.actorFor(user) };
}
const daniel = await callerFor('supervisor@northshire.example');
const jordanCaller = await callerFor('practitioner@northshire.example');

/** A note about Pia written, shared and (when Jordan signs too) locked, as the pages do it. */
async function agreedNote(kind: string, daysAgo: number, words: string) {
  const started = await services.records.start(daniel, {
    kind,
    staffId: jordan,
    childId: child,
    date: addDays(today, -daysAgo),
  });
  if (started.outcome !== 'saved') throw new Error(JSON.stringify(started));
  const answers =
    kind === 'management_oversight'
      ? { oversight: words, decisions: `${words} Nothing else is needed for now.` }
      : {
          'child-views.child-views': `${words} Pia says she likes her new school.`,
          worried: `${words} The worry is the missed health check.`,
          'working-well': `${words} Her aunt takes her to school every day.`,
          'needs-to-happen': `${words} The health check is rebooked.`,
          decisions: `${words} The plan stays as it is.`,
        };
  await services.records.save(daniel, started.id, { version: 1, revision: 1, answers });
  const { version } = await services.records.shareCheck(daniel, started.id);
  const shared = await services.records.share(daniel, started.id, version.revision);
  if (shared.outcome !== 'shared') throw new Error(JSON.stringify(shared));
  if (!shared.locked) await services.records.sign(jordanCaller, started.id, { decision: 'agree' });
}
await agreedNote('case_supervision', 30, 'First discussion.');
await agreedNote('management_oversight', 10, 'Oversight given.');

const browser = sharedBrowser();

async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.current.newContext({ baseURL, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(8_000);
  return page;
}

async function follow(page: Page, click: Promise<void>) {
  await Promise.all([page.waitForNavigation(), click]);
}

/** The computed style of the first element the selector finds, as the page lays it out. */
type Styles = { display: string; breakBefore: string };
const styleOf = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((element): Styles => {
      const scope = globalThis as unknown as { getComputedStyle: (e: unknown) => Styles };
      const { display, breakBefore } = scope.getComputedStyle(element);
      return { display, breakBefore };
    });

/** Whether the element is laid out at all (display: none hides it and all inside). */
const shown = async (page: Page, selector: string) =>
  (await styleOf(page, selector)).display !== 'none';

/** Stands in for the browser's print dialog, counting the times it is opened. */
type Printing = { print: () => void; printed: number };

describe('the child’s record of oversight in a browser', () => {
  test('read from the child’s page, printed from its print layout, without accessibility failures', async () => {
    const page = await newPage();
    const view = new OversightPage(page);
    await signIn(page, 'practitioner@northshire.example');
    await page.goto(`/children/${child}`);
    await follow(
      page,
      view.main.getByRole('link', { name: 'Read the record of oversight' }).click(),
    );
    expect(view.path).toBe(`/children/${child}/record`);
    expect(await view.heading.textContent()).toBe('Pia Printwell: record of oversight');
    const entries = view.main.locator('.app-child-record__entry h2');
    // Oldest first, each under its headline.
    expect(await entries.allTextContents()).toEqual([
      'Case supervision between Daniel Okafor and Jordan Ellis',
      expect.stringMatching(/^Management oversight – Jordan Ellis – \d{1,2} \w+ \d{4}$/),
    ]);
    await expectNoAxeViolations(page);

    // On paper: no navigation, nothing to press; the child and the printing day on the page,
    // and each note on a page of its own.
    await page.emulateMedia({ media: 'print' });
    expect(await shown(page, '.govuk-service-navigation')).toBe(false);
    expect(await shown(page, 'header')).toBe(false);
    expect(await shown(page, '.govuk-back-link')).toBe(false);
    expect(await page.getByRole('link', { name: 'Print this record' }).isVisible()).toBe(false);
    expect(
      await page.getByText(/^Printed from Oversight on .* by Jordan Ellis\.$/).isVisible(),
    ).toBe(true);
    expect((await styleOf(page, '.app-child-record__entry')).breakBefore).toBe('page');
    expect(
      await page
        .getByText('Pia Printwell, case PRINT-0001: record of oversight')
        .first()
        .isVisible(),
    ).toBe(true);
    await expectNoAxeViolations(page);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.getByText(/^Printed from Oversight on/).isVisible()).toBe(false);

    // The print layout: the record without the service's navigation; with JavaScript its
    // button opens the browser's print dialog.
    await follow(page, view.main.getByRole('link', { name: 'Print this record' }).click());
    expect(new URL(page.url()).search).toBe('?print=1');
    expect(await page.locator('.govuk-service-navigation').count()).toBe(0);
    expect(
      await page.getByText(/^Printed from Oversight on .* by Jordan Ellis\.$/).isVisible(),
    ).toBe(true);
    expect(await view.main.textContent()).toContain(
      'First discussion. The worry is the missed health check.',
    );
    await expectNoAxeViolations(page);
    const button = view.main.getByRole('button', { name: 'Print this record' });
    expect(await button.isVisible()).toBe(true);
    await page.evaluate(() => {
      const w = globalThis as unknown as Printing;
      w.printed = 0;
      w.print = () => {
        w.printed += 1;
      };
    });
    await button.click();
    expect(await page.evaluate(() => (globalThis as unknown as Printing).printed)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await button.isVisible()).toBe(false);
    await expectNoAxeViolations(page);
  });

  test('without JavaScript the print layout says how to print and shows no button', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await signIn(page, 'practitioner@northshire.example');
    await page.goto(`/children/${child}/record?print=1`);
    const view = new OversightPage(page);
    expect(await view.main.getByRole('button', { name: 'Print this record' }).isVisible()).toBe(
      false,
    );
    expect(await view.main.textContent()).toContain(
      'Use your browser’s print command to print this page.',
    );
  });
});
