import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_LOGIN_ID } from '../../functions/local/descope-api/demo-population.js';
import { HOSTILE_ROLE } from '../../functions/local/descope-api/demo-user-admin-events.js';
import { demoReportFolder, demoRun } from '../support/demo-run.js';
import { launchReportBrowser } from '../support/report-browser.js';

const ARTIFACTS = resolve('test-artifacts');
/** Refreshed by `DOCS_SCREENSHOT=1 npx vitest run test/e2e/report-in-browser.demo.test.ts`. */
const DOCS_SCREENSHOT = resolve('docs/report-first-page.png');
/** The demo report, as `npm start` leaves it: a folder opened from disk. */
const out = demoRun().bucket;
const reportUrl = pathToFileURL(join(demoReportFolder(), 'report.html')).href;
const { period, queryIds } = demoRun();

let browser: Browser;

/** Opens a report and collects every console error and uncaught page error. */
async function open(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors };
}

beforeAll(async () => {
  // CHROMIUM_PATH, else a system Chromium, else the one npm ci installed; no browser fails the test.
  ({ browser } = await launchReportBrowser());
});

afterAll(async () => {
  await browser?.close();
});

describe('the demo report in a real browser', () => {
  it('opens from disk without a console error and shows findings, tiles and every section', async () => {
    const { page, errors } = await open(reportUrl);
    expect(await page.locator('h1').textContent()).toBe(`Descope audit report ${period}`);
    expect(await page.locator('#findings li').count()).toBeGreaterThan(0);
    expect(await page.locator('.tile').count()).toBeGreaterThanOrEqual(8);
    for (const id of queryIds) expect(await page.locator(`section#${id} h2`).count(), id).toBe(1);
    expect(queryIds).toContain('data-exports');
    expect(await page.locator('script').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws the charts as images with accessible names and text alternatives', async () => {
    const { page } = await open(reportUrl);
    const charts = page.locator('svg[role="img"]');
    expect(await charts.count()).toBeGreaterThanOrEqual(2);
    for (const name of ['Failed logins per day (UTC days)', 'Failed logins by country: top 10']) {
      const chart = page.getByRole('img', { name, exact: true });
      expect(await chart.count(), name).toBe(1);
      expect(await chart.locator('rect.bar').count()).toBeGreaterThan(0);
      expect(await chart.locator('desc').textContent()).toMatch(/\d/);
    }
    await page.close();
  });

  it('prints to PDF with a page per section and keeps a picture of the first page', async () => {
    const { page } = await open(reportUrl);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(queryIds.length);
    // A4 at 96 dpi: what the first printed page shows.
    await page.setViewportSize({ width: 794, height: 1123 });
    await mkdir(ARTIFACTS, { recursive: true });
    const png = await page.screenshot({ fullPage: false });
    await writeFile(join(ARTIFACTS, 'report-first-page.png'), png);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    if (process.env.DOCS_SCREENSHOT === '1') {
      // The README's picture: the top of that page (header, completeness, findings), kept small.
      const top = await page.screenshot({ clip: { x: 0, y: 0, width: 794, height: 820 } });
      expect(top.length).toBeLessThan(200_000);
      await writeFile(DOCS_SCREENSHOT, top);
    }
    await page.close();
  });

  it('escapes the demo data’s hostile strings in every page and neutralises them in every CSV', async () => {
    const files = (await readdir(out, { recursive: true })).map((f) => join(out, f));
    const pages = files.filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      const html = await readFile(page, 'utf8');
      expect(html).not.toContain(HOSTILE_LOGIN_ID);
      expect(html).not.toContain(HOSTILE_ROLE);
      expect(html).not.toMatch(/<script|<img/);
    }
    expect(await readFile(new URL(reportUrl), 'utf8')).toContain(
      '&#x3D;HYPERLINK(&quot;http://evil.test&quot;',
    );
    let hostileRows = 0;
    for (const file of files.filter((f) => f.endsWith('.csv'))) {
      for (const row of parse(await readFile(file)) as string[][]) {
        for (const cell of row) expect(cell, file).not.toMatch(/^[=+\-@\t\r]/);
        if (row.includes(`'${HOSTILE_ROLE}`) || row.some((cell) => cell.includes(HOSTILE_LOGIN_ID)))
          hostileRows += 1;
      }
    }
    expect(hostileRows).toBeGreaterThan(0);
  });

  it('renders a tenant report too', async () => {
    const tenantReport = reportUrl.replace(/report\.html$/, 'tenants/T2aQ8dJ0kLmN3pR5sT7vW9xY1z/report.html');
    const { page, errors } = await open(tenantReport);
    expect(await page.locator('h1').textContent()).toBe(
      `Descope audit report ${period} · tenant T2aQ8dJ0kLmN3pR5sT7vW9xY1z`,
    );
    expect(errors).toEqual([]);
    expect(await readFile(new URL(tenantReport), 'utf8')).toContain('only: events whose tenants include it');
    await page.close();
  });
});
