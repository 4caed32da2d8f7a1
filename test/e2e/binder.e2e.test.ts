import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../functions/core/integrity/manifest.js';
import {
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import type { FinishedRun } from '../../functions/weekly-report/run-outcome.js';
import { STORED_SCENARIO_TIMEOUT, storedWeeks } from '../support/fixtures-stored/stored-scenario.js';
import {
  WEEKS_NOW as now,
  type StoredWeekRun,
  weeksEnvironment,
  weeksRecords,
} from '../support/fixtures-stored/stored-weeks-scenario.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

// 2026-W46 and 2026-W47 of the demo, stored once (the `stored` project's shared scenario:
// stored-weeks-scenario.ts); here, in a copy of that bucket, the binder of November.

/** Refreshed by `DOCS_SCREENSHOT=1 npx vitest run test/e2e/binder.e2e.test.ts`. */
const DOCS_PICTURE = resolve('docs/binder-first-page.png');
const FRAMEWORK_NAMES = ['SOC 2', 'ISO 27001', 'PCI DSS', 'NIST 800-53', 'HIPAA', 'CIS v8'];

let local: LocalEnvironment;
let s3: S3Client;
let env: Record<string, string>;
let weeks: StoredWeekRun[];
let month: FinishedRun;

const bytes = async (key: string) => {
  const answer = await s3.send(new GetObjectCommand({ Bucket: local.env.REPORT_BUCKET, Key: key }));
  return Buffer.from((await answer.Body?.transformToByteArray()) ?? []);
};

/** Every page's text, as a PDF reader extracts it. */
async function pdfPages(pdf: Buffer): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n += 1) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await document.destroy();
  return pages;
}

const io = (at: number) => ({ print: () => {}, error: () => {}, now: () => at });

beforeAll(async () => {
  const stored = await storedWeeks();
  weeks = stored.weeks;
  local = await startLocalEnvironment({
    records: weeksRecords(),
    now: () => now,
    rateLimit: { requests: 600, windowMs: 60_000 },
    s3From: { snapshot: stored.store },
  });
  s3 = standInS3Client(local.env.AWS_ENDPOINT_URL_S3 ?? '');
  env = { ...local.env, ...weeksEnvironment(stored.signingKeyFile) };
  const december = Date.parse('2026-12-02T08:00:00Z');
  const run = await runCli(['--binder', '--month', '2026-11'], env, io(december));
  if (!run) throw new Error('the month did not run');
  month = run;
}, STORED_SCENARIO_TIMEOUT);

afterAll(async () => {
  s3?.destroy();
  await local?.close();
});

describe('the binder of a month', () => {
  it('is stored beside the month report and listed with its SHA-256 in the signed manifest', async () => {
    const key = `${month.prefix}binder.pdf`;
    expect(month.keys).toContain(key);
    const pdf = await bytes(key);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const manifest = JSON.parse((await bytes(`${month.prefix}manifest.json`)).toString('utf8'));
    expect(manifest.files).toContainEqual({ name: 'binder.pdf', bytes: pdf.length, sha256: sha256Hex(pdf) });
    expect(manifest.signing).not.toBeNull();
  });

  it('reads as a filed document: several pages, the period, each week’s manifest hash, the key and every framework', async () => {
    const pdf = await bytes(`${month.prefix}binder.pdf`);
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(1);
    const text = pages.join('\n');
    expect(pages[0]).toContain('2026-11');
    expect(pages[0]).toContain(LOCAL_PROJECT_ID);
    expect(weeks.map((w) => w.complete)).toEqual([true, true]);
    for (const week of weeks) {
      const sha = week.manifestSha256;
      expect(sha).toMatch(/^[0-9a-f]{64}$/);
      // A long hash may be broken over lines in the PDF's text; its characters stay in order.
      expect(text.replace(/\s+/g, '')).toContain(sha);
    }
    expect(text.replace(/\s+/g, '')).toContain(month.data.seal?.signing?.keyFingerprint ?? 'no key');
    for (const name of FRAMEWORK_NAMES) expect(text).toContain(name);
    expect(text).toContain('INCOMPLETE');
    expect(text).toMatch(/2026-W45/);
    if (process.env.DOCS_SCREENSHOT === '1') await writeFile(DOCS_PICTURE, await firstPagePng(pdf));
  });

  it('prints the same bytes from the same stored weeks, so a re-run seals nothing new', async () => {
    const again = await runCli(
      ['--binder', '--month', '2026-11'],
      env,
      io(Date.parse('2026-12-03T08:00:00Z')),
    );
    expect(again?.prefix).toBe(month.prefix);
    expect(again?.keys).toEqual(month.keys);
  });

  it('is listed with its link on the project’s front door', async () => {
    const html = (await bytes(`reports/${LOCAL_PROJECT_ID}/index.html`)).toString('utf8');
    expect(html).toContain('href="2026-11/binder.pdf"');
  });
});

/** The binder's cover as a PNG, drawn by pdf.js (for the documentation's picture). */
async function firstPagePng(pdf: Buffer): Promise<Buffer> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const document = await getDocument({ data: new Uint8Array(pdf) }).promise;
  const page = await document.getPage(1);
  const viewport = page.getViewport({ scale: 1.2 });
  const canvas = createCanvas(viewport.width, viewport.height);
  await page.render({ canvas: canvas as never, viewport }).promise;
  const png = canvas.toBuffer('image/png');
  await document.destroy();
  return png;
}
