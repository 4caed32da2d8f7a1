import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysOfWeek, parseIsoWeek } from '../../functions/core/period/period.js';
import { generateDemoWeek } from '../../functions/local/descope-api/demo-audit-data.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  localChannels,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import type { FinishedRun } from '../../functions/weekly-report/run-outcome.js';
import { diffReportFolders, readObject } from '../support/report-folder-diff.js';
import { type SigningKeyFile, writeSigningKeyFile } from '../support/signing-key-file.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

// Seven daily reviews then the week, in one bucket; the same week read from the API alone in another.
const week = parseIsoWeek('2026-W47');
const days = daysOfWeek(week).map((d) => d.label);
const now = week.to + 6 * 3_600_000;
const weekPrefix = `reports/${LOCAL_PROJECT_ID}/${week.label}/`;
const API_BUCKET = 'descope-audit-reports-api-only';

let local: LocalEnvironment;
let env: Record<string, string>;
let routed: Record<string, string>;
let signing: SigningKeyFile;
// The days are routed to the channels (the stand-ins' sink) as well as mailed; the weeks are not.
const run = (argv: string[], bucket = LOCAL_BUCKET) =>
  runCli(
    argv,
    { ...env, REPORT_BUCKET: bucket, ...(argv[0] === '--day' ? routed : {}) },
    {
      print: () => undefined,
      error: () => undefined,
      now: () => now,
    },
  ) as Promise<FinishedRun>;
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
  local = await startLocalEnvironment({
    records: generateDemoWeek(week.from, LOCAL_PROJECT_ID),
    now: () => now,
    rateLimit: { requests: 6000, windowMs: 60_000 },
    buckets: [API_BUCKET],
  });
  signing = await writeSigningKeyFile('week-from-days-');
  env = {
    ...local.env,
    DESCOPE_AUDIT_RPM: '6000',
    REPORT_SIGNING_KEY_FILE: signing.file,
    ACCESS_REVIEW_ENABLED: 'false',
    // The export is compared like every file; its schema checks are the OCSF tests' business.
    OCSF_VALIDATE: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
  routed = { REPORT_CHANNELS: JSON.stringify(localChannels(local.webhooks.url)) };
});

afterAll(async () => {
  await local?.close();
  await signing?.remove();
});

describe('a week computed from its seven stored days', () => {
  const daySearches: number[] = [];

  it('equals, file for file, the week read from the API alone, with no search of its own', async () => {
    // The API-only week: no stored day, so the week says it read the API and why.
    const api = await run(['--week', week.label], API_BUCKET);
    expect(api.complete).toBe(true);

    for (const day of days) {
      const before = searches();
      const result = await run(['--day', day]);
      expect(result.complete, day).toBe(true);
      daySearches.push(searches() - before);
    }
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
    console.log(`audit searches per day: ${daySearches.join(', ')}`);
  }, 600_000);

  it("mails and posts each day the digest of that day's new findings only", async () => {
    const mails = (await local.ses.emails()).filter((m) => m.subject.startsWith('Descope daily review'));
    for (const day of days) {
      const summary = await summaryOf(LOCAL_BUCKET, `reports/${LOCAL_PROJECT_ID}/days/${day}/`);
      const fresh = summary.changes?.new ?? [];
      const mail = mails.find((m) => m.subject.startsWith(`Descope daily review ${day} `));
      const hook = local.webhooks
        .requests()
        .find((r) => r.path === '/hooks/soar' && r.body.includes(`"label":"${day}"`));
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
