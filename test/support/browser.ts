import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { demoPassword } from '../../src/services/demo/demo-organisation.ts';

/**
 * Browser-tier helpers: Chromium through playwright-core (Debian's chromium, no downloaded
 * browsers), the test app on a real port, the real sign-in form, and axe-core checks.
 */

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: chromiumArgs,
  });
}

/** Serves the app on 127.0.0.1 on a free port; the caller (testApp) closes it. */
export async function serve(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Signs in through the real form, as a person would, and waits for the next page. */
export async function signIn(page: Page, email: string, password = demoPassword): Promise<void> {
  await page.goto('/sign-in');
  await fillSignInForm(page, email, password);
}

export async function fillSignInForm(page: Page, email: string, password: string): Promise<void> {
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: 'Sign in', exact: true }).click(),
  ]);
}

// ---------------------------------------------------------------------------------------------
// axe-core

export const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  targets: string[];
};

/** Pages checked and violations found in this run, for the closing summary. */
export const axeTally = { pages: 0, violations: 0, urls: new Set<string>() };

let axeSource: string | undefined;
function loadAxeSource(): string {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

type AxeInPage = {
  axe?: {
    run: (
      context: unknown,
      options: unknown,
    ) => Promise<{
      violations: {
        id: string;
        impact?: string | null;
        help: string;
        helpUrl: string;
        nodes: { target: unknown[] }[];
      }[];
    }>;
  };
  document: unknown;
};

/** Runs axe-core on the page as it stands. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // The page's CSP (script-src 'self') blocks addScriptTag; evaluate is not subject to it.
  const present = await page.evaluate(() => Boolean((globalThis as unknown as AxeInPage).axe));
  if (!present) await page.evaluate(loadAxeSource());
  return page.evaluate(async (tags) => {
    const scope = globalThis as unknown as AxeInPage;
    const results = await scope.axe!.run(scope.document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      helpUrl: violation.helpUrl,
      targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
    }));
  }, axeTags);
}

export function formatViolations(url: string, violations: AxeViolation[]): string {
  const lines = violations.map(
    (violation) =>
      `  - ${violation.id} [${violation.impact ?? 'unknown impact'}] ${violation.help}\n` +
      `    ${violation.helpUrl}\n` +
      violation.targets.map((target) => `      at ${target}`).join('\n'),
  );
  return `axe found ${violations.length} violation(s) on ${url}:\n${lines.join('\n')}`;
}

/** Fails with a readable list (rule, impact, help, selectors) if axe finds any violation. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  axeTally.pages += 1;
  axeTally.violations += violations.length;
  axeTally.urls.add(new URL(page.url()).pathname);
  if (violations.length > 0) throw new Error(formatViolations(page.url(), violations));
}

/**
 * The browser a test file's tests share: launched before them and closed after them, with the
 * file's axe tally printed. Call it at the top level of the file; use `.current` in tests.
 */
export function sharedBrowser(): { readonly current: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    console.log(
      `axe: ${axeTally.pages} pages checked (${axeTally.urls.size} distinct paths), ` +
        `${axeTally.violations} violations`,
    );
  });
  return {
    get current() {
      if (!browser) throw new Error('the browser is launched before the tests run');
      return browser;
    },
  };
}
