import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidSignature } from '../../functions/core/integrity/check-signature.js';
import { parseIsoWeek } from '../../functions/core/period/period.js';
import { generateDemoWeek } from '../../functions/local/descope-api/demo-audit-data.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import type { FinishedRun } from '../../functions/weekly-report/run-outcome.js';
import { disableAllBut } from '../support/lean-catalog.js';
import { quietCli } from '../support/quiet-cli.js';
import { type SigningKeyFile, writeSigningKeyFile } from '../support/signing-key-file.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

// Two days of the demo week, through the CLI: each its own folder under days/, signed and chained.
const week = parseIsoWeek('2026-W47');
const now = week.to + 6 * 3_600_000;
const days = ['2026-11-17', '2026-11-18'];

let local: LocalEnvironment;
let env: Record<string, string>;
let signing: SigningKeyFile;
const results: FinishedRun[] = [];
const run = (argv: string[]) => quietCli(argv, env, now);
const read = async (key: string) => {
  const body = await standInS3Client(local.s3.endpoint).send(
    new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key: key }),
  );
  return Buffer.from((await body.Body?.transformToByteArray()) ?? []);
};

beforeAll(async () => {
  local = await startLocalEnvironment({
    records: generateDemoWeek(week.from, LOCAL_PROJECT_ID),
    now: () => now,
    // Three runs of a day's searches exceed Descope's 10 a minute; pacing is collect's tests' subject.
    rateLimit: { requests: 600, windowMs: 60_000 },
  });
  signing = await writeSigningKeyFile('daily-review-');
  env = {
    ...local.env,
    REPORT_SIGNING_KEY_FILE: signing.file,
    ACCESS_REVIEW_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
    // The subject is the day's folder, chain, comparison, mail and schedule, not the tables: one.
    REPORT_QUERIES: JSON.stringify({ disable: disableAllBut('failed-logins-by-geo') }),
  };
});

afterAll(async () => {
  await local?.close();
  await signing?.remove();
});

describe('a day through the CLI (daily review)', () => {
  it('stores each day under days/, signed, the second chained to the first', async () => {
    for (const day of days) results.push(await run(['--day', day]));
    expect(results.map((r) => r.prefix)).toEqual(days.map((d) => `reports/${LOCAL_PROJECT_ID}/days/${d}/`));
    const [first, second] = await Promise.all(results.map((r) => read(`${r.prefix}manifest.json`)));
    const manifest = JSON.parse(second?.toString('utf8') ?? '{}') as {
      period: string;
      previous: { period: string; key: string; sha256: string } | null;
    };
    expect(manifest.period).toBe(days[1]);
    for (const [i, r] of results.entries()) {
      const signature = await read(`${r.prefix}manifest.sig`);
      const body = i === 0 ? first : second;
      expect(isValidSignature(body ?? Buffer.alloc(0), signature, signing.publicKey), r.prefix).toBe(true);
    }
    expect(manifest.previous).toMatchObject({
      period: days[0],
      key: `reports/${LOCAL_PROJECT_ID}/days/${days[0]}/manifest.json`,
      sha256: createHash('sha256')
        .update(first ?? Buffer.alloc(0))
        .digest('hex'),
    });
    const listed = await standInS3Client(local.s3.endpoint).send(
      new ListObjectsV2Command({ Bucket: LOCAL_BUCKET, Prefix: results[0]?.prefix }),
    );
    const names = (listed.Contents ?? []).map((o) => o.Key?.slice(results[0]?.prefix.length ?? 0));
    expect(names).toEqual(expect.arrayContaining(['manifest.json', 'report.html', 'summary.json']));
  });

  it('compares a day with the day before, and mails a day only when something is new', async () => {
    const summaries = await Promise.all(
      days.map(async (d) => {
        const body = await read(`reports/${LOCAL_PROJECT_ID}/days/${d}/summary.json`);
        return JSON.parse(body.toString('utf8')) as {
          changes?: { comparedWith: string | null; new: unknown[] };
        };
      }),
    );
    // The first day has no stored day before it; the second is compared with the first.
    expect(summaries[0]?.changes?.comparedWith).toBeNull();
    expect(summaries[1]?.changes?.comparedWith).toBe(days[0]);
    // The runs' outcomes: a day without new findings is stored and signed, and mails nobody.
    for (const [i, result] of results.entries()) {
      const fresh = summaries[i]?.changes?.new.length ?? 0;
      if (fresh === 0)
        expect(result.email).toEqual({ status: 'not-sent', reason: 'no new findings this day' });
      else expect(result.email.status).toBe('sent');
    }
    expect(results[0]?.email.status).toBe('not-sent');
    // The deployment's daily schedule, stated to the job, is what lets PCI DSS 10.4.1 read met.
    const quiet = {
      ...env,
      REPORT_DAILY_EMAIL_WHEN_QUIET: 'true',
      REPORT_DAILY_SCHEDULE: 'cron(30 1 * * ? *) UTC',
    };
    const io = { print: () => undefined, error: () => undefined, now: () => now };
    const mailed = (await runCli(['--day', days[0] ?? '', '--resend'], quiet, io)) as FinishedRun;
    expect(mailed.email.status).toBe('sent');
    const dailyReview = async (prefix: string | undefined) =>
      (await read(`${prefix}compliance/pci-dss.csv`))
        .toString('utf8')
        .split('\n')
        .find((line) => line.includes('10.4.1'));
    expect(await dailyReview(results[0]?.prefix)).toContain(
      'no: daily: NOT met, no daily review schedule is configured',
    );
    expect(await dailyReview(mailed.prefix)).toContain('"daily","yes"');
  }, 180_000);
});

describe('the front door with stored days', () => {
  it('lists each day like a week: its state, the chain to the day before, links into days/<date>/', async () => {
    const door = (await read(`reports/${LOCAL_PROJECT_ID}/index.html`)).toString('utf8');
    expect(door).toMatch(/<h2 id="group-\d+">Days<\/h2>/);
    // The second day is as first stored; the first was re-run with the daily schedule stated (above),
    // which sealed a revision: the door links the newest one.
    expect(door).toContain(`href="days/${days[1]}/report.html"`);
    expect(door).toContain(`href="days/${days[1]}/manifest.json"`);
    expect(door).toMatch(new RegExp(`href="days/${days[0]}/revisions/\\d+/report\\.html"`));
    expect(door).toMatch(new RegExp(`href="days/${days[0]}/revisions/\\d+/manifest\\.json"`));
    // The second day was chained to the first day's first revision: the door follows that chain and
    // says the first day was replaced after the second was sealed (never a silent "linked").
    expect(door).toContain(`${days[0]} was replaced after this was sealed`);
    expect(door).not.toContain(`linked to ${days[0]}`);
  });
});
