import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../functions/core/period/period.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import type { FinishedRun } from '../../functions/weekly-report/run-outcome.js';
import { uploadBucket } from '../support/fixtures-stored/bucket-folder.js';
import {
  DAYS as days,
  daysEnvironment,
  daysRecords,
  type StoredDaysFacts,
  DAYS_WEEK as week,
} from '../support/fixtures-stored/stored-days-scenario.js';
import { STORED_SCENARIO_TIMEOUT, storedDays } from '../support/fixtures-stored/stored-scenario.js';
import { readObject } from '../support/report-folder-diff.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

// The daily reviews ran the day after each day (the `stored` project's shared scenario, built
// once: stored-days-scenario.ts); the week is asked for 40 days later, when the search (the
// stand-in keeps Descope's 30 days) can no longer read it.
const late = week.to + 40 * DAY_MS;
const weekPrefix = `reports/${LOCAL_PROJECT_ID}/${week.label}/`;
const dayPrefix = (day: string) => `reports/${LOCAL_PROJECT_ID}/days/${day}/`;

let stored: StoredDaysFacts;
let local: LocalEnvironment;
let env: Record<string, string>;
const printed: string[] = [];
const run = (argv: string[]) =>
  runCli(argv, env, {
    print: (line) => printed.push(line),
    error: () => undefined,
    now: () => late,
  }) as Promise<FinishedRun>;
const searches = () => local.descope.requests.filter((r) => r.path === '/v1/mgmt/audit/search').length;
const s3 = () => standInS3Client(local.s3.endpoint);
interface Summary {
  complete: boolean;
  source: { kind: string; days?: { used: boolean; reason?: string; days?: Array<{ day: string }> } };
  queries: Array<{ id: string; records: number; rows: number; headline: number }>;
  rollup?: { weeks: Array<{ week: string; manifest: string }>; missingWeeks: unknown[] };
}
const summaryOf = async (prefix: string) =>
  JSON.parse((await readObject(s3(), LOCAL_BUCKET, `${prefix}summary.json`)).toString()) as Summary;
/** Writes over a sealed object, as someone holding the bucket could (the policy lifted meanwhile). */
const overwrite = async (key: string, body: Uint8Array | string) => {
  local.s3.bucketPolicy.enforced = false;
  try {
    await s3().send(new PutObjectCommand({ Bucket: LOCAL_BUCKET, Key: key, Body: body }));
  } finally {
    local.s3.bucketPolicy.enforced = true;
  }
};

beforeAll(async () => {
  stored = await storedDays();
  local = await startLocalEnvironment({
    records: daysRecords(),
    now: () => late,
    rateLimit: { requests: 6000, windowMs: 60_000 },
  });
  // The stored days but the first: its review is stored by the second test.
  await uploadBucket(
    local.s3,
    LOCAL_BUCKET,
    stored.bucket,
    (key) => !key.startsWith(dayPrefix(days[0] ?? '')),
  );
  env = { ...local.env, ...daysEnvironment(stored.signingKeyFile), OCSF_EXPORT_ENABLED: 'false' };
}, STORED_SCENARIO_TIMEOUT);

afterAll(async () => {
  await local?.close();
});

describe('a week past the audit search’s 30 days', () => {
  it('is refused while a day is missing, naming the day, with no search', async () => {
    // Each review ran (within the search's 30 days) and completed; the first is not stored yet.
    for (const day of stored.days) expect(day.complete, day.day).toBe(true);
    expect(stored.days.every((d) => d.searches > 0)).toBe(true);
    const before = searches();
    await expect(run(['--week', week.label])).rejects.toThrow(
      `no report of it is stored: it can no longer be read in full, and it is never produced from Descope analytics alone. Its seven stored days cannot stand in for the search: ${days[0]} has no stored report.`,
    );
    expect(searches()).toBe(before);
  }, 300_000);

  it('is refused while a stored day fails verification, naming the day, the part and why', async () => {
    // The first review, run the day after its day as the others were, is now stored too.
    const first = await uploadBucket(local.s3, LOCAL_BUCKET, stored.bucket, (key) =>
      key.startsWith(dayPrefix(days[0] ?? '')),
    );
    expect(first).toContain(`${dayPrefix(days[0] ?? '')}manifest.json`);
    const manifest = JSON.parse(
      (await readObject(s3(), LOCAL_BUCKET, `${dayPrefix(days[2] ?? '')}manifest.json`)).toString(),
    ) as { files: Array<{ name: string }> };
    const part = `${dayPrefix(days[2] ?? '')}${manifest.files.find((f) => f.name.startsWith('evidence/'))?.name}`;
    const original = await readObject(s3(), LOCAL_BUCKET, part);
    await overwrite(part, 'forged');
    const before = searches();
    try {
      await expect(run(['--week', week.label])).rejects.toThrow(
        new RegExp(
          `^${week.label} is past the audit search's 30 days and its stored days cannot stand in for it: ${days[2]} failed verification: ${part} is 6 bytes, SHA-256 [0-9a-f]{64}; its manifest lists ${original.length} bytes`,
        ),
      );
    } finally {
      await overwrite(part, original);
    }
    expect(searches()).toBe(before);
  }, 300_000);

  const range = () => ['--from', days[0] ?? '', '--to', new Date(week.to).toISOString()];
  const records = (s: Summary) => s.queries.map(({ id, records: r }) => ({ id, records: r }));
  let fromDays: Summary | undefined;

  it('is drawn by a rollup from its seven stored days while it has no stored report of its own', async () => {
    const rollup = await run(range());
    expect(rollup.complete).toBe(true);
    fromDays = await summaryOf(rollup.prefix);
    expect(fromDays.rollup?.weeks.map((w) => w.manifest)).toEqual(
      days.map((d) => `${dayPrefix(d)}manifest.json`),
    );
    expect(fromDays.rollup?.missingWeeks).toEqual([]);
    const html = (await readObject(s3(), LOCAL_BUCKET, `${rollup.prefix}report.html`)).toString();
    expect(html).toContain('0 stored weekly reports and 7 stored daily reviews');
    expect(html).toContain('evidence the weekly reports and daily reviews stored');
  }, 300_000);

  it('is built from its seven verified days, which a rollup of the week then reads', async () => {
    const before = searches();
    printed.length = 0;
    const result = await run(['--week', week.label]);
    expect(searches()).toBe(before);
    expect(printed).toContain(
      "Source: the week's seven stored daily reviews (past the audit search's 30 days)",
    );
    expect(result.prefix).toBe(weekPrefix);
    expect(result.complete).toBe(true);
    const summary = await summaryOf(weekPrefix);
    expect(summary.source.days?.used).toBe(true);
    expect(summary.source.days?.days?.map((d) => d.day)).toEqual(days);
    // Each collection's records are those of its seven days, once each.
    const daySummaries = await Promise.all(days.map((d) => summaryOf(dayPrefix(d))));
    for (const query of summary.queries) {
      const perDay = daySummaries.map((d) => d.queries.find((q) => q.id === query.id)?.records ?? 0);
      expect(query.records, query.id).toBe(perDay.reduce((a, b) => a + b, 0));
    }
    expect(summary.queries.some((q) => q.records > 0)).toBe(true);
    const html = (await readObject(s3(), LOCAL_BUCKET, `${weekPrefix}report.html`)).toString();
    expect(html).toContain('as the week&#x27;s seven daily reviews stored it');
    expect(html).toContain('this week was computed from its seven stored daily reviews');

    // The week as a range (end exclusive), 40 days on, is a rollup of the stored weeks: it now reads
    // this one, with the numbers it had from the days.
    const rollup = await run(range());
    expect(rollup.complete).toBe(true);
    const rolled = await summaryOf(rollup.prefix);
    expect(rolled.rollup?.weeks.map((w) => w.manifest)).toEqual([`${weekPrefix}manifest.json`]);
    expect(rolled.rollup?.missingWeeks).toEqual([]);
    expect(records(rolled)).toEqual(records(summary));
    expect(fromDays && records(fromDays)).toEqual(records(summary));
  }, 600_000);
});
