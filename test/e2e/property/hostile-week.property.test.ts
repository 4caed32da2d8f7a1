import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../../functions/local/local-environment.js';
import { runCli } from '../../../functions/weekly-report/cli/cli.js';
import { propertyRuns } from '../../support/assurance.js';
import { standInS3Client } from '../../support/stand-in-s3-client.js';
import { type ModelEvent, modelEvent, toAuditRecord } from './audit-week.js';
import { referenceCounts } from './reference-counts.js';

const week = parseIsoWeek('2026-W47');
const now = Date.parse('2026-11-25T10:00:00Z');
const prefix = `reports/${LOCAL_PROJECT_ID}/2026-W47/`;
const PROJECT_RECIPIENT = 'security-lead@example.com';

/** Tags the templates write; anything else in an HTML page came from data. */
const TEMPLATE_TAGS = new Set(
  'html head meta title style body main header p h1 h2 h3 dl dt dd code pre details summary section ol ul li span a div table caption thead tbody tr th td figure svg desc line rect text br strong footer polyline circle'.split(
    ' ',
  ),
);
/** A cell a spreadsheet would run: a formula character first (past whitespace and quotes), or a tab or CR. */
const RUNS_AS_FORMULA = /^[\s"]*[=+\-@]|^[\t\r]/;

let local: LocalEnvironment;
let s3: S3Client;

async function listKeys(): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const answer = await s3.send(
      new ListObjectsV2Command({ Bucket: LOCAL_BUCKET, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(answer.Contents ?? []).map((o) => o.Key ?? ''));
    token = answer.NextContinuationToken;
  } while (token);
  return keys.sort();
}
async function getText(key: string): Promise<string> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key: key }));
  return (await answer.Body?.transformToString('utf8')) ?? '';
}
/** Empties the week between cases, as only an administrator who lifted the write-once policy could. */
async function clearWeek(): Promise<void> {
  const keys = await listKeys();
  local.s3.bucketPolicy.enforced = false;
  try {
    for (let i = 0; i < keys.length; i += 1000) {
      const Objects = keys.slice(i, i + 1000).map((Key) => ({ Key }));
      await s3.send(new DeleteObjectsCommand({ Bucket: LOCAL_BUCKET, Delete: { Objects } }));
    }
  } finally {
    local.s3.bucketPolicy.enforced = true;
  }
}

function expectNoMarkup(html: string, where: string): void {
  for (const [, tag = ''] of html.matchAll(/<\/?([A-Za-z][\w:-]*)/g)) {
    expect(TEMPLATE_TAGS.has(tag.toLowerCase()), `${where}: <${tag}> from data`).toBe(true);
  }
  expect(html, where).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html, where).not.toMatch(/(href|src)\s*=\s*["']?\s*javascript:/i);
}

const csvRows = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

/** One whole run (collection → evidence → aggregation → rendering → S3 → SES) over a generated week. */
async function checkWeek(events: ModelEvent[]): Promise<void> {
  const records = events.map((e, i) =>
    toAuditRecord(
      e,
      `prop-${i}`,
      week.from + Math.floor(((i + 0.5) / events.length) * (week.to - week.from)),
    ),
  );
  local.descope.setRecords(records);
  await clearWeek();
  const expected = referenceCounts(events);
  // Every other tenant has its own recipients; the rest get a report and no email (a tenant called
  // `constructor` without recipients must not find any in Object.prototype).
  const tenantRecipients = new Map(
    [...expected.namedTenants]
      .sort()
      .filter((_, i) => i % 2 === 0)
      .map((t, i) => [t, `tenant-${i}@tenants.example`]),
  );
  const reported = new Set([...expected.collectedTenants, ...tenantRecipients.keys()]);
  const catalog = {
    tenants: {
      enabled: true,
      maxReports: 1000,
      recipients: Object.fromEntries([...tenantRecipients].map(([t, a]) => [t, [a]])),
    },
  };
  // What reaches a browser or a spreadsheet is under test: the OCSF export (JSON) is not read here.
  const env = {
    ...local.env,
    DESCOPE_AUDIT_RPM: '6000',
    REPORT_QUERIES: JSON.stringify(catalog),
    OCSF_EXPORT_ENABLED: 'false',
  };
  const mailedBefore = (await local.ses.emails()).length;
  const io = { print: () => {}, error: () => {}, now: () => now };
  const result = await runCli(['--week', '2026-W47'], env, io);

  // The run completes, every email goes out, to its own recipients.
  expect(result?.complete).toBe(true);
  const emails = (await local.ses.emails()).slice(mailedBefore);
  expect(emails.map((e) => e.destination.to.join()).sort()).toEqual(
    [`${PROJECT_RECIPIENT},auditor@example.com`, ...tenantRecipients.values()].sort(),
  );

  // Numbers match the reference count.
  const byGeo = csvRows(await getText(`${prefix}failed-logins-by-geo.csv`));
  expect(byGeo.reduce((sum, r) => sum + Number(r.failed_logins), 0)).toBe(expected.failed);
  expect(byGeo.map((r) => Number(r.failed_logins)).sort((a, b) => b - a)).toEqual(
    [...expected.failedByGeo.values()].sort((a, b) => b - a),
  );
  const summary = JSON.parse(await getText(`${prefix}summary.json`)) as {
    queries: Array<{ id: string; records: number; rows: number }>;
    tenants: { reports: Array<{ tenantId: string }>; rejected: Array<{ tenantId: string; records: number }> };
  };
  const rows = (id: string) => summary.queries.find((q) => q.id === id)?.rows;
  expect(summary.queries.find((q) => q.id === 'failed-logins-per-day')?.records).toBe(expected.failed);
  expect(rows('lockouts')).toBe(expected.lockouts);
  expect(rows('impersonations')).toBe(expected.impersonations);
  expect(rows('role-grants')).toBe(expected.grants);
  expect(rows('scim-failures')).toBe(expected.scimFailures);
  expect(rows('role-changes-not-understood')).toBe(0);
  expect(summary.tenants.reports.map((t) => t.tenantId).sort()).toEqual([...reported].sort());
  expect(new Map(summary.tenants.rejected.map((r) => [r.tenantId, r.records]))).toEqual(expected.rejected);
  for (const [tenant, counts] of expected.tenants) {
    const tenantSummary = JSON.parse(
      await getText(`${prefix}tenants/${tenant}/summary.json`),
    ) as typeof summary;
    const of = (id: string) => tenantSummary.queries.find((q) => q.id === id);
    expect(of('failed-logins-per-day')?.records, tenant).toBe(counts.failed);
    expect(of('role-grants')?.rows, tenant).toBe(counts.grants);
  }

  // Nothing runs in a browser or a spreadsheet.
  const keys = await listKeys();
  for (const key of keys.filter((k) => k.endsWith('.html'))) expectNoMarkup(await getText(key), key);
  for (const email of emails)
    expectNoMarkup(email.body.html ?? '', `email to ${email.destination.to.join()}`);
  for (const key of keys.filter((k) => k.endsWith('.csv'))) {
    for (const row of parse(await getText(key)) as string[][]) {
      for (const cell of row)
        expect(cell, `${key}: ${JSON.stringify(cell.slice(0, 40))}`).not.toMatch(RUNS_AS_FORMULA);
    }
  }
}

beforeAll(async () => {
  local = await startLocalEnvironment({
    records: [],
    now: () => now,
    rateLimit: { requests: 6000, windowMs: 60_000 },
  });
  s3 = standInS3Client(local.s3.endpoint);
});

afterAll(async () => {
  s3?.destroy();
  await local?.close();
});

describe('a week of hostile audit values, through the whole job', () => {
  it('completes, counts exactly and runs nothing, whatever the identifiers', async () => {
    await fc.assert(fc.asyncProperty(fc.array(modelEvent, { minLength: 1, maxLength: 25 }), checkWeek), {
      numRuns: propertyRuns(8),
      endOnFailure: true,
    });
  }, 120_000);
});
