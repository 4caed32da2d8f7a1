import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../functions/core/period/period.js';
import { generateDemoWeek } from '../../functions/local/descope-api/demo-audit-data.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { seedStreamObjects } from '../../functions/local/stream/seed-stream.js';
import {
  DAYS as days,
  daysEnvironment,
  DAYS_NOW as now,
  type StoredDaysFacts,
  DAYS_WEEK as week,
} from '../support/fixtures-stored/stored-days-scenario.js';
import { STORED_SCENARIO_TIMEOUT, storedDays } from '../support/fixtures-stored/stored-scenario.js';
import { quietCli } from '../support/quiet-cli.js';
import { readObject } from '../support/report-folder-diff.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

// A deployment whose source is the audit stream, with the daily schedule: the week, read from the
// stream, checks that its seven daily reviews stood. Six of them are the `stored` project's
// shared scenario (read from the search, stored once: stored-days-scenario.ts); the seventh is read
// from the stream here. A day's check does not depend on where the day read its records.
const SCHEDULE = 'cron(30 1 * * ? *) UTC';
const dayPrefix = (day: string) => `reports/${LOCAL_PROJECT_ID}/days/${day}/`;
const streamDay = days[6] ?? '';
const records = [
  ...generateDemoWeek(week.from - 7 * DAY_MS, LOCAL_PROJECT_ID),
  ...generateDemoWeek(week.from, LOCAL_PROJECT_ID),
].filter((r) => r.occurred >= week.from - DAY_MS && r.occurred < week.to);

let stored: StoredDaysFacts;
let local: LocalEnvironment;
let env: Record<string, string>;
const run = (argv: string[]) => quietCli([...argv, '--source', 'stream'], env, now);
const s3 = () => standInS3Client(local.s3.endpoint);
interface Summary {
  complete: boolean;
  source: { kind: string; days?: { verified: boolean; reason?: string; days?: Array<{ day: string }> } };
  compliance: Array<{ framework: string; controls: Array<{ control: string; frequencyMet: boolean }> }>;
}
const summaryOf = async (prefix: string) =>
  JSON.parse((await readObject(s3(), LOCAL_BUCKET, `${prefix}summary.json`)).toString()) as Summary;
const dailyReviewMet = (s: Summary) =>
  s.compliance.find((f) => f.framework === 'pci-dss')?.controls.find((c) => c.control === '10.4.1')
    ?.frequencyMet;

beforeAll(async () => {
  stored = await storedDays();
  local = await startLocalEnvironment({
    records,
    now: () => now,
    rateLimit: { requests: 6000, windowMs: 60_000 },
    s3From: { snapshot: stored.store, keep: (_, key) => !key.startsWith(dayPrefix(streamDay)) },
  });
  await seedStreamObjects(s3(), LOCAL_BUCKET, records, {
    layout: 'firehose',
    projectId: LOCAL_PROJECT_ID,
    batchRecords: 300,
    batchMs: 3_600_000,
  });
  env = {
    ...local.env,
    // The scenario's signing key: the check wants each day signed by the run's key.
    ...daysEnvironment(stored.signingKeyFile),
    REPORT_DAILY_SCHEDULE: SCHEDULE,
    OCSF_EXPORT_ENABLED: 'false',
    // The 180-day look-back lists half a year of partitions a run; the daily-review check needs none of it.
    REPORT_QUERIES: JSON.stringify({ disable: ['dormant-privileged-accounts'] }),
  };
}, STORED_SCENARIO_TIMEOUT);

afterAll(async () => {
  await local?.close();
});

describe('a week read from the audit stream checks its seven daily reviews', () => {
  it('meets PCI DSS 10.4.1 when all seven are stored, signed and complete, naming each', async () => {
    for (const day of stored.days.slice(0, 6)) expect(day.complete, day.day).toBe(true);
    const fromStream = await run(['--day', streamDay]);
    expect(fromStream.complete).toBe(true);
    expect((await summaryOf(fromStream.prefix)).source.kind).toBe('stream');
    const result = await run(['--week', week.label]);
    const summary = await summaryOf(result.prefix);
    expect(summary.source.kind).toBe('stream');
    expect(summary.source.days?.verified).toBe(true);
    expect(summary.source.days?.days?.map((d) => d.day)).toEqual(days);
    expect(dailyReviewMet(summary)).toBe(true);
    const html = (await readObject(s3(), LOCAL_BUCKET, `${result.prefix}report.html`)).toString();
    expect(html).toContain(
      'Daily reviews: the week&#x27;s seven daily reviews are stored, signed and complete',
    );
  }, 300_000);

  it('does not meet it, and says which day and why, when a day fails verification', async () => {
    const forged = `${dayPrefix(days[3] ?? '')}summary.json`;
    local.s3.bucketPolicy.enforced = false;
    try {
      await s3().send(new PutObjectCommand({ Bucket: LOCAL_BUCKET, Key: forged, Body: '{"complete":true}' }));
    } finally {
      local.s3.bucketPolicy.enforced = true;
    }
    const result = await run(['--week', week.label]);
    const summary = await summaryOf(result.prefix);
    expect(summary.source.days?.verified).toBe(false);
    expect(summary.source.days?.reason).toMatch(new RegExp(`^${days[3]} failed verification: ${forged}: `));
    expect(dailyReviewMet(summary)).toBe(false);
  }, 300_000);
});
