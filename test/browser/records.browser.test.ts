import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, dateParts, isoDateAt } from '../../src/domain/calendar/iso-date.ts';
import type { IsoDate } from '../../src/domain/calendar/period.ts';
import { testApp } from '../support/app.ts';
import { expectNoAxeViolations, launchBrowser, serve, signIn } from '../support/browser.ts';
import { OversightPage } from './pages/oversight-page.ts';

// Top-level so testApp's afterAll hooks (close the app, drop the database) attach to this file.
const { app, pool } = await testApp();
const baseURL = await serve(app);
const supervisor = 'supervisor@northshire.example';
const practitioner = 'practitioner@northshire.example';
const today = isoDateAt(new Date());

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

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

async function fillDate(page: Page, id: string, date: IsoDate) {
  const { year, month, day } = dateParts(date);
  await page.locator(`#${id}-day`).fill(String(day));
  await page.locator(`#${id}-month`).fill(String(month));
  await page.locator(`#${id}-year`).fill(String(year));
}

/** Presses Tab until the target has the focus, as someone with only a keyboard would. */
async function tabTo(page: Page, target: Locator, limit = 100) {
  for (let n = 0; n < limit; n++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element.matches(':focus'))) return;
  }
  throw new Error(`${target} was not reached in ${limit} presses of Tab`);
}

/** The caller's records: waiting for their signature, their drafts, shared, recently locked. */
async function openRecords(page: Page) {
  await page.goto('/records');
  expect(await new OversightPage(page).heading.textContent()).toBe('Supervision records');
}

/** Starts a record from /records/new: what it is, who it is about, the child, the date. */
async function startRecord(
  page: Page,
  input: { kind: string; person: string; child?: (label: string) => boolean },
) {
  const view = new OversightPage(page);
  await openRecords(page);
  await expectNoAxeViolations(page);
  await follow(page, view.main.getByRole('button', { name: 'Start a record' }).click());
  expect(await view.heading.textContent()).toBe('Start a record');
  await expectNoAxeViolations(page);
  await page.getByLabel(input.kind, { exact: true }).check();
  await page.getByLabel('Who is it about?').selectOption({ label: input.person });
  if (input.child) {
    const options = await page.locator('#childId option').allTextContents();
    const child = options.find(input.child);
    if (!child) throw new Error(`no child to choose among ${options.join(', ')}`);
    await page.getByLabel('Which child is it about?').selectOption({ label: child });
  }
  await fillDate(page, 'date', today);
  await follow(page, view.main.getByRole('button', { name: 'Start the record' }).click());
  expect(view.path).toMatch(/^\/records\/[0-9a-f-]{36}\/edit$/);
  expect(await view.main.textContent()).toContain('Record started');
  return view.path.split('/')[2]!;
}

const versionOf = async (id: string) =>
  (
    await pool.query(
      `SELECT status, answers, actions FROM record_version WHERE record_id = $1
       ORDER BY version DESC LIMIT 1`,
      [id],
    )
  ).rows[0];

describe('supervision records in a browser', () => {
  test('written with autosave, shared, disagreed with without JavaScript, and printed', async () => {
    const page = await newPage();
    const view = new OversightPage(page);
    await signIn(page, supervisor);
    const id = await startRecord(page, { kind: 'Personal supervision', person: 'Jordan Ellis' });
    const headline = (await view.heading.textContent())?.trim() ?? '';
    expect(await view.main.textContent()).toContain('Personal Supervision Record');
    await expectNoAxeViolations(page);

    // Typing, then a pause: the draft is saved on the server without a submit.
    const support =
      'Jordan is well. Two court deadlines this month; we agreed Friday afternoons for writing up.';
    await page.getByLabel('Support', { exact: true }).fill(support);
    const status = page.locator('[data-autosave-status]');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^Draft saved at /);
    expect((await versionOf(id)).answers['record.support']).toBe(support);
    await page.reload();
    expect(await page.getByLabel('Support', { exact: true }).inputValue()).toBe(support);
    await expectNoAxeViolations(page);

    // An action: what, who, by when.
    await page.locator('#action-0-description').fill('Book the court skills course');
    await page.locator('#action-0-ownerId').selectOption({ label: 'Jordan Ellis' });
    await fillDate(page, 'action-0-dueOn', addDays(today, 14));
    await follow(page, view.main.getByRole('button', { name: 'Save draft' }).click());
    expect(view.path).toBe(`/records/${id}`);
    expect(await view.main.textContent()).toContain('Draft saved');
    expect((await versionOf(id)).actions).toMatchObject([
      { description: 'Book the court skills course', dueOn: addDays(today, 14) },
    ]);
    await expectNoAxeViolations(page);

    await follow(page, view.main.getByRole('button', { name: 'Check and share' }).click());
    expect(await view.heading.textContent()).toBe('Check the record before you share it');
    expect(await view.main.textContent()).toContain('Jordan Ellis');
    await expectNoAxeViolations(page);
    await follow(page, view.main.getByRole('button', { name: 'Sign and share' }).click());
    expect(await view.main.textContent()).toContain('Shared. Each person who signs has been told');
    await expectNoAxeViolations(page);

    // The supervisee's pages, checked by axe with JavaScript on (axe needs it).
    const checked = await newPage();
    await signIn(checked, practitioner);
    for (const path of ['/records', `/records/${id}`, `/records/${id}/sign`]) {
      await checked.goto(path);
      await expectNoAxeViolations(checked);
    }

    // The supervisee reads and disagrees with JavaScript off. The disagreement box is not a
    // conditional reveal (GOV.UK's marks the radio aria-expanded, which axe refuses), so it
    // is there with or without JavaScript.
    const own = await newPage({ javaScriptEnabled: false });
    const theirs = new OversightPage(own);
    await signIn(own, practitioner);
    await openRecords(own);
    const waiting = theirs.main.getByRole('table', { name: 'Waiting for your signature' });
    await follow(own, waiting.getByRole('link', { name: headline }).click());
    expect(theirs.path).toBe(`/records/${id}`);
    expect(await theirs.main.textContent()).toContain(support);
    await follow(own, theirs.main.getByRole('button', { name: 'Sign the record' }).click());
    expect(await theirs.heading.textContent()).toBe('Sign the record');
    await own.getByLabel('No, I want to record a disagreement').check();
    const disagreement = 'The record leaves out that I asked for a lower caseload.';
    await own.getByLabel('If you disagree, what do you disagree with?').fill(disagreement);
    await follow(own, theirs.main.getByRole('button', { name: 'Sign the record' }).click());
    const locked = (await theirs.main.textContent()) ?? '';
    expect(locked).toContain('Signed and locked. It can no longer be changed');
    expect(locked).toContain('Jordan Ellis signed on');
    expect(locked).toContain(disagreement);
    expect(await theirs.main.locator('.govuk-tag').first().textContent()).toContain('Locked');
    expect((await versionOf(id)).status).toBe('locked');
    await checked.goto(`/records/${id}`);
    await expectNoAxeViolations(checked);

    // The print view: both signatures, the disagreement with them.
    await checked.goto(`/records/${id}/print`);
    const printed = (await new OversightPage(checked).main.textContent()) ?? '';
    expect(printed).toMatch(/Signed by Daniel Okafor on \d{1,2} \w+ \d{4}/);
    expect(printed).toMatch(
      /Jordan Ellis signed on \d{1,2} \w+ \d{4}.* and recorded a disagreement/,
    );
    expect(printed).toContain(disagreement);
    await expectNoAxeViolations(checked);
  });

  test('the supervisee signs the demo’s case supervision record with the keyboard alone', async () => {
    const page = await newPage();
    const view = new OversightPage(page);
    await signIn(page, practitioner);

    // The demo's personal supervision from a month ago: locked, one of its actions since done.
    const monthly = await pool.query(
      `SELECT r.id FROM supervision_record r JOIN record_version v ON v.record_id = r.id
       WHERE r.kind = 'personal_supervision' AND v.status = 'locked' AND r.meeting_date < $1`,
      [today],
    );
    expect(monthly.rows).toHaveLength(1);
    await page.goto(`/records/${monthly.rows[0].id}`);
    expect(await view.main.textContent()).toMatch(/Completed on \d{1,2} \w+ \d{4}/);
    await expectNoAxeViolations(page);

    // The demo's case supervision from last week, from the list to a signature by keyboard.
    const { rows } = await pool.query(
      `SELECT v.record_id, v.headline FROM record_version v
       JOIN supervision_record r ON r.id = v.record_id
       WHERE r.kind = 'case_supervision' AND v.status = 'shared'`,
    );
    expect(rows).toHaveLength(1);
    const { record_id: id, headline } = rows[0];
    await openRecords(page);
    await tabTo(page, view.main.getByRole('link', { name: headline }));
    await Promise.all([page.waitForURL(`**/records/${id}`), page.keyboard.press('Enter')]);
    expect(await view.main.textContent()).toContain('Visit to meet mum’s new partner');
    await expectNoAxeViolations(page);

    await tabTo(page, view.main.getByRole('button', { name: 'Sign the record' }));
    await Promise.all([page.waitForURL(`**/records/${id}/sign`), page.keyboard.press('Enter')]);
    await expectNoAxeViolations(page);
    await tabTo(page, page.getByLabel('Yes, I agree and sign it'));
    await page.keyboard.press('Space');
    await tabTo(page, view.main.getByRole('button', { name: 'Sign the record' }));
    await Promise.all([
      page.waitForURL(`**/records/${id}?done=locked`),
      page.keyboard.press('Enter'),
    ]);
    expect(await view.main.textContent()).toContain('Signed by Jordan Ellis on');
    expect((await versionOf(id)).status).toBe('locked');
    await expectNoAxeViolations(page);
  });

  test('a long form is a task list of sections, and a scale of 11 is an error', async () => {
    const before = (await pool.query('SELECT policy_pack_id, overrides FROM organisation')).rows[0];
    await pool.query("UPDATE organisation SET policy_pack_id = 'manchester', overrides = NULL");
    try {
      const page = await newPage();
      const view = new OversightPage(page);
      await signIn(page, supervisor);
      const id = await startRecord(page, {
        kind: 'Case supervision',
        person: 'Jordan Ellis',
        child: (label) => label.endsWith('(Jordan Ellis)'),
      });
      // A long form opens at its first section.
      expect(await view.heading.textContent()).toBe('What are we worried about?');
      await expectNoAxeViolations(page);

      await follow(page, page.getByRole('link', { name: 'Back to the record' }).click());
      const sections = view.main.locator('.govuk-task-list .govuk-task-list__name-and-hint');
      expect((await sections.allTextContents()).map((s) => s.trim())).toEqual([
        'What are we worried about?',
        'What is working well?',
        'What needs to happen?',
        'Voice of the child',
        'Direct work with children',
        'Where are we on a scale of 0–10?',
      ]);
      await expectNoAxeViolations(page);

      await follow(
        page,
        view.main.getByRole('link', { name: 'Where are we on a scale of 0–10?' }).click(),
      );
      expect(view.path).toBe(`/records/${id}/edit`);
      await expectNoAxeViolations(page);
      await page.locator('#answer-scaling--safety').fill('11');
      await follow(page, view.main.getByRole('button', { name: 'Save and continue' }).click());
      expect(await page.title()).toMatch(/^Error: /);
      const error = view.errorSummary.getByRole('link');
      expect(await error.allTextContents()).toEqual([
        expect.stringMatching(/must be a whole number from 0 to 10$/),
      ]);
      expect(await error.getAttribute('href')).toBe('#answer-scaling--safety');
      expect(await page.locator('#answer-scaling--safety').inputValue()).toBe('11');
      await expectNoAxeViolations(page);
      await error.click();
      await expect.poll(() => view.focused.getAttribute('id')).toBe('answer-scaling--safety');
    } finally {
      await pool.query('UPDATE organisation SET policy_pack_id = $1, overrides = $2', [
        before.policy_pack_id,
        before.overrides,
      ]);
    }
  });
});
