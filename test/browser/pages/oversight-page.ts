import type { Locator, Page } from 'playwright-core';

/** What every Oversight page shares: the GOV.UK template's header, navigation and footer. */
export class OversightPage {
  constructor(readonly page: Page) {}

  get heading(): Locator {
    return this.page.locator('main h1');
  }

  get main(): Locator {
    return this.page.getByRole('main');
  }

  get errorSummary(): Locator {
    return this.page.locator('.govuk-error-summary');
  }

  /** The element with keyboard focus, if any. */
  get focused(): Locator {
    return this.page.locator(':focus');
  }

  get path(): string {
    return new URL(this.page.url()).pathname;
  }

  /** Same-site paths linked from the header, service navigation and footer. */
  async chromeLinks(): Promise<string[]> {
    const origin = new URL(this.page.url()).origin;
    const hrefs = await this.page
      .locator('header a, .govuk-service-navigation a, .govuk-footer a')
      .evaluateAll((links) => links.map((link) => (link as unknown as { href: string }).href));
    const paths = hrefs
      .map((href) => new URL(href))
      .filter((url) => url.origin === origin)
      .map((url) => url.pathname);
    return [...new Set(paths)];
  }
}
