import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testApp } from '../support/app.ts';
import { expectNoAxeViolations, launchBrowser, serve, signIn } from '../support/browser.ts';
import { OversightPage } from './pages/oversight-page.ts';

// Top-level so testApp's afterAll hooks (close the app, drop the database) attach to this file.
const { app, pool } = await testApp();
const baseURL = await serve(app);
const staffId = async (externalId: string) =>
  (await pool.query('SELECT id FROM staff_member WHERE external_id = $1', [externalId])).rows[0]
    .id as string;
const jordan = await staffId('sw-ait-1');

let browser: Browser;

async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(8_000);
  return page;
}

/** Clicks and waits for the page the click leads to. */
async function follow(page: Page, click: Promise<void>) {
  await Promise.all([page.waitForNavigation(), click]);
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('supervision agreements in a browser', () => {
  test('the supervisor drafts and signs, then the supervisee signs without JavaScript', async () => {
    const page = await newPage();
    const view = new OversightPage(page);
    await signIn(page, 'supervisor@northshire.example');

    // From Jordan's staff page to his agreements.
    await page.goto(`/staff/${jordan}`);
    await follow(page, view.main.getByRole('link', { name: 'Supervision agreements' }).click());
    expect(await view.heading.textContent()).toBe('Supervision agreements for Jordan Ellis');
    await expectNoAxeViolations(page);
    await follow(
      page,
      view.main
        .getByRole('link', { name: /View the agreement between Jordan Ellis and Daniel Okafor/ })
        .click(),
    );
    expect(await view.heading.textContent()).toBe('Jordan Ellis and Daniel Okafor');
    await expectNoAxeViolations(page);

    // A draft on the pack's template.
    await follow(page, view.main.getByRole('button', { name: 'Start the agreement' }).click());
    expect(await view.heading.textContent()).toBe("Children's Services Supervision Agreement");
    expect(await view.main.textContent()).toContain(
      'Supervision should take place at least once every calendar month',
    );
    await expectNoAxeViolations(page);

    // Sending it empty shows what is missing, each linked to its field.
    await follow(
      page,
      view.main.getByRole('button', { name: 'Save and send for signature' }).click(),
    );
    expect(await page.title()).toMatch(/^Error: /);
    expect(await view.errorSummary.getByRole('link').allTextContents()).toEqual([
      'Enter an answer to “What I would find helpful from you as my supervisor and what I will contribute as a practitioner”',
      'Enter an answer to “What I would find helpful from you as the practitioner and what I will contribute as a supervisor”',
      'Enter how often you will meet for one-to-one supervision',
    ]);
    await expectNoAxeViolations(page);
    await view.errorSummary
      .getByRole('link', { name: 'Enter how often you will meet for one-to-one supervision' })
      .click();
    await expect.poll(() => view.focused.getAttribute('id')).toBe('frequencyCount');

    // Less often than the policy allows, then properly.
    await page.locator('#frequencyCount').fill('6');
    await page.locator('#frequencyUnit').selectOption('weeks');
    await page
      .getByLabel(
        'What I would find helpful from you as my supervisor and what I will contribute as a practitioner:',
      )
      .fill('Space to think out loud about my cases.');
    await page
      .getByLabel(
        'What I would find helpful from you as the practitioner and what I will contribute as a supervisor:',
      )
      .fill('Notes from last time; I will keep the time free.');
    await follow(
      page,
      view.main.getByRole('button', { name: 'Save and send for signature' }).click(),
    );
    expect(await view.errorSummary.getByRole('link').allTextContents()).toEqual([
      'Agreed frequency must be at least as often as the policy’s minimum for Jordan Ellis, which is at least once every calendar month. Every 6 weeks is less often',
    ]);
    // What was typed is kept.
    expect(
      await page
        .getByLabel(
          'What I would find helpful from you as my supervisor and what I will contribute as a practitioner:',
        )
        .inputValue(),
    ).toBe('Space to think out loud about my cases.');
    await expectNoAxeViolations(page);
    await page.locator('#frequencyCount').fill('4');
    await follow(
      page,
      view.main.getByRole('button', { name: 'Save and send for signature' }).click(),
    );
    expect(await view.main.textContent()).toContain('Sent for signature');
    expect(await view.main.textContent()).toContain('One-to-one supervision every 4 weeks');
    await expectNoAxeViolations(page);

    // The supervisor signs.
    await follow(page, view.main.getByRole('button', { name: 'Sign the agreement' }).click());
    expect(await view.heading.textContent()).toBe('Sign the agreement');
    await expectNoAxeViolations(page);
    await follow(page, view.main.getByRole('button', { name: 'Sign as the supervisor' }).click());
    expect(await view.errorSummary.getByRole('link').allTextContents()).toEqual([
      'Confirm that you have read and agree to this agreement',
    ]);
    await expectNoAxeViolations(page);
    await page.getByLabel('I have read and agree to this agreement.').check();
    await follow(page, view.main.getByRole('button', { name: 'Sign as the supervisor' }).click());
    expect(await view.main.textContent()).toContain('You have signed');
    expect(await view.main.textContent()).toContain('Signed by Daniel Okafor on');
    await expectNoAxeViolations(page);
    const agreementPath = view.path;

    // The supervisee signs from their own account, with JavaScript off (axe needs JavaScript,
    // so the pages the supervisee sees are checked in the supervisor's browser below).
    const own = await newPage({ javaScriptEnabled: false });
    const theirs = new OversightPage(own);
    await signIn(own, 'practitioner@northshire.example');
    await own.goto('/agreements');
    expect(await theirs.heading.textContent()).toBe('Supervision agreements');
    await follow(
      own,
      theirs.main
        .getByRole('link', { name: /View the agreement between Jordan Ellis and Daniel Okafor/ })
        .click(),
    );
    await follow(own, theirs.main.getByRole('link', { name: /^Continue version 1/ }).click());
    expect(theirs.path).toBe(agreementPath);
    await follow(own, theirs.main.getByRole('button', { name: 'Sign the agreement' }).click());
    await own.getByLabel('I have read and agree to this agreement.').check();
    await follow(own, theirs.main.getByRole('button', { name: 'Sign as the supervisee' }).click());
    const text = (await theirs.main.textContent()) ?? '';
    expect(text).toContain('Signed by both. This version is now in force and cannot be changed');
    expect(text).toContain('Signed by Jordan Ellis on');
    expect(await theirs.main.getByRole('button', { name: 'Change the agreement' }).count()).toBe(0);

    // Signed by both, as the supervisor now sees it, and the review date it set.
    await page.goto(agreementPath);
    expect(await view.main.textContent()).toContain('Signed by Jordan Ellis on');
    await expectNoAxeViolations(page);
    await follow(
      page,
      view.main.getByRole('link', { name: 'All versions and reviews of this agreement' }).click(),
    );
    expect(await view.main.textContent()).toMatch(/Review due by \d{1,2} \w+ \d{4}/);
    await expectNoAxeViolations(page);
  });
  test('the other agreement pages pass axe: lists, conflicts and effectiveness reviews', async () => {
    const page = await newPage();
    const view = new OversightPage(page);
    await signIn(page, 'supervisor@northshire.example');

    // Their own and their supervisees' agreements.
    await page.goto('/agreements');
    expect(await view.main.textContent()).toContain('People you supervise');
    await expectNoAxeViolations(page);

    // Two people change one draft: the conflict page.
    const chloe = await staffId('asye');
    const rel = (
      await pool.query(
        "SELECT id FROM supervisory_relationship WHERE supervisee_id = $1 AND kind = 'line_management'",
        [chloe],
      )
    ).rows[0].id as string;
    await page.goto(`/agreements/relationships/${rel}`);
    await follow(page, view.main.getByRole('button', { name: 'Start the agreement' }).click());
    await pool.query(
      `UPDATE supervision_agreement SET answers = '{"avoid": "Someone else’s words"}',
         updated_at = clock_timestamp() WHERE relationship_id = $1`,
      [rel],
    );
    await page
      .getByLabel('Anything either the practitioner or supervisor should try to avoid: (optional)')
      .fill('Mine');
    await follow(page, view.main.getByRole('button', { name: 'Save draft' }).click());
    expect(await view.heading.textContent()).toBe(
      'This agreement was changed while you were editing it',
    );
    await expectNoAxeViolations(page);
    await follow(page, view.main.getByRole('button', { name: 'Save my version' }).click());
    expect(await view.main.textContent()).toContain('Mine');

    // Durham asks for effectiveness reviews every 6 months.
    await pool.query("UPDATE organisation SET policy_pack_id = 'durham-one-point-2022'");
    try {
      await page.goto(`/agreements/relationships/${rel}`);
      expect(await view.main.textContent()).toContain('Effectiveness reviews');
      await expectNoAxeViolations(page);
      await follow(
        page,
        view.main.getByRole('button', { name: 'Record an effectiveness review' }).click(),
      );
      await expectNoAxeViolations(page);
      await follow(page, view.main.getByRole('button', { name: 'Record the review' }).click());
      expect(await view.errorSummary.count()).toBe(1);
      await expectNoAxeViolations(page);
    } finally {
      await pool.query("UPDATE organisation SET policy_pack_id = 'systemic-4x4x4'");
    }
  });
});
