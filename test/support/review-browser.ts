import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * Chromium logs every document answered with a 4xx as a console error; the page answers 401 before
 * sign-in and 422 to a refused decision on purpose (the tests assert those statuses and pages).
 */
const EXPECTED_REFUSAL = /^Failed to load resource: the server responded with a status of 4(01|03|22) /;

/** A reviewer's own browser context (cookies apart) with every console and page error collected. */
export async function reviewerContext(
  browser: Browser,
  errors: string[] = [],
): Promise<{ context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  context.on('page', (page) => {
    page.on('console', (m) => {
      if (m.type() === 'error' && !EXPECTED_REFUSAL.test(m.text())) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  return { context, errors };
}

/**
 * Signs in the way a reviewer does: open the page, follow "Sign in with Descope" to the hosted
 * flow (the stand-in's form), enter the login ID, come back to where they were.
 */
export async function signIn(context: BrowserContext, url: string, loginId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('link', { name: 'Sign in with Descope' }).click();
  await page.getByLabel('Login ID').fill(loginId);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForLoadState('load');
  return page;
}

/** The card of the item about `principal` (and `role`) in the "To decide" or "To approve" list. */
export const card = (page: Page, principal: string, role?: string) =>
  page
    .locator('article.item')
    .filter({ hasText: principal })
    .filter({ hasText: role ?? '' })
    .first();

/** Chooses an outcome, types a justification and submits the item's form. */
export async function decide(
  page: Page,
  principal: string,
  outcome: string,
  justification = '',
  role?: string,
) {
  const item = card(page, principal, role);
  await item.locator(`input[name="outcome"][value="${outcome}"]`).check();
  if (justification) await item.locator('textarea[name="justification"]').fill(justification);
  await Promise.all([page.waitForLoadState('load'), item.getByRole('button').click()]);
}
