import type { Browser, Page, Response } from 'playwright-core';
import { demoPassword } from '../../../src/services/demo/demo-organisation.ts';
import { expectNoAxeViolations, fillSignInForm } from '../../support/browser.ts';
import { OversightPage } from '../pages/oversight-page.ts';

/**
 * What every journey shares: each page it reaches goes through `arrived`, which runs axe-core's
 * WCAG 2.2 AA rules (no violations, the list printed if there are any), checks the page reflows
 * at 320 CSS px, and writes down its path. A journey ends by asserting the paths it went
 * through, so one that silently skipped a step fails.
 */
export class Journey {
  /** The paths of the pages reached, in order, with ids as `:id`. */
  readonly visited: string[] = [];
  readonly view: OversightPage;

  constructor(readonly page: Page) {
    this.view = new OversightPage(page);
  }

  /** A person's own browser (cookies of their own), at the app's address. */
  static async start(browser: Browser, baseURL: string): Promise<Journey> {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    // Fail at the step that did not happen rather than at the test's own time limit.
    page.setDefaultTimeout(10_000);
    return new Journey(page);
  }

  /** Opens an address, as a bookmark or a typed address would. */
  async goto(path: string): Promise<Response | null> {
    const response = await this.page.goto(path);
    await this.arrived();
    return response;
  }

  /**
   * Does what loads the next page (a click, a key press), then checks the page it leads to,
   * once `settled` (if given) says the page has finished what it does by itself.
   */
  async follow(action: () => Promise<unknown>, settled?: () => Promise<unknown>): Promise<void> {
    await Promise.all([this.page.waitForNavigation(), action()]);
    await settled?.();
    await this.arrived();
  }

  /** The browser's Back button. */
  async back(): Promise<void> {
    await this.page.goBack();
    await this.arrived();
  }

  /** Signs in through the form and arrives at the page it leads to. */
  async signIn(email: string): Promise<void> {
    await this.goto('/sign-in');
    await fillSignInForm(this.page, email, demoPassword);
    await this.arrived();
  }

  /** Checks the page now shown and writes down its path. */
  async arrived(): Promise<void> {
    await expectNoAxeViolations(this.page);
    await expectReflow(this.page);
    this.visited.push(pathOf(this.page.url()));
  }

  /** Clicks a link or button in the page's main content by its visible name. */
  async click(name: string | RegExp, role: 'link' | 'button' = 'link'): Promise<void> {
    await this.follow(() =>
      this.view.main
        .getByRole(role, { name, exact: typeof name === 'string' })
        .first()
        .click(),
    );
  }

  /** The page's heading, whitespace folded. */
  async heading(): Promise<string> {
    return ((await this.view.heading.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  /** The text of the page's main content, whitespace folded. */
  async text(): Promise<string> {
    return ((await this.view.main.textContent()) ?? '').replace(/\s+/g, ' ');
  }
}

/** A page's path with its ids as `:id`, so a journey's list reads the same on every run. */
export function pathOf(url: string): string {
  return new URL(url).pathname.replace(
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
    ':id',
  );
}

// ---------------------------------------------------------------------------------------------
// Reflow (WCAG 2.2 1.4.10): at 320 CSS px wide nothing scrolls sideways but a data table, and a
// data table scrolls only inside its own box, which is a named region that takes focus so the
// keyboard can scroll it.

export const reflowWidth = 320;

type Box = {
  tagName: string;
  className: string;
  scrollWidth: number;
  clientWidth: number;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { right: number; width: number };
  querySelector(selector: string): Box | null;
  contains(other: Box): boolean;
  closest(selector: string): Box | null;
};
type InPage = {
  innerWidth: number;
  document: { documentElement: Box; querySelectorAll(selector: string): Iterable<Box> };
  getComputedStyle(element: Box): { overflowX: string };
};

/** What stops the page reflowing, in words; empty when it reflows. */
async function reflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const scope = globalThis as unknown as InPage;
    const describe = (box: Box) =>
      `${box.tagName.toLowerCase()}${box.className ? `.${String(box.className).split(/\s+/).join('.')}` : ''}`;
    const problems: string[] = [];
    const all = [...scope.document.querySelectorAll('body *')];
    const scrolling = all.filter(
      (box) =>
        box.scrollWidth > box.clientWidth + 1 &&
        ['auto', 'scroll'].includes(scope.getComputedStyle(box).overflowX),
    );
    for (const box of scrolling) {
      const named = box.getAttribute('aria-label') || box.getAttribute('aria-labelledby');
      if (!box.querySelector('table'))
        problems.push(`${describe(box)} scrolls sideways but holds no data table`);
      else if (
        box.getAttribute('role') !== 'region' ||
        box.getAttribute('tabindex') !== '0' ||
        !named
      )
        problems.push(
          `${describe(box)} scrolls a table but is not a focusable, named region (role="region" tabindex="0" aria-label)`,
        );
    }
    const width = scope.innerWidth;
    if (scope.document.documentElement.scrollWidth > width) {
      const wide = all.filter(
        (box) =>
          box.getBoundingClientRect().right > width + 1 &&
          !scrolling.some((scroller) => scroller.contains(box)),
      );
      const outermost = wide.filter(
        (box) => !wide.some((other) => other !== box && other.contains(box)),
      );
      problems.push(
        `the page is ${scope.document.documentElement.scrollWidth}px wide at ${width}px: ` +
          outermost
            .slice(0, 5)
            .map((box) => `${describe(box)} (${Math.round(box.getBoundingClientRect().width)}px)`)
            .join(', '),
      );
    }
    return problems;
  });
}

/** Fails, naming what is too wide, unless the page reflows at 320 CSS px. */
export async function expectReflow(page: Page): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: reflowWidth, height: 640 });
  try {
    const problems = await reflowProblems(page);
    if (problems.length > 0)
      throw new Error(`${page.url()} does not reflow:\n  - ${problems.join('\n  - ')}`);
  } finally {
    if (size) await page.setViewportSize(size);
  }
}
