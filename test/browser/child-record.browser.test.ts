import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { lockedCaseNote, writers } from '../integration/child-record-helpers.ts';
import { testApp } from '../support/app.ts';
import { expectNoAxeViolations, serve, sharedBrowser, signIn } from '../support/browser.ts';

// Top-level so testApp's afterAll hooks (close the app, drop the database) attach to this file.
const { app, pool, services } = await testApp();
const baseURL = await serve(app);
const who = await writers(services, pool);
await lockedCaseNote(services, who, { childId: who.children[0]!, date: '2026-01-05' });

const browser = sharedBrowser();

async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.current.newContext({ baseURL, ...options });
  return context.newPage();
}

async function follow(page: Page, click: () => Promise<void>) {
  await Promise.all([page.waitForNavigation(), click()]);
}

const banner = (page: Page) => page.locator('.govuk-notification-banner').first().textContent();

describe('notes on the child’s record', () => {
  test('an administrator exports the notes and chooses a webhook, its secret shown once', async () => {
    const page = await newPage();
    await signIn(page, 'admin@northshire.example');
    await page.goto('/organisation/child-record');
    expect(await page.locator('h1').textContent()).toBe('Notes on the child’s record');
    await expectNoAxeViolations(page);

    await follow(page, () => page.getByRole('button', { name: 'Make today’s export' }).click());
    expect(await banner(page)).toContain('Export made');
    // Offered as today's export, and in the list of exports.
    expect(await page.getByRole('link', { name: 'Download today’s export' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: /^Download the export made/ }).count()).toBe(1);
    await expectNoAxeViolations(page);

    // Confirming asks the date it was imported: a date in the future is refused, by name.
    await follow(page, () => page.getByRole('link', { name: /^Confirm imported/ }).click());
    await expectNoAxeViolations(page);
    await page.getByLabel('Year').fill(String(new Date().getFullYear() + 1));
    await follow(page, () => page.getByRole('button', { name: 'Confirm imported' }).click());
    const dateSummary = page.locator('.govuk-error-summary');
    expect(await dateSummary.textContent()).toContain(
      'The date it was imported must be today or in the past',
    );
    expect(await dateSummary.getByRole('link').getAttribute('href')).toBe('#importedOn-day');
    await expectNoAxeViolations(page);
    await page.goto('/organisation/child-record');

    // A webhook without an address: the error summary names the field and takes you to it.
    await page.getByLabel('A webhook').check();
    await follow(page, () => page.getByRole('button', { name: 'Save' }).click());
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.textContent()).toContain('Enter the webhook address');
    expect(await summary.getByRole('link').getAttribute('href')).toBe('#webhookUrl');
    await expectNoAxeViolations(page);

    await page.getByLabel('A webhook').check();
    await page.getByLabel('Webhook address').fill('https://lcs.northshire.example/notes');
    await follow(page, () => page.getByRole('button', { name: 'Save' }).click());
    expect(await page.locator('#signing-secret').inputValue()).toMatch(/^whsec_/);
    await expectNoAxeViolations(page);
    await page.goto('/organisation/child-record?state=pending');
    expect(await page.locator('#signing-secret').count()).toBe(0);
    await expectNoAxeViolations(page);
  });

  test('works without JavaScript: the choice, its errors and the list', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await signIn(page, 'admin@northshire.example');
    await page.goto('/organisation/child-record');
    await page.getByLabel('A webhook').check();
    await page.getByLabel('Webhook address').fill('lcs.northshire.example');
    await follow(page, () => page.getByRole('button', { name: 'Save' }).click());
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Enter the webhook address as a full address',
    );
    await page.getByLabel('A daily export').check();
    await page.getByLabel('Webhook address').fill('');
    await follow(page, () => page.getByRole('button', { name: 'Save' }).click());
    expect(await banner(page)).toContain('has been saved');
    await page.getByLabel('Failed').check();
    await follow(page, () => page.getByRole('button', { name: 'Show notes' }).click());
    expect(new URL(page.url()).search).toBe('?state=failed');
    expect(await page.locator('main').textContent()).toContain('No notes in this state.');
  });
});
