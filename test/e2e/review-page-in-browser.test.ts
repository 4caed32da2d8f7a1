import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRemediation } from '../../functions/core/access/remediation-file.js';
import { GLOBEX } from '../../functions/local/descope-api/demo-directory-fixtures.js';
import {
  CAMPAIGN_ID,
  type CampaignScenario,
  NOT_A_REVIEWER,
  NOT_REMEDIATED,
  REMEDIATED,
  REVIEWER_A,
  REVIEWER_B,
  startCampaignScenario,
} from '../support/campaign-scenario.js';
import { launchReportBrowser } from '../support/report-browser.js';
import { card, decide, reviewerContext, signIn } from '../support/review-browser.js';

/** `DOCS_SCREENSHOT=1 npx vitest run test/e2e/review-page-in-browser.test.ts` refreshes the docs' images. */
const SHOTS = resolve(process.env.DOCS_SCREENSHOT ? 'docs/images' : 'test-artifacts');
const KEEP = 'Still needed for their duties this quarter (confirmed with their manager).';

let scenario: CampaignScenario;
let browser: Browser;
let campaignUrl: string;
const errors: string[] = [];

async function asReviewer(loginId: string): Promise<Page> {
  const { context } = await reviewerContext(browser, errors);
  context.on('weberror', (e) => errors.push(e.error().message));
  return signIn(context, campaignUrl, loginId);
}

let reviewerA: Page | undefined;

/**
 * Reviewer A's browser, signed in once and kept across the story (as a reviewer keeps a tab
 * open), opened afresh on the campaign page.
 */
async function asReviewerA(): Promise<Page> {
  if (!reviewerA) {
    reviewerA = await asReviewer(REVIEWER_A);
    return reviewerA;
  }
  await reviewerA.goto(campaignUrl);
  return reviewerA;
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}`, fullPage: false });

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  scenario = await startCampaignScenario();
  campaignUrl = `${scenario.page.url}campaigns/${CAMPAIGN_ID}`;
  const run = await scenario.report('2026-W47');
  expect(run?.openedCampaign).toBe(CAMPAIGN_ID);
  ({ browser } = await launchReportBrowser());
}, 180_000);

afterAll(async () => {
  await reviewerA?.context().close();
  await browser?.close();
  await scenario?.close();
});

describe('an access review campaign in the review page (Chromium, local stand-ins)', () => {
  it('opens with the week’s report from its signed snapshot, and tells every reviewer', async () => {
    const campaign = await scenario.campaign();
    expect(campaign.snapshot.key).toBe(`reports/${campaign.projectId}/2026-W47/access/snapshot.json`);
    expect(campaign.snapshot.manifestKeyFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(campaign.items.length).toBeGreaterThan(10);
    const opened = (await scenario.local.ses.emails()).find((e) =>
      e.subject.startsWith(`Access review ${CAMPAIGN_ID}`),
    );
    expect(opened?.destination.to.sort()).toEqual([REVIEWER_A, REVIEWER_B, scenario.secondLevel].sort());
    expect(opened?.body.text).toContain(campaignUrl);
  });

  it('refuses a signed-in user who is not a reviewer, and an expired session', async () => {
    const outsider = await asReviewer(NOT_A_REVIEWER);
    expect(await outsider.locator('h1').textContent()).toBe('Not a reviewer of this campaign');
    expect(await outsider.locator('article.item').count()).toBe(0);
    await outsider.context().close();

    const { context } = await reviewerContext(browser);
    const now = Math.floor(Date.now() / 1000);
    const expired = scenario.local.descope.session.sign({
      sub: 'U2DemoConsoleAdmin000000000',
      iat: now - 1200,
      exp: now - 600,
    });
    await context.addCookies([{ name: 'review-session', value: expired, url: scenario.page.url }]);
    const page = await context.newPage();
    const answer = await page.goto(campaignUrl);
    expect(answer?.status()).toBe(401);
    expect(await page.locator('h1').textContent()).toBe('Your session has ended');
    expect(await page.locator('article.item').count()).toBe(0);
    await shot(page, 'review-page-expired.png');
    await context.close();
  });

  it('lets two reviewers decide; keeping a privileged role needs a justification', async () => {
    const a = await asReviewerA();
    const answer = await a.reload();
    expect(answer?.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(await a.locator('script').count()).toBe(0);
    expect(await a.locator('.who strong').textContent()).toBe(REVIEWER_A);
    await shot(a, 'review-page-campaign.png');

    await decide(a, 'dan.fischer@umbrella.example', 'keep');
    expect(await a.getByRole('alert').textContent()).toContain(
      'A justification of at least 10 characters is required to keep a privileged role',
    );
    await decide(a, 'dan.fischer@umbrella.example', 'keep', KEEP);
    expect(await a.getByRole('status').textContent()).toBe('Decision recorded and signed.');
    await decide(a, NOT_REMEDIATED, 'revoke');
    expect(await card(a, NOT_REMEDIATED).count()).toBe(0);

    const b = await asReviewer(REVIEWER_B);
    await decide(b, REMEDIATED, 'revoke', '', 'Tenant Admin');
    expect(await b.getByRole('status').textContent()).toBe('Decision recorded and signed.');
    expect(await b.locator('#decided-heading').textContent()).toBe('Decided (3)');
    expect(errors).toEqual([]);
    await b.context().close();
  });

  it('refuses self-review, even from a form pointed at the reviewer’s own item', async () => {
    const a = await asReviewerA();
    const own = await a.locator('section[aria-labelledby="own-heading"] li').first().getAttribute('id');
    const ownItem = own?.replace(/^own-/, '') ?? '';
    expect(ownItem).toMatch(/^[0-9a-f]{16}$/);
    // The page offers no form for it; a form whose target is changed to it is refused by the server.
    const form = a.locator('article.item form').first();
    await form.evaluate(
      (f, item) => f.setAttribute('action', f.getAttribute('action')?.replace(/[0-9a-f]{16}$/, item) ?? ''),
      ownItem,
    );
    await form.locator('input[value="keep"]').check();
    await form.locator('textarea').fill('I am sure my own access is fine.');
    const [response] = await Promise.all([
      a.waitForResponse((r) => r.request().method() === 'POST'),
      form.getByRole('button').click(),
    ]);
    expect(response.status()).toBe(403);
    expect(await a.getByRole('alert').textContent()).toContain('Self-review is not allowed');
    await shot(a, 'review-page-self-review.png');
  });

  it('records the rest in bulk through npm run attest, under the same rules', async () => {
    const campaign = await scenario.campaign();
    const decided = new Set(['dan.fischer@umbrella.example', NOT_REMEDIATED, REMEDIATED]);
    const open = campaign.items.filter(
      (i) =>
        !(decided.has(i.principal.label) && (i.principal.label !== REMEDIATED || i.role === 'Tenant Admin')),
    );
    const byA = open
      .filter((i) => i.reviewers.includes(REVIEWER_A))
      .map((i) => ({ item: i.id, decision: 'keep', justification: KEEP }));
    const byB = open
      .filter((i) => !i.reviewers.includes(REVIEWER_A))
      .map((i) => ({ item: i.id, decision: 'keep', justification: KEEP }));
    const own = campaign.items.find((i) => i.principal.label === REVIEWER_A);
    await expect(
      scenario.attest(REVIEWER_A, [...byA, { item: own?.id, decision: 'keep', justification: KEEP }]),
    ).rejects.toThrow('1 decisions were refused');
    await scenario.attest(REVIEWER_B, byB);
  });

  it('lets the second level approve in the page', async () => {
    const s = await asReviewer(scenario.secondLevel);
    expect(await s.locator('#approve-heading').textContent()).toMatch(/^To approve \((\d+)\)$/);
    await shot(s, 'review-page-second-level.png');
    await decide(s, NOT_REMEDIATED, 'approve');
    await decide(s, REMEDIATED, 'approve', '', 'Tenant Admin');
    expect(await s.getByRole('status').textContent()).toBe('Decision recorded and signed.');
    const campaign = await scenario.campaign();
    const rest = campaign.items
      .filter(
        (i) =>
          i.principal.label !== NOT_REMEDIATED &&
          !(i.principal.label === REMEDIATED && i.role === 'Tenant Admin'),
      )
      .map((i) => ({ item: i.id, decision: 'approve' }));
    await scenario.attest(scenario.secondLevel, rest);
    await s.reload();
    expect(await s.locator('#approve-heading').textContent()).toBe('To approve (0)');
    await s.context().close();
  });

  it('shows the next week: one revoke done in the trail, the other overdue and escalated; the campaign sealed', async () => {
    // An administrator removes the contractor's role in Descope on Saturday; the job runs the next Wednesday.
    scenario.clock.now = Date.parse('2026-11-28T14:00:00Z');
    await scenario.removeTenantRole('U2OutOfBandDemoContractor00', GLOBEX, 'Tenant Admin');
    scenario.advanceTo(Date.parse('2026-12-02T10:00:00Z'));
    await scenario.report('2026-W48');

    const campaign = await scenario.campaign();
    const states = parseRemediation(
      await scenario.object(`access/campaigns/${CAMPAIGN_ID}/remediation.json`),
    );
    const stateOf = (label: string) =>
      [...states.values()].find(
        (e) => campaign.items.find((i) => i.id === e.itemId)?.principal.label === label,
      );
    expect(stateOf(REMEDIATED)).toMatchObject({
      state: 'done',
      event: expect.stringMatching(/^UserModified 2026-11-28 14:00 UTC/),
    });
    expect(stateOf(NOT_REMEDIATED)).toMatchObject({ state: 'overdue', escalatedAt: expect.any(String) });
    const escalation = (await scenario.local.ses.emails()).find((e) =>
      e.subject.startsWith('Revocation overdue'),
    );
    expect(escalation?.destination.to).toEqual([scenario.secondLevel]);
    const csv = Buffer.from(
      (await scenario.object(`access/campaigns/${CAMPAIGN_ID}/decisions.csv`)) ?? [],
    ).toString('utf8');
    expect(csv).toContain(
      `"${REMEDIATED}","Tenant Admin","${GLOBEX}","revoke","${REVIEWER_B}","${scenario.secondLevel}"`,
    );
    expect(csv).toMatch(/"overdue"/);
    expect(await scenario.object(`access/campaigns/${CAMPAIGN_ID}/seal.sig`)).toBeDefined();
    const verified = await scenario.verify();
    expect(verified.lines.at(-1)).toMatch(/^VERIFIED/);
    expect(verified.code).toBe(0);

    const a = await asReviewerA();
    const row = (label: string) =>
      a.locator('#decided-heading ~ table tr').filter({ hasText: label }).first();
    expect(await row(REMEDIATED).locator('.state').textContent()).toBe('done');
    expect(await row(NOT_REMEDIATED).locator('.state').textContent()).toBe('overdue');
    await row(NOT_REMEDIATED).scrollIntoViewIfNeeded();
    await shot(a, 'review-page-remediation.png');
    expect(errors).toEqual([]);
  });
});
