import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCollections } from '../../functions/core/catalog/query-plan.js';
import {
  defaultReportCatalog,
  type ReportCatalog,
  validateReportCatalog,
} from '../../functions/core/catalog/report-catalog.js';
import { DAY_MS, parseIsoWeek } from '../../functions/core/period/period.js';
import type { AuditRecord } from '../../functions/core/records/audit-record.js';
import { generateDemoWeek } from '../../functions/local/descope-api/demo-audit-data.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  LOCAL_STREAM_BUCKET,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { seedStreamObjects } from '../../functions/local/stream/seed-stream.js';
import { type StreamObjectOptions, streamObjects } from '../../functions/local/stream/stream-objects.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import { exitCodeOf } from '../../functions/weekly-report/cli/cli-io.js';
import { actionsRead } from '../../functions/weekly-report/collect/stream/cross-check-stream.js';
import { disableAllBut } from '../support/lean-catalog.js';
import { readObject } from '../support/report-folder-diff.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const week = parseIsoWeek('2026-W47');
/** Months after the week: the audit search could no longer read it; the stream can. */
const now = Date.parse('2027-04-20T10:00:00Z');
const prefix = `reports/${LOCAL_PROJECT_ID}/${week.label}/`;
const MASKED_RUN_BUCKET = 'descope-audit-reports-masked-run';
const records = [
  ...generateDemoWeek(week.from - 7 * DAY_MS, LOCAL_PROJECT_ID),
  ...generateDemoWeek(week.from, LOCAL_PROJECT_ID),
  ...generateDemoWeek(week.to, LOCAL_PROJECT_ID),
].filter((r) => r.occurred >= week.from - DAY_MS && r.occurred < week.to + DAY_MS);
const inWeek = (r: AuditRecord) => r.occurred >= week.from && r.occurred < week.to;
/**
 * What the stream keeps of a catalog's queries: the week's records of the actions they read (the
 * source counts only those), and the days before for a look-back query.
 */
function relevantTo(queries: ReportCatalog['queries']) {
  const read = new Set(actionsRead(planCollections(queries)));
  const lookback = queries.find((q) => q.lookbackDays !== undefined)?.filter.actions ?? [];
  return (r: AuditRecord) =>
    (inWeek(r) && read.has(r.action)) || (r.occurred < week.from && lookback.includes(r.action));
}
const relevant = relevantTo(defaultReportCatalog().queries);
/** The masked connector run's catalog: its subject is the layout and the masking, not the tables. */
const lean = validateReportCatalog({ disable: disableAllBut('failed-logins-by-geo') });
if (!lean.ok) throw new Error(lean.problems.join('; '));

const firehose: StreamObjectOptions = {
  layout: 'firehose',
  projectId: LOCAL_PROJECT_ID,
  batchRecords: 300,
  batchMs: 3_600_000,
  duplicateEvery: 25,
  lateEvery: 6,
  corrupt: [40],
};

/** The IDs only the corrupt object held: lost with it (the ones delivered twice survive). */
function lostWithCorruptObject(): Set<string> {
  const intact = [...streamObjects(records, { ...firehose, corrupt: [] })];
  const idsOf = (body: Buffer) =>
    gunzipSync(body)
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { detail: { ID: string } }).detail.ID);
  const elsewhere = new Set(intact.filter((_, i) => i !== 40).flatMap((o) => idsOf(o.body)));
  return new Set(idsOf(intact[40]?.body ?? Buffer.alloc(0)).filter((id) => !elsewhere.has(id)));
}

let local: LocalEnvironment;
let corruptKey = '';

beforeAll(async () => {
  local = await startLocalEnvironment({
    records,
    now: () => now,
    rateLimit: { requests: 6000, windowMs: 60_000 },
    buckets: [MASKED_RUN_BUCKET],
  });
  const s3 = standInS3Client(local.s3.endpoint);
  const seeded = await seedStreamObjects(s3, LOCAL_BUCKET, records, firehose);
  corruptKey = seeded.keys[40] ?? '';
  await seedStreamObjects(s3, LOCAL_STREAM_BUCKET, records, {
    layout: 'connector',
    projectId: LOCAL_PROJECT_ID,
    batchRecords: 300,
    // An object an hour, as the Firehose layout's: some 200 objects, not 800 (each a PUT and a GET).
    batchMs: 3_600_000,
    duplicateEvery: 10,
    lateEvery: 4,
    masked: true,
  });
});

afterAll(async () => {
  await local?.close();
});

const cli = async (env: Record<string, string>) => {
  const lines: string[] = [];
  const io = { print: (l: string) => lines.push(l), error: (l: string) => lines.push(l), now: () => now };
  try {
    const result = await runCli(['--week', week.label, '--source', 'stream'], env, io);
    return { result, lines, exit: exitCodeOf({ result }) };
  } catch (error) {
    return { result: undefined, lines, exit: exitCodeOf({ error }), error };
  }
};

describe('a week read from the audit stream, through the CLI', () => {
  it('reads the Firehose layout months later: duplicates once, late objects in, a corrupt object quarantined and named', async () => {
    const run = await cli({ ...local.env, DESCOPE_AUDIT_RPM: '6000', ACCESS_REVIEW_ENABLED: 'false' });
    expect(run.error).toBeUndefined();
    expect(run.exit).toBe(2);
    expect(run.lines).toContain(`Source: Descope's audit stream at s3://${LOCAL_BUCKET}/`);

    const s3 = standInS3Client(local.s3.endpoint);
    const summary = JSON.parse((await readObject(s3, LOCAL_BUCKET, `${prefix}summary.json`)).toString());
    const facts = summary.source.facts;
    const lost = lostWithCorruptObject();
    const weekIds = new Set(records.filter(relevant).map((r) => r.id));
    expect(facts.records).toBe([...weekIds].filter((id) => id && !lost.has(id)).length);
    expect(facts.duplicates).toBeGreaterThan(0);
    expect(facts.late).toBeGreaterThan(0);
    const stored = await readObject(s3, LOCAL_BUCKET, corruptKey);
    expect(facts.quarantined).toEqual([
      expect.objectContaining({
        key: corruptKey,
        bytes: stored.length,
        sha256: createHash('sha256').update(stored).digest('hex'),
      }),
    ]);
    // The quarantined object is a gap of every query; its lost failed logins show as hours short.
    const failed = summary.queries.find((q: { id: string }) => q.id === 'failed-logins-by-geo');
    expect(failed.complete).toBe(false);
    expect(
      failed.gaps.some(
        (g: { reason: string }) => g.reason.includes(corruptKey) && g.reason.includes('quarantined'),
      ),
    ).toBe(true);
    const lostFailed = records.filter(
      (r) => r.id && lost.has(r.id) && r.action === 'LoginFailed' && inWeek(r),
    );
    const short = failed.gaps.filter((g: { reason: string }) =>
      g.reason.startsWith('Descope analytics counted'),
    );
    expect(
      short.reduce(
        (sum: number, g: { expected: number; fetched: number }) => sum + g.expected - g.fetched,
        0,
      ),
    ).toBe(lostFailed.length);
    // Every failed login kept is in the numbers exactly once.
    expect(failed.records).toBe(
      records.filter((r) => r.action === 'LoginFailed' && inWeek(r) && !lost.has(r.id ?? '')).length,
    );
    const html = (await readObject(s3, LOCAL_BUCKET, `${prefix}report.html`)).toString();
    // Handlebars escapes `=` in the key.
    expect(html).toContain(`Quarantined: ${corruptKey.replaceAll('=', '&#x3D;')}`);
    expect(html).toContain('INCOMPLETE');
  });

  it('reads the connector layout (bare records, JSON arrays) and marks login-ID counts of a masked stream', async () => {
    const run = await cli({
      ...local.env,
      DESCOPE_AUDIT_RPM: '6000',
      ACCESS_REVIEW_ENABLED: 'false',
      REPORT_BUCKET: MASKED_RUN_BUCKET,
      STREAM_BUCKET: LOCAL_STREAM_BUCKET,
      REPORT_QUERIES: JSON.stringify({ disable: disableAllBut('failed-logins-by-geo') }),
    });
    expect(run.error).toBeUndefined();
    expect(run.exit).toBe(0);
    const s3 = standInS3Client(local.s3.endpoint);
    const summary = JSON.parse((await readObject(s3, MASKED_RUN_BUCKET, `${prefix}summary.json`)).toString());
    expect(summary.source.facts).toMatchObject({
      layout: '{projectId}/{yyyy}/{mm}/{dd}/',
      layoutFrom: 'discovered',
      masked: true,
      quarantined: [],
      records: records.filter(relevantTo(lean.catalog.queries)).length,
    });
    expect(summary.source.facts.shapes[0].shape).toMatch(
      /^bare record, record ID as id, login IDs as loginIds, occurred as number/,
    );
    const byGeo = summary.queries.find((q: { id: string }) => q.id === 'failed-logins-by-geo');
    expect(byGeo.notComputable).toEqual(['distinct_login_ids']);
    const html = (await readObject(s3, MASKED_RUN_BUCKET, `${prefix}report.html`)).toString();
    expect(html).toContain('distinct_login_ids: not computable: the audit stream masks login IDs');
    const evidence = gunzipSync(
      await readObject(s3, MASKED_RUN_BUCKET, `${prefix}evidence/login-failures/part-0001.ndjson.gz`),
    ).toString();
    expect(evidence).toMatch(/"loginIds":\["[^"]\*\*\*@/);
  });
});
