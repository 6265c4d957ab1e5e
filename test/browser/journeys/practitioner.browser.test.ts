/**
 * A practitioner's journey, with the keyboard alone: Jordan Ellis prepares for their next
 * supervision (an agenda item and a child to discuss), reads the case supervision record
 * waiting for them and signs it, then records a disagreement on the personal supervision record
 * their supervisor has just shared. Every page passes axe and reflows at 320 px (journey.ts).
 */
import type { Locator } from 'playwright-core';
import { expect, test } from 'vitest';
import { demoPassword } from '../../../src/services/demo/demo-organisation.ts';
import { testApp } from '../../support/app.ts';
import { serve, sharedBrowser } from '../../support/browser.ts';
import { Journey } from './journey.ts';
import { focusIsVisible, hasFocus, tabTo } from './keyboard.ts';

// Top-level so testApp's afterAll hooks (close the app, drop the database) attach to this file.
const { app } = await testApp();
const baseURL = await serve(app);

const browser = sharedBrowser();

/** Daniel Okafor finishes his draft of today's supervision and shares it with Jordan. */
async function supervisorSharesTodaysRecord(): Promise<string> {
  const daniel = await Journey.start(browser.current, baseURL);
  await daniel.signIn('supervisor@northshire.example');
  await daniel.follow(() =>
    daniel.page.locator('.govuk-service-navigation').getByRole('link', { name: 'Records' }).click(),
  );
  const drafts = daniel.view.main.getByRole('table', { name: 'Your drafts' });
  const headline = ((await drafts.getByRole('link').first().textContent()) ?? '').trim();
  expect(headline).toMatch(/^Personal Supervision Record – Jordan Ellis – /);
  await daniel.follow(() => drafts.getByRole('link', { name: headline }).click());
  await daniel.click('Check and share', 'button');
  await daniel.click('Sign and share', 'button');
  expect(await daniel.text()).toContain('Shared. Each person who signs has been told it is ready');
  expect(daniel.visited).toEqual([
    '/sign-in',
    '/',
    '/records',
    '/records/:id',
    '/records/:id/share',
    '/records/:id',
  ]);
  return headline;
}

test('a practitioner prepares, signs one record and disagrees with another, by keyboard alone', async () => {
  const personalRecord = await supervisorSharesTodaysRecord();

  const jordan = await Journey.start(browser.current, baseURL);
  const { page, view } = jordan;
  const main = view.main;
  /** Tab to a control, then Enter, and check the page it opens. */
  const open = async (target: Locator) => {
    await tabTo(page, target);
    await jordan.follow(() => page.keyboard.press('Enter'));
  };
  const focusedText = async () => ((await view.focused.textContent()) ?? '').trim();
  const records = page.locator('.govuk-service-navigation').getByRole('link', { name: 'Records' });

  // Signing in: the first Tab reaches the skip link; the fields are typed into.
  await jordan.goto('/sign-in');
  await page.keyboard.press('Tab');
  expect(await focusedText()).toBe('Skip to main content');
  expect(await focusIsVisible(page)).toBe(true);
  await tabTo(page, page.getByLabel('Email address'));
  await page.keyboard.type('practitioner@northshire.example');
  await tabTo(page, page.getByLabel('Password', { exact: true }));
  await page.keyboard.type(demoPassword);
  await jordan.follow(() => page.keyboard.press('Enter'));
  expect(await view.heading.textContent()).toBe('Jordan Ellis');
  const home = await jordan.text();
  expect(home).toContain('Your next supervision');
  expect(home).toContain('Case supervision between Daniel Okafor and Jordan Ellis');
  expect(home).toContain(personalRecord);

  // Preparing for the next supervision.
  await open(main.getByRole('link', { name: 'Prepare for it' }));
  expect(await view.heading.textContent()).toBe('Prepare for the session');
  // Nothing typed: the error summary takes the focus and its link leads to the field.
  await open(main.getByRole('button', { name: 'Add to agenda' }));
  expect(await view.errorSummary.textContent()).toContain('Enter what you want to discuss');
  await expect.poll(() => hasFocus(view.errorSummary)).toBe(true);
  expect(await focusIsVisible(page)).toBe(true);
  await tabTo(
    page,
    view.errorSummary.getByRole('link', { name: 'Enter what you want to discuss' }),
  );
  await page.keyboard.press('Enter');
  await expect.poll(() => view.focused.getAttribute('id')).toBe('text');
  expect(await focusIsVisible(page)).toBe(true);
  const agenda = 'My caseload now that the court work has eased';
  await page.keyboard.type(agenda);
  await open(main.getByRole('button', { name: 'Add to agenda' }));
  expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
    'Agenda item added',
  );
  expect(await jordan.text()).toContain(agenda);

  // The first child due for case supervision, chosen in the list by typing their name.
  const due = main.getByRole('table', { name: 'Children due for case supervision' });
  const child = ((await due.locator('tbody tr td').first().textContent()) ?? '').trim();
  expect(child).not.toBe('');
  const choice = page.getByLabel('Add a child to discuss');
  await tabTo(page, choice);
  await page.keyboard.type(child);
  expect(await choice.locator('option:checked').textContent()).toMatch(new RegExp(`^${child} \\(`));
  await open(main.getByRole('button', { name: 'Add child' }));
  expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Child added');
  expect(
    await main.getByRole('table', { name: 'Children added to discuss' }).textContent(),
  ).toContain(child);

  // Reading the case supervision record, then signing it.
  await open(records);
  const waiting = main.getByRole('table', { name: 'Waiting for your signature' });
  expect(await waiting.getByRole('link').count()).toBe(2);
  await open(
    waiting.getByRole('link', { name: 'Case supervision between Daniel Okafor and Jordan Ellis' }),
  );
  const caseRecord = await jordan.text();
  expect(caseRecord).toContain('What are we worried about?');
  expect(caseRecord).toContain('Visit to meet mum’s new partner, and complete the checks');
  expect(caseRecord).toContain('Not signed yet (Jordan Ellis)');
  await open(main.getByRole('button', { name: 'Sign the record' }));
  expect(await view.heading.textContent()).toBe('Sign the record');
  await tabTo(page, page.getByLabel('Yes, I agree and sign it'));
  await page.keyboard.press('Space');
  expect(await page.getByLabel('Yes, I agree and sign it').isChecked()).toBe(true);
  await open(main.getByRole('button', { name: 'Sign the record' }));
  const signed = await jordan.text();
  expect(signed).toContain('Signed and locked. It can no longer be changed');
  expect(signed).toMatch(/Signed by Jordan Ellis on \d{1,2} \w+ \d{4}/);
  expect(await main.locator('.govuk-tag').first().textContent()).toContain('Locked');

  // The personal supervision record: a disagreement, first without saying what it is.
  await open(records);
  expect(await waiting.getByRole('link').count()).toBe(1);
  await open(waiting.getByRole('link', { name: personalRecord }));
  await open(main.getByRole('button', { name: 'Sign the record' }));
  await tabTo(page, page.getByLabel('Yes, I agree and sign it'));
  await page.keyboard.press('ArrowDown');
  expect(await page.getByLabel('No, I want to record a disagreement').isChecked()).toBe(true);
  expect(await focusIsVisible(page)).toBe(true);
  await open(main.getByRole('button', { name: 'Sign the record' }));
  expect(await page.title()).toMatch(/^Error: /);
  await expect.poll(() => hasFocus(view.errorSummary)).toBe(true);
  const error = view.errorSummary.getByRole('link', { name: 'Say what you disagree with' });
  await tabTo(page, error);
  await page.keyboard.press('Enter');
  await expect.poll(() => view.focused.getAttribute('id')).toBe('disagreement');
  const disagreement =
    'We agreed a lower caseload while the court work lasts; the record leaves it out.';
  await page.keyboard.type(disagreement);
  await open(main.getByRole('button', { name: 'Sign the record' }));
  const disagreed = await jordan.text();
  expect(disagreed).toContain('Signed and locked. It can no longer be changed');
  expect(disagreed).toMatch(/Jordan Ellis signed on \d{1,2} \w+ \d{4}/);
  expect(disagreed).toContain(disagreement);

  // Nothing is left waiting.
  await open(page.locator('.govuk-service-navigation').getByRole('link', { name: 'Home' }));
  expect(await jordan.text()).toContain('Nothing is waiting for your signature.');

  expect(jordan.visited).toEqual([
    '/sign-in',
    '/',
    '/planning/sessions/:id/preparation',
    '/planning/sessions/:id/agenda',
    '/planning/sessions/:id/preparation',
    '/planning/sessions/:id/preparation',
    '/records',
    '/records/:id',
    '/records/:id/sign',
    '/records/:id',
    '/records',
    '/records/:id',
    '/records/:id/sign',
    '/records/:id/sign',
    '/records/:id',
    '/',
  ]);
});
