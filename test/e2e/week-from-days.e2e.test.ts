import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import {
  API_ONLY_BUCKET as API_BUCKET,
  DAYS as days,
  daysEnvironment,
  daysRecords,
  DAYS_NOW as now,
  type StoredDaysFacts,
  DAYS_WEEK as week,
} from '../support/fixtures-stored/stored-days-scenario.js';
import { STORED_SCENARIO_TIMEOUT, storedDays } from '../support/fixtures-stored/stored-scenario.js';
import { quietCli } from '../support/quiet-cli.js';
import { diffReportFolders, readObject } from '../support/report-folder-diff.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

// The week read from the API alone into one bucket, then seven daily reviews into another (the
// `stored` project's shared scenario, built once: stored-days-scenario.ts); here, in a copy of
// both buckets, the week computed from its seven stored days.
const weekPrefix = `reports/${LOCAL_PROJECT_ID}/${week.label}/`;

let stored: StoredDaysFacts;
let local: LocalEnvironment;
let env: Record<string, string>;
const run = (argv: string[]) => quietCli(argv, env, now);
const searches = () => local.descope.requests.filter((r) => r.path === '/v1/mgmt/audit/search').length;
const summaryOf = async (bucket: string, prefix: string) =>
  JSON.parse(
    (await readObject(standInS3Client(local.s3.endpoint), bucket, `${prefix}summary.json`)).toString(),
  ) as {
    source: {
      kind: string;
      days?: { used: boolean; reason?: string; days?: Array<{ day: string; sha256: string }> };
    };
    queries: Array<{ id: string; records: number; rows: number; headline: number }>;
    findings: unknown[];
    changes?: { new: Array<{ title: string }> };
  };

beforeAll(async () => {
  stored = await storedDays();
  local = await startLocalEnvironment({
    records: daysRecords(),
    now: () => now,
    rateLimit: { requests: 6000, windowMs: 60_000 },
    buckets: [API_BUCKET],
    s3From: { snapshot: stored.store },
  });
  env = { ...local.env, ...daysEnvironment(stored.signingKeyFile) };
}, STORED_SCENARIO_TIMEOUT);

afterAll(async () => {
  await local?.close();
});

describe('a week computed from its seven stored days', () => {
  it('equals, file for file, the week read from the API alone, with no search of its own', async () => {
    // The API-only week: no stored day, so the week says it read the API and why.
    expect(stored.apiWeek).toMatchObject({ complete: true, prefix: weekPrefix });
    expect(stored.apiWeek.searches).toBeGreaterThan(0);
    for (const day of stored.days) expect(day.complete, day.day).toBe(true);
    expect(stored.days.map((d) => d.day)).toEqual(days);

    const before = searches();
    const fromDays = await run(['--week', week.label]);
    expect(searches() - before).toBe(0);
    expect(fromDays.prefix).toBe(weekPrefix);
    expect(fromDays.complete).toBe(true);

    const s3 = standInS3Client(local.s3.endpoint);
    const { differences, files } = await diffReportFolders(
      s3,
      { bucket: LOCAL_BUCKET },
      { bucket: API_BUCKET },
      weekPrefix,
    );
    expect(differences).toEqual([]);
    // Every table's CSV, the evidence parts, queries.sql and the summary were compared byte for byte.
    expect(files.filter((f) => f.endsWith('.csv')).length).toBeGreaterThan(10);
    expect(files.filter((f) => f.startsWith('evidence/')).length).toBeGreaterThan(3);
    expect(files).toEqual(expect.arrayContaining(['queries.sql', 'summary.json', 'report.html']));

    const [daysSummary, apiSummary] = await Promise.all([
      summaryOf(LOCAL_BUCKET, weekPrefix),
      summaryOf(API_BUCKET, weekPrefix),
    ]);
    const counts = (s: typeof daysSummary) =>
      s.queries.map(({ id, records, rows, headline }) => ({ id, records, rows, headline }));
    expect(counts(daysSummary)).toEqual(counts(apiSummary));
    expect(daysSummary.findings).toEqual(apiSummary.findings);
    expect(daysSummary.source.days?.used).toBe(true);
    expect(daysSummary.source.days?.days?.map((d) => d.day)).toEqual(days);
    expect(apiSummary.source.days).toEqual({ used: false, reason: `${days[0]} has no stored report` });
    const html = (await readObject(s3, LOCAL_BUCKET, `${weekPrefix}report.html`)).toString();
    expect(html).toContain('as the week&#x27;s seven daily reviews stored it');
    const apiHtml = (await readObject(s3, API_BUCKET, `${weekPrefix}report.html`)).toString();
    expect(apiHtml).toContain(
      `Read from the API, not from the stored days: ${days[0]} has no stored report.`,
    );
    console.log(`audit searches per day: ${stored.days.map((d) => d.searches).join(', ')}`);
  }, 300_000);

  it("mails and posts each day the digest of that day's new findings only", async () => {
    // The days ran in the shared scenario: what its SES stand-in and webhook sink received.
    const mails = stored.emails.filter((m) => m.subject.startsWith('Descope daily review'));
    for (const day of days) {
      const summary = await summaryOf(LOCAL_BUCKET, `reports/${LOCAL_PROJECT_ID}/days/${day}/`);
      const fresh = summary.changes?.new ?? [];
      const mail = mails.find((m) => m.subject.startsWith(`Descope daily review ${day} `));
      const hook = stored.webhooks.find(
        (r) => r.path === '/hooks/soar' && r.body.includes(`"label":"${day}"`),
      );
      if (fresh.length === 0) {
        expect(mail, day).toBeUndefined();
        expect(hook, day).toBeUndefined();
        continue;
      }
      const body = JSON.parse(hook?.body ?? '{}') as { digest?: string; findings?: Array<{ title: string }> };
      expect(body.digest, day).toBe('new-findings');
      expect(body.findings?.map((f) => f.title).sort(), day).toEqual(fresh.map((f) => f.title).sort());
      expect(mail?.subject).toMatch(new RegExp(`· ${fresh.length} new findings?$`));
      const listed = (mail?.body.text ?? '').split('\n').filter((l) => l.startsWith('- ['));
      expect(listed.map((l) => l.replace(/^- \[\w+\] /, '')).sort(), day).toEqual(
        fresh.map((f) => f.title).sort(),
      );
    }
    expect(mails.length).toBeGreaterThan(0);
  });

  it('falls back to the API, saying why, when a stored day was tampered with', async () => {
    const s3 = standInS3Client(local.s3.endpoint);
    const dayPrefix = `reports/${LOCAL_PROJECT_ID}/days/${days[2]}/`;
    const manifest = JSON.parse(
      (await readObject(s3, LOCAL_BUCKET, `${dayPrefix}manifest.json`)).toString(),
    ) as {
      files: Array<{ name: string }>;
    };
    const part = manifest.files.find((f) => f.name.startsWith('evidence/'))?.name ?? '';
    local.s3.bucketPolicy.enforced = false;
    try {
      await s3.send(
        new PutObjectCommand({ Bucket: LOCAL_BUCKET, Key: `${dayPrefix}${part}`, Body: 'forged' }),
      );
    } finally {
      local.s3.bucketPolicy.enforced = true;
    }
    const before = searches();
    const rerun = await run(['--week', week.label]);
    expect(searches() - before).toBeGreaterThan(0);
    expect(rerun.complete).toBe(true);
    const summary = await summaryOf(LOCAL_BUCKET, rerun.prefix);
    expect(summary.source.days?.used).toBe(false);
    expect(summary.source.days?.reason).toMatch(
      new RegExp(
        `^${days[2]} failed verification: ${dayPrefix}${part} is 6 bytes, SHA-256 [0-9a-f]{64}; its manifest lists`,
      ),
    );
    // Read from the API, the numbers are the same.
    const apiSummary = await summaryOf(API_BUCKET, weekPrefix);
    expect(summary.queries).toEqual(apiSummary.queries);
  }, 300_000);
});
