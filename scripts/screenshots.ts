/**
 * Saves pictures of Oversight's main pages into docs/screenshots/ for docs/screenshots.md: the
 * whole page as PNG, 1280 CSS px wide, and two at 320 px. It starts an embedded database of its
 * own in a temporary folder (never DATABASE_URL's), loads the demo organisation, serves the app on
 * a free port and signs in as each demo account through the real form, with the browser tests'
 * helpers (Debian's chromium, or CHROMIUM_PATH). Pages reached by doing something (an import with
 * a mistake in it) are reached the way a person would. Run: npm run screenshots
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/data-access/connection.ts';
import { repositories } from '../src/data-access/index.ts';
import { loadDemoOrganisation } from '../src/services/demo/load-demo.ts';
import { services } from '../src/services/index.ts';
import { createApp } from '../src/web/app.ts';
import { launchBrowser, serve, signIn } from '../test/support/browser.ts';

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), '../docs/screenshots');

type Shot = {
  file: string;
  /** The demo account whose pages these are. */
  as: string;
  /** Gets the page there from the signed-in home page. */
  open: (page: Page) => Promise<void>;
  narrow?: boolean;
};

/** The longest picture, in CSS px: a longer page is shown from its top. */
const maxHeight = 2000;

const email = (who: string) => `${who}@northshire.example`;

/** Follows a link or button in the page's main content, by its visible name. */
async function follow(page: Page, name: string | RegExp, role: 'link' | 'button' = 'link') {
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('main').getByRole(role, { name }).first().click(),
  ]);
}

const at = (address: string) => async (page: Page) => {
  await page.goto(address);
};

/** An HR file with a date written the American way on line 3. */
const staffFileWithAMistake = [
  'Employee Number,Name,Email,Job Title,Role,Team,Line Manager,Case Holding,Hours,Start Date',
  'sw-ait-8,Sam Okoro,sam.okoro@northshire.example,Social Worker,social_worker,ait-north,tm-ait,yes,37,01/12/2026',
  'sw-ait-9,Ayesha Begum,ayesha.begum@northshire.example,Social Worker,social_worker,ait-north,tm-ait,yes,30,12-31-2026',
].join('\r\n');

const shots: Shot[] = [
  { file: 'home-practitioner.png', as: 'practitioner', open: async () => {} },
  { file: 'home-supervisor.png', as: 'supervisor', open: async () => {} },
  { file: 'home-senior-manager.png', as: 'senior.manager', open: async () => {} },
  { file: 'home-auditor.png', as: 'auditor', open: async () => {} },
  { file: 'home-administrator.png', as: 'admin', open: async () => {} },
  { file: 'home-inspector.png', as: 'inspector', open: async () => {} },
  { file: 'planner.png', as: 'supervisor', open: at('/planning') },
  {
    file: 'record.png',
    as: 'practitioner',
    open: async (page) => {
      await page.goto('/records');
      await follow(page, /^Personal Supervision Record – /);
    },
  },
  {
    file: 'record-form.png',
    as: 'supervisor',
    open: async (page) => {
      await page.goto('/records');
      await follow(page, /^Personal Supervision Record – .* – /);
      await follow(page, 'Continue writing', 'button');
    },
  },
  { file: 'team-dashboard.png', as: 'supervisor', open: at('/dashboards') },
  { file: 'organisation-dashboard.png', as: 'senior.manager', open: at('/dashboards') },
  {
    file: 'child.png',
    as: 'supervisor',
    open: async (page) => {
      await page.goto('/dashboards');
      const children = page.getByRole('region', {
        name: 'Case supervision of each allocated child',
      });
      await Promise.all([page.waitForNavigation(), children.locator('tbody a').first().click()]);
    },
  },
  {
    file: 'audit.png',
    as: 'auditor',
    open: async (page) => {
      // This period's sample drawn, and the audit it assigns answered and completed.
      await page.goto('/audits/sampling');
      await follow(page, /Draw this period’s sample for Richard Haworth/, 'button');
      await follow(page, /^Open the audit/);
      const main = page.getByRole('main');
      for (const radio of await main.getByRole('radio', { name: 'Good', exact: true }).all())
        await radio.check();
      await page
        .getByLabel('Summary of findings')
        .fill('A clear purpose, and the child’s own words throughout. The plan needs dates.');
      await follow(page, 'Complete the audit', 'button');
    },
  },
  {
    file: 'import-report.png',
    as: 'admin',
    open: async (page) => {
      await page.goto('/organisation/import');
      await page.getByLabel('Upload a file').setInputFiles({
        name: 'staff.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(staffFileWithAMistake),
      });
      await follow(page, 'Upload and check', 'button');
      // The page checks the file in the background and reloads itself when it is done.
      await page.waitForSelector('[data-import-state="rejected"]', { timeout: 30_000 });
    },
  },
  { file: 'policy.png', as: 'admin', open: at('/organisation/policy') },
  { file: 'home-practitioner-320.png', as: 'practitioner', open: async () => {}, narrow: true },
  { file: 'team-dashboard-320.png', as: 'supervisor', open: at('/dashboards'), narrow: true },
];

async function photograph(browser: Browser, baseURL: string, shot: Shot) {
  const width = shot.narrow ? 320 : 1280;
  const context = await browser.newContext({ baseURL, viewport: { width, height: 800 } });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, email(shot.as));
    await shot.open(page);
    const file = path.join(folder, shot.file);
    // The whole page, down to a limit that keeps a long one (a dashboard) to a few hundred KB.
    const pageHeight = Number(await page.evaluate('document.documentElement.scrollHeight'));
    const height = Math.min(pageHeight, maxHeight);
    await page.screenshot({
      path: file,
      fullPage: true,
      clip: { x: 0, y: 0, width, height },
      animations: 'disabled',
      caret: 'hide',
    });
    const kilobytes = Math.round(statSync(file).size / 1024);
    process.stdout.write(
      `${shot.file}: ${new URL(page.url()).pathname}, ${width}×${height}, ${kilobytes} KB\n`,
    );
  } finally {
    await context.close();
  }
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'oversight-screenshots-'));
  const config = loadConfig({ NODE_ENV: 'test', OVERSIGHT_DATA_DIR: dataDir });
  const database = await openDatabase(config);
  let browser: Browser | undefined;
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    await loadDemoOrganisation(database.pool);
    app = await createApp({ config, services: services(repositories(database.pool), config) });
    const baseURL = await serve(app);
    browser = await launchBrowser();
    mkdirSync(folder, { recursive: true });
    for (const shot of shots) await photograph(browser, baseURL, shot);
  } finally {
    await browser?.close();
    await app?.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
