/**
 * An auditor's journey: Richard Haworth draws this period's dip sample, opens an audit it
 * assigns him, reads the sampled record, completes the audit (after the form names what is
 * missing) and records the feedback he gave the supervisor. Every page passes axe and reflows
 * at 320 px (journey.ts).
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { addDays, isoDateAt } from '../../../src/domain/calendar/iso-date.ts';
import { testApp } from '../../support/app.ts';
import { serve, sharedBrowser } from '../../support/browser.ts';
import { Journey } from './journey.ts';

// Top-level so testApp's afterAll hooks (close the app, drop the database) attach to this file.
const { app } = await testApp();
const baseURL = await serve(app);

const browser = sharedBrowser();

async function fillDate(page: Page, id: string, date: string) {
  const [year, month, day] = date.split('-');
  await page.locator(`#${id}-day`).fill(String(Number(day)));
  await page.locator(`#${id}-month`).fill(String(Number(month)));
  await page.locator(`#${id}-year`).fill(year!);
}

test('an auditor completes a sampled audit and gives feedback', async () => {
  const richard = await Journey.start(browser.current, baseURL);
  const { page, view } = richard;
  await richard.signIn('auditor@northshire.example');
  expect(await richard.text()).toContain('Audits assigned to you');

  await richard.follow(() =>
    page.locator('.govuk-service-navigation').getByRole('link', { name: 'Audits' }).click(),
  );
  expect(await view.heading.textContent()).toBe('Audits of supervision');
  await richard.click('Sampling plans and draws');
  await richard.click(/Draw this period’s sample for Richard Haworth/, 'button');
  expect(await richard.text()).toContain('The picks match the seed and pool');
  await richard.click(/^Open the audit/);
  const subject = ((await view.heading.textContent()) ?? '').trim();
  expect(subject).toMatch(/^Audit of .+’s supervision record$/);
  expect(await richard.text()).toContain('Assigned');

  // The sampled record, read while the audit is open.
  const sampled = view.main.getByRole('link', { name: /, written by / });
  await richard.follow(() => sampled.click());
  expect(await richard.text()).toContain('Signatures');
  await richard.back();

  // Completing with nothing answered: the summary names every dimension and the findings.
  await richard.click('Complete the audit', 'button');
  expect(await page.title()).toMatch(/^Error: /);
  const problems = (await view.errorSummary.getByRole('link').allTextContents()).map((p) =>
    p.trim(),
  );
  expect(problems).toHaveLength(11);
  expect(problems[0]).toBe('Purpose: answer "How well does the record meet this dimension?"');
  expect(problems.at(-1)).toMatch(/^Enter a summary of findings/);

  for (const radio of await view.main.getByRole('radio', { name: 'Good', exact: true }).all())
    await radio.check();
  await page
    .getByLabel('Summary of findings')
    .fill('A clear purpose and the child’s own words throughout. The plan needs dates.');
  await page.locator('#action-0-description').fill('Add a date to each step of the child’s plan');
  await page.locator('#action-0-ownerId').selectOption({ label: 'Daniel Okafor (supervisor)' });
  await fillDate(page, 'action-0-dueOn', addDays(isoDateAt(new Date()), 14));
  await richard.click('Complete the audit', 'button');
  const completed = await richard.text();
  expect(completed).toContain('Audit completed. Give the feedback and record it here');
  expect(completed).toContain('Add a date to each step of the child’s plan');

  // The feedback given to the supervisor, within the deadline shown.
  expect(completed).toMatch(
    /Feedback is due by \d{1,2} \w+ \d{4} \(within 5 working days of completing the audit\)/,
  );
  await page
    .getByLabel(/Feedback given to Daniel Okafor/)
    .fill('The purpose is clear and the child’s words are used\nAdd dates to the plan');
  await richard.click('Record feedback given', 'button');
  const given = await richard.text();
  expect(given).toContain('Feedback given');
  expect(given).toContain('Add dates to the plan');
  expect(given).toContain('Feedback recorded. The audit is closed');
  expect(given).toMatch(/It was given on \d{1,2} \w+ \d{4}: the deadline was met/);

  await richard.follow(() =>
    page.locator('.govuk-service-navigation').getByRole('link', { name: 'Audits' }).click(),
  );
  const list = view.main.getByRole('table', { name: 'Your audits: feedback given' });
  expect(await list.textContent()).toContain(subject.replace(/^Audit of /, ''));

  expect(richard.visited).toEqual([
    '/sign-in',
    '/',
    '/audits',
    '/audits/sampling',
    '/audits/draws/:id',
    '/audits/:id',
    '/records/:id',
    '/audits/:id',
    '/audits/:id',
    '/audits/:id',
    '/audits/:id',
    '/audits',
  ]);
});
