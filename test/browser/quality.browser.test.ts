import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testApp } from '../support/app.ts';
import { expectNoAxeViolations, launchBrowser, serve, signIn } from '../support/browser.ts';
import { OversightPage } from './pages/oversight-page.ts';

// Top-level so testApp's afterAll hooks (close the app, drop the database) attach to this file.
const { app } = await testApp();
const baseURL = await serve(app);

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  page.setDefaultTimeout(8_000);
  return page;
}

/** Clicks and waits for the page the click leads to. */
async function follow(page: Page, click: Promise<void>) {
  await Promise.all([page.waitForNavigation(), click]);
}

describe('quality assurance in a browser', () => {
  test('an auditor draws a sample, completes an audit and records the feedback', async () => {
    const page = await newPage();
    const view = new OversightPage(page);
    await signIn(page, 'auditor@northshire.example');

    await follow(page, page.getByRole('link', { name: 'Audits', exact: true }).click());
    expect(await view.heading.textContent()).toBe('Audits of supervision');
    await expectNoAxeViolations(page);

    await follow(page, view.main.getByRole('link', { name: 'Sampling plans and draws' }).click());
    await expectNoAxeViolations(page);
    await follow(
      page,
      view.main
        .getByRole('button', { name: /Draw this period’s sample for Richard Haworth/ })
        .first()
        .click(),
    );
    expect(await view.main.textContent()).toContain('The picks match the seed and pool');
    await expectNoAxeViolations(page);

    await follow(
      page,
      view.main
        .getByRole('link', { name: /^Open the audit/ })
        .first()
        .click(),
    );
    await expectNoAxeViolations(page);

    // Completing with nothing answered: every dimension is named in the error summary.
    await follow(page, view.main.getByRole('button', { name: 'Complete the audit' }).click());
    const summary = await view.errorSummary.textContent();
    expect(summary).toContain('Purpose');
    expect(summary).toContain('Local policies and procedures');
    expect(summary).toContain('Enter a summary of findings');
    await expectNoAxeViolations(page);

    for (const radio of await view.main.getByRole('radio', { name: 'Good', exact: true }).all())
      await radio.check();
    await page
      .getByLabel('Summary of findings')
      .fill('Clear purpose; the child’s voice is strong.');
    await follow(page, view.main.getByRole('button', { name: 'Complete the audit' }).click());
    expect(await view.main.textContent()).toContain('Completed');
    await expectNoAxeViolations(page);

    await page
      .getByLabel(/Feedback given to Daniel Okafor/)
      .fill('- Purpose clear\n- Keep recording views');
    await follow(page, view.main.getByRole('button', { name: 'Record feedback given' }).click());
    expect(await view.main.textContent()).toContain('Feedback given');
    await expectNoAxeViolations(page);
  });

  test('a practitioner gives feedback on their supervision; QA reads the annual report', async () => {
    const page = await newPage();
    const view = new OversightPage(page);
    await signIn(page, 'practitioner@northshire.example');
    await page.goto('/feedback');
    await expectNoAxeViolations(page);
    await follow(
      page,
      view.main
        .getByRole('link', { name: /Give feedback/ })
        .first()
        .click(),
    );
    await expectNoAxeViolations(page);
    // Sent with nothing chosen: the summary names the statements to answer.
    await follow(page, view.main.getByRole('button', { name: 'Send your feedback' }).click());
    expect(await view.errorSummary.textContent()).toContain('Select how far you agree');
    await expectNoAxeViolations(page);

    const qa = await newPage();
    const qaView = new OversightPage(qa);
    await signIn(qa, 'auditor@northshire.example');
    await qa.goto('/feedback/results');
    await expectNoAxeViolations(qa);
    await qa.goto('/reports/annual-supervision');
    expect(await qaView.heading.textContent()).toContain('Annual supervision report');
    await expectNoAxeViolations(qa);
    await qa.goto('/reports/annual-supervision?view=print');
    expect(await qa.locator('.govuk-service-navigation').count()).toBe(0);
    await expectNoAxeViolations(qa);
  });

  test('an administrator adds an audit tool, with a named error first', async () => {
    const page = await newPage();
    const view = new OversightPage(page);
    await signIn(page, 'admin@northshire.example');
    await page.goto('/organisation/audit-tools');
    await expectNoAxeViolations(page);
    await page.goto('/organisation/audit-tools/new');
    await expectNoAxeViolations(page);
    await page.getByLabel('Name', { exact: true }).fill('Case file check');
    await page.getByLabel('Supervision records').check();
    await page
      .getByLabel('Questions', { exact: true })
      .fill('## Planning\nIs there a clear plan? [scale]');
    await follow(page, view.main.getByRole('button', { name: /Add/ }).first().click());
    expect(await view.errorSummary.textContent()).toContain('Line 2');
    await expectNoAxeViolations(page);
    await page
      .getByLabel('Questions', { exact: true })
      .fill('## Planning\nIs there a clear plan? [yes/no] +findings');
    await follow(page, view.main.getByRole('button', { name: /Add/ }).first().click());
    expect(await view.main.textContent()).toContain('Case file check');
    await expectNoAxeViolations(page);
  });
});
