import type { Locator, Page } from 'playwright-core';

/**
 * Moving through a page as someone with only a keyboard does: Tab and Shift+Tab to a control,
 * and a check, at every stop, that the control shows it has the focus.
 */

/** GOV.UK's focus colour (#ffdd00): every focused control carries it in its outline, shadow or fill. */
const focusColour = 'rgb(255, 221, 0)';

type Styled = { matches(selector: string): boolean; nextElementSibling: Styled | null };
type Style = {
  outlineStyle: string;
  outlineColor: string;
  boxShadow: string;
  backgroundColor: string;
};
type InPage = {
  document: { activeElement: Styled | null; body: Styled };
  getComputedStyle(element: Styled, pseudo?: string): Style;
};

/** Whether the focused element shows it: GOV.UK's yellow outline, ring or fill, and not the body. */
export async function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate((colour) => {
    const scope = globalThis as unknown as InPage;
    const focused = scope.document.activeElement;
    if (!focused || focused === scope.document.body) return false;
    const shows = (style: Style) =>
      (style.outlineStyle !== 'none' && style.outlineColor === colour) ||
      style.boxShadow.includes(colour) ||
      style.backgroundColor === colour;
    // GOV.UK radios and checkboxes hide the input itself and ring the box drawn before its label.
    const label = focused.matches('.govuk-radios__input, .govuk-checkboxes__input')
      ? focused.nextElementSibling
      : null;
    return (
      shows(scope.getComputedStyle(focused)) ||
      (label !== null && shows(scope.getComputedStyle(label, '::before')))
    );
  }, focusColour);
}

async function focusIsOnBody(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const scope = globalThis as unknown as InPage;
    return scope.document.activeElement === scope.document.body;
  });
}

/** The focused element's opening tag, to name it in a failure. */
async function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    const scope = globalThis as unknown as {
      document: { activeElement: { outerHTML: string } | null };
    };
    return scope.document.activeElement?.outerHTML.split('>')[0]?.concat('>') ?? 'nothing';
  });
}

export async function hasFocus(target: Locator): Promise<boolean> {
  return target.evaluate((element) => element.matches(':focus'));
}

/**
 * Presses Tab (or Shift+Tab) until the target has the focus, checking at every stop on the way
 * that the focus can be seen.
 */
export async function tabTo(page: Page, target: Locator, options: { back?: boolean } = {}) {
  const key = options.back ? 'Shift+Tab' : 'Tab';
  for (let presses = 0; presses < 150; presses++) {
    await page.keyboard.press(key);
    // Past the last control the focus leaves the page for the browser's own, then comes round.
    if (await focusIsOnBody(page)) continue;
    if (!(await focusIsVisible(page)))
      throw new Error(
        `the focus cannot be seen after ${presses + 1} presses of ${key}, on ${await focusedElement(page)}`,
      );
    if (await hasFocus(target)) return;
  }
  throw new Error(`${target} was not reached in 150 presses of ${key}`);
}

/** Presses a key that loads another page (Enter on a link or a button) and waits for it. */
export async function pressAndWait(page: Page, key = 'Enter') {
  await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
}
