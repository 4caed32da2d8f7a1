import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultReportCatalog } from '../../functions/core/catalog/report-catalog.js';
import { DAY_MS, previousCompleteWeek } from '../../functions/core/period/period.js';
import { generateDemoAuditData } from '../../functions/local/descope-api/demo-audit-data.js';
import { generateDemoDirectory } from '../../functions/local/descope-api/demo-directory.js';
import { createDemoPopulation } from '../../functions/local/descope-api/demo-population.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { seedStreamObjects } from '../../functions/local/stream/seed-stream.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import { diffReportFolders, readObject } from '../support/report-folder-diff.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const now = Date.parse('2026-11-25T10:00:00Z');
const week = previousCompleteWeek(now);
const prefix = `reports/${LOCAL_PROJECT_ID}/${week.label}/`;
/** The stream run stores its report in a bucket of its own, beside the stream it reads. */
const STREAM_RUN_BUCKET = 'descope-audit-reports-stream-run';

let local: LocalEnvironment;
const records = generateDemoAuditData({ now, projectId: LOCAL_PROJECT_ID });
const inWeek = records.filter((r) => r.occurred >= week.from && r.occurred < week.to).length;

beforeAll(async () => {
  const directory = generateDemoDirectory({ population: createDemoPopulation(), records, at: week.to, now });
  local = await startLocalEnvironment({
    records,
    now: () => now,
    rateLimit: { requests: 6000, windowMs: 60_000 },
    directory,
    buckets: [STREAM_RUN_BUCKET],
  });
  // The same events as Firehose lands them: envelopes, gzipped NDJSON, every 50th event delivered
  // twice and every 7th object a day late.
  const nearWeek = records.filter(
    (r) => r.occurred >= week.from - 2 * DAY_MS && r.occurred < week.to + 2 * DAY_MS,
  );
  await seedStreamObjects(standInS3Client(local.s3.endpoint), STREAM_RUN_BUCKET, nearWeek, {
    layout: 'firehose',
    projectId: LOCAL_PROJECT_ID,
    batchRecords: 400,
    duplicateEvery: 50,
    lateEvery: 7,
  });
});

afterAll(async () => {
  await local?.close();
});

const run = (env: Record<string, string>) =>
  runCli(['--week', week.label], env, { print: () => {}, error: () => {}, now: () => now });

describe('the audit stream as the source', () => {
  it('stores byte for byte the report the audit search stores for the same events', async () => {
    // The stream's own built-ins are left out of both: the search cannot answer them.
    const catalog = {
      ...JSON.parse(await readFile('functions/local/demo-report-catalog.json', 'utf8')),
      disable: defaultReportCatalog()
        .queries.filter((q) => q.requires === 'stream')
        .map((q) => q.id),
    };
    const common = { ...local.env, DESCOPE_AUDIT_RPM: '6000', REPORT_QUERIES: JSON.stringify(catalog) };
    const api = await run({ ...common, REPORT_SOURCE: 'api' });
    const stream = await run({ ...common, REPORT_SOURCE: 'stream', REPORT_BUCKET: STREAM_RUN_BUCKET });
    console.log(
      JSON.stringify(stream?.data.results.flatMap((r) => r.gaps).slice(0, 5)),
      JSON.stringify(stream?.data.source).slice(0, 3000),
    );
    expect(api?.complete).toBe(true);
    expect(stream?.complete).toBe(true);

    const s3 = standInS3Client(local.s3.endpoint);
    const { differences, files } = await diffReportFolders(
      s3,
      { bucket: LOCAL_BUCKET },
      { bucket: STREAM_RUN_BUCKET },
      prefix,
    );
    expect(differences).toEqual([]);
    // Evidence, every table, the gaps, queries.sql, the tenants' folders: all compared.
    expect(files.filter((f) => f.startsWith('evidence/')).length).toBeGreaterThan(3);
    expect(files.some((f) => f.startsWith('tenants/'))).toBe(true);
    expect(files).toContain('queries.sql');

    // Only the source statement differs, and it says what the stream held.
    const summary = JSON.parse((await readObject(s3, STREAM_RUN_BUCKET, `${prefix}summary.json`)).toString());
    expect(summary.source.kind).toBe('stream');
    expect(summary.source.facts.duplicates).toBeGreaterThan(0);
    expect(summary.source.facts.late).toBeGreaterThan(0);
    expect(summary.source.facts.quarantined).toEqual([]);
    expect(summary.source.facts.completeness).toMatch(/per action and hour against Descope analytics/);
    expect(summary.source.facts.records).toBeLessThanOrEqual(inWeek);
    const apiSummary = JSON.parse((await readObject(s3, LOCAL_BUCKET, `${prefix}summary.json`)).toString());
    expect(apiSummary.source.kind).toBe('search');
  });
});
