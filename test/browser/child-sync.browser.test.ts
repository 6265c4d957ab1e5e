import { describe, expect, test } from 'vitest';
import { testApp } from '../support/app.ts';
import { expectNoAxeViolations, serve, sharedBrowser, signIn } from '../support/browser.ts';

// Top-level so testApp's afterAll hooks (close the app, drop the database) attach to this file.
const { app, services, pool, clock } = await testApp();
const baseURL = await serve(app);
const admin = (await services.repos.users.findByEmail('admin@northshire.example'))!;
const { rows } = await pool.query(
  "SELECT external_id FROM staff_member WHERE lower(email) = 'fatima.hussain@northshire.example'",
);
const child = (id: string, workerId: string) => ({
  id,
  caseId: `LCS-${id}`,
  openedAt: '2026-01-05',
  statuses: [{ status: 'child_in_need', from: '2026-01-05' }],
  flags: [],
  allocations: [{ workerId, role: 'key_worker', from: '2026-01-05' }],
});
// One push applied, one rejected.
await services.childSync.push({
  user: admin,
  body: JSON.stringify({ children: [child('B-1', rows[0].external_id)] }),
});
clock.advance(60_000);
await services.childSync.push({
  user: admin,
  body: JSON.stringify({ children: [child('B-2', 'E-NOBODY')] }),
});

const browser = sharedBrowser();

describe('the syncs pages', () => {
  test('an administrator reads the list of syncs and each run’s report, without JavaScript too', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const context = await browser.current.newContext({ baseURL, javaScriptEnabled });
      const page = await context.newPage();
      // axe runs as a script in the page: only where scripts run.
      const checkAxe = () => (javaScriptEnabled ? expectNoAxeViolations(page) : undefined);
      await signIn(page, 'admin@northshire.example');
      await page.goto('/organisation/sync');
      expect(await page.locator('h1').textContent()).toBe('Syncs of children');
      await checkAxe();
      const links = page.locator('main tbody a');
      expect(await links.count()).toBe(2);

      // Newest first: the rejected push, then the one applied.
      await Promise.all([page.waitForNavigation(), links.nth(0).click()]);
      expect(await page.locator('main').textContent()).toContain('Rejected: nothing was changed');
      await checkAxe();
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('link', { name: 'All syncs' }).click(),
      ]);
      await Promise.all([page.waitForNavigation(), links.nth(1).click()]);
      expect(await page.locator('main').textContent()).toContain('Children added');
      await checkAxe();
      await context.close();
    }
  });
});
