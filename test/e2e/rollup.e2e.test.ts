import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIsoWeek } from '../../functions/core/period/period.js';
import type { AuditRecord } from '../../functions/core/records/audit-record.js';
import { parseEvidenceLine } from '../../functions/core/records/evidence-line.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import type { CliIo } from '../../functions/weekly-report/cli/cli-io.js';
import { disableAllBut } from '../support/lean-catalog.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const DAY = 86_400_000;
const Q4 = { from: Date.parse('2026-10-01T00:00:00Z'), to: Date.parse('2027-01-01T00:00:00Z') };
const STORED = ['2026-W40', '2026-W41', '2026-W43'].map(parseIsoWeek);
const root = `reports/${LOCAL_PROJECT_ID}/`;

let n = 0;
const failed = (userId: string, geo: string, occurred: number): AuditRecord => {
  n += 1;
  return {
    id: `rollup-${String(n).padStart(4, '0')}`,
    projectId: LOCAL_PROJECT_ID,
    userId,
    action: 'LoginFailed',
    occurred,
    device: 'Desktop',
    method: 'password',
    geo,
    remoteAddress: `198.51.100.${n}`,
    loginIds: [`${userId}@example.com`],
    tenants: [],
    data: {},
    type: 'warn',
    actorId: '',
  };
};

const [, w41, w43] = STORED as [(typeof STORED)[0], (typeof STORED)[0], (typeof STORED)[0]];
// U-rep fails from DE in every stored week: one distinct user in the quarter, three in the weeks' sums.
const records = [
  failed('U-sep', 'DE', Date.parse('2026-09-29T08:00:00Z')), // W40, but September: outside Q4
  failed('U-rep', 'DE', Date.parse('2026-10-02T08:00:00Z')),
  failed('U-a', 'DE', Date.parse('2026-10-03T08:00:00Z')),
  failed('U-a', 'DE', Date.parse('2026-10-03T09:00:00Z')),
  failed('U-rep', 'DE', w41.from + DAY),
  failed('U-b', 'FR', w41.from + 2 * DAY),
  failed('U-rep', 'DE', w43.from + DAY),
  failed('U-c', 'US', w43.from + 3 * DAY),
  failed('U-lost', 'US', Date.parse('2026-10-14T08:00:00Z')), // W42: never reported
];

let clock = 0;
let local: LocalEnvironment;
let s3: S3Client;
const io: CliIo = { print: () => {}, error: () => {}, now: () => clock };

async function getBytes(key: string): Promise<Buffer> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key: key }));
  return Buffer.from((await answer.Body?.transformToByteArray()) ?? []);
}

beforeAll(async () => {
  local = await startLocalEnvironment({
    records,
    now: () => clock,
    rateLimit: { requests: 600, windowMs: 60_000 },
  });
  local.env.DESCOPE_AUDIT_RPM = '600';
  // The rollup's reading of stored weeks is under test: the one table it recounts is kept (every
  // table of a rollup is held to its stored weeks by test/e2e/rollup-queries-sql.e2e.test.ts).
  local.env.REPORT_QUERIES = JSON.stringify({ disable: disableAllBut('failed-logins-by-geo') });
  s3 = standInS3Client(local.s3.endpoint);
  // Each week is reported the day after it ends (the fake clock), as the schedule would.
  for (const week of STORED) {
    clock = week.to + DAY;
    await runCli(['--week', week.label], local.env, io);
  }
}, 120_000);

afterAll(async () => {
  s3?.destroy();
  await local?.close();
});

describe('a quarter built from the stored weekly evidence', () => {
  it('makes no Descope request, lists missing weeks and the manifests it drew on, and counts distinct users exactly', async () => {
    clock = Date.parse('2027-01-10T06:00:00Z');
    local.descope.clearRequests();
    const result = await runCli(['--quarter', '2026-Q4'], local.env, io);
    expect(local.descope.requests).toEqual([]);
    expect(result?.prefix).toBe(`${root}2026-Q4/`);
    expect(result?.complete).toBe(false);

    const summary = JSON.parse((await getBytes(`${root}2026-Q4/summary.json`)).toString('utf8'));
    expect(summary.period).toMatchObject({ label: '2026-Q4', from: '2026-10-01T00:00:00.000Z' });
    // Every ISO week of the quarter but the three stored is missing, with its dates.
    const missing = summary.rollup.missingWeeks.map((w: { week: string }) => w.week);
    expect(missing).toHaveLength(11);
    expect(missing).toContain('2026-W42');
    expect(summary.rollup.missingWeeks[0]).toEqual({
      week: '2026-W42',
      from: '2026-10-12T00:00:00.000Z',
      to: '2026-10-19T00:00:00.000Z',
      reason: '2026-W42 has no stored report',
    });
    const geo = summary.queries.find((q: { id: string }) => q.id === 'failed-logins-by-geo');
    expect(geo.gaps.map((g: { from: string }) => g.from)).toContain('2026-10-12T00:00:00.000Z');
    // The weekly reports drawn on, each with its manifest's SHA-256 (W40 clipped to October).
    for (const week of summary.rollup.weeks) {
      const manifest = await getBytes(week.manifest);
      expect(week.manifestSha256).toBe(createHash('sha256').update(manifest).digest('hex'));
    }
    expect(summary.rollup.weeks.map((w: { week: string; from: string }) => [w.week, w.from])).toEqual([
      ['2026-W40', '2026-10-01T00:00:00.000Z'],
      ['2026-W41', new Date(w41.from).toISOString()],
      ['2026-W43', new Date(w43.from).toISOString()],
    ]);

    // A recount over the evidence parts of the stored weeks, records outside Q4 left out.
    const distinct = new Map<string, Set<string>>();
    let count = 0;
    for (const { manifest } of summary.rollup.weeks) {
      const folder = manifest.slice(0, -'manifest.json'.length);
      const files = JSON.parse((await getBytes(manifest)).toString('utf8')).files as Array<{ name: string }>;
      for (const { name } of files.filter((f) => f.name.startsWith('evidence/login-failures/'))) {
        const lines = gunzipSync(await getBytes(`${folder}${name}`))
          .toString('utf8')
          .split('\n')
          .filter(Boolean);
        for (const [i, line] of lines.entries()) {
          const record = parseEvidenceLine(line, i + 1);
          if (record.action !== 'LoginFailed' || record.occurred < Q4.from || record.occurred >= Q4.to)
            continue;
          count += 1;
          const users = distinct.get(record.geo) ?? new Set<string>();
          users.add(record.userId);
          distinct.set(record.geo, users);
        }
      }
    }
    const csv = parse(await getBytes(`${root}2026-Q4/failed-logins-by-geo.csv`), { columns: true }) as Array<
      Record<string, string>
    >;
    const fromCsv = new Map(csv.map((r) => [r.geo ?? '', Number(r.distinct_users)]));
    expect(fromCsv).toEqual(new Map([...distinct].map(([g, users]) => [g, users.size])));
    expect(fromCsv.get('DE')).toBe(2); // U-rep once across three weeks, and U-a
    expect(geo.headline).toBe(count);
    expect(count).toBe(7); // U-sep (September) and U-lost (W42, never stored) are not in it

    const html = (await getBytes(`${root}2026-Q4/report.html`)).toString('utf8');
    expect(html).toContain('Built from stored weeks');
    expect(html).toContain('This report was recomputed from the evidence the weekly reports stored');
    expect(html).toContain('2026-W42 has no stored report');
  }, 120_000);

  it('refuses a month that has not ended, before any request', async () => {
    clock = Date.parse('2027-01-10T06:00:00Z');
    local.descope.clearRequests();
    await expect(runCli(['--month', '2027-01'], local.env, io)).rejects.toThrow(/has not ended yet/);
    expect(local.descope.requests).toEqual([]);
  });
});
