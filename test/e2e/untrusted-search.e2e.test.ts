import { GetObjectCommand } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { parseIsoWeek } from '../../functions/core/period/period.js';
import type { AuditRecord } from '../../functions/core/records/audit-record.js';
import type { RandomFaults } from '../../functions/local/descope-api/fault-plan.js';
import type { SearchQuirks } from '../../functions/local/descope-api/search-quirks.js';
import { generateSyntheticFailedLogins } from '../../functions/local/descope-api/synthetic-failed-logins.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import { disableAllBut } from '../support/lean-catalog.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const week = parseIsoWeek('2026-W47');
const now = Date.parse('2026-11-25T10:00:00Z');
const prefix = `reports/${LOCAL_PROJECT_ID}/2026-W47/`;

let local: LocalEnvironment | undefined;
afterEach(async () => {
  await local?.close();
  local = undefined;
});

/** The whole job by the CLI against a Descope stand-in behaving as told; the run's result and stored files. */
async function runWeek(records: AuditRecord[], quirks: SearchQuirks, faults?: RandomFaults) {
  local = await startLocalEnvironment({
    records,
    now: () => now,
    rateLimit: { requests: 100_000, windowMs: 60_000 },
    quirks,
    ...(faults ? { faults } : {}),
  });
  const env = {
    ...local.env,
    DESCOPE_AUDIT_RPM: '100000',
    DESCOPE_REQUEST_TIMEOUT_MS: '2000',
    // The collection is under test: the two tables read here are kept, and no OCSF copy of its
    // 35,000 events is made (test/e2e/ocsf-export.e2e.test.ts covers the export).
    REPORT_QUERIES: JSON.stringify({
      disable: disableAllBut('failed-logins-per-day', 'failed-logins-by-geo'),
    }),
    OCSF_EXPORT_ENABLED: 'false',
  };
  const io = { print: () => {}, error: () => {}, now: () => now };
  const result = await runCli(['--week', week.label], env, io);
  const s3 = standInS3Client(local.s3.endpoint);
  const read = async (name: string) => {
    const answer = await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key: `${prefix}${name}` }));
    return Buffer.from(await (answer.Body?.transformToByteArray() ?? new Uint8Array())).toString('utf8');
  };
  const files = {
    geo: await read('failed-logins-by-geo.csv'),
    summary: await read('summary.json'),
    html: await read('report.html'),
  };
  s3.destroy();
  return { result, files };
}

/** Failed logins per country in the week, counted straight from the records. */
function geoCounts(records: AuditRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) {
    if (r.action !== 'LoginFailed' || r.occurred < week.from || r.occurred >= week.to) continue;
    const geo = r.geo || 'unknown';
    counts.set(geo, (counts.get(geo) ?? 0) + 1);
  }
  return counts;
}

const csvCounts = (csv: string) =>
  new Map(
    (parse(csv, { columns: true }) as Array<Record<string, string>>).map((r) => [
      r.geo ?? '',
      Number(r.failed_logins),
    ]),
  );

function week27k(): AuditRecord[] {
  const records = generateSyntheticFailedLogins({
    count: 27_000,
    window: week,
    seed: 27,
    projectId: LOCAL_PROJECT_ID,
  });
  const edge = (occurred: number, id: string): AuditRecord => ({
    ...(records[0] as AuditRecord),
    id,
    occurred,
  });
  return [...records, edge(week.from - 1, 'before'), edge(week.to, 'after')];
}

describe('a search that cannot be trusted to count or to fill its pages', () => {
  it('with total capped at 5,000 and a 27k-record week: exact, complete (exit 0), the under-count stated', async () => {
    const records = week27k();
    const { result, files } = await runWeek(records, { totalCap: 5_000 });
    expect(result?.complete).toBe(true);
    expect(csvCounts(files.geo)).toEqual(geoCounts(records));
    const summary = JSON.parse(files.summary) as {
      queries: Array<{ id: string; records: number; apiUnderCount?: unknown }>;
    };
    const byGeo = summary.queries.find((q) => q.id === 'failed-logins-by-geo');
    expect(byGeo).toMatchObject({ records: 27_000, apiUnderCount: { counted: 4_998, read: 27_000 } });
    expect(files.html).toContain('The API under-counted evidence/login-failures/');
  });

  it('with pages capped at 250, records without ID and faults: exact and complete (exit 0)', {
    timeout: 120_000,
  }, async () => {
    const base = generateSyntheticFailedLogins({
      count: 8_000,
      window: week,
      seed: 9,
      projectId: LOCAL_PROJECT_ID,
    });
    // An ID-less burst: five failed logins in one millisecond from one address, no user, five login IDs.
    const burst = Array.from(
      { length: 5 },
      (_, i): AuditRecord => ({
        ...(base[0] as AuditRecord),
        id: `burst-${i}`,
        occurred: week.from + 86_400_000,
        userId: '',
        geo: 'BR',
        remoteAddress: '203.0.113.99',
        loginIds: [`target${i}@example.com`],
      }),
    );
    const records = [...base, ...burst];
    const faults: RandomFaults = {
      probability: 0.05,
      kinds: ['http500', 'html502', 'truncatedJson', 'reset'],
      seed: 4,
    };
    const { result, files } = await runWeek(records, { pageSizeCap: 250, omitIds: true }, faults);
    expect(result?.complete).toBe(true);
    expect(csvCounts(files.geo)).toEqual(geoCounts(records));
    expect(local?.descope.requests.some((r) => r.fault)).toBe(true);
    expect(JSON.parse(files.summary).queries[0].records).toBe(8_005);
  });
});
