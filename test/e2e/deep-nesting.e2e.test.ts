import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIsoWeek } from '../../functions/core/period/period.js';
import type { AuditRecord } from '../../functions/core/records/audit-record.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import type { FinishedRun } from '../../functions/weekly-report/run-outcome.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const week = parseIsoWeek('2026-W47');
const now = Date.parse('2026-11-25T10:00:00Z');
const prefix = `reports/${LOCAL_PROJECT_ID}/2026-W47/`;
const LEVELS = 10_000;

/** `data` nesting 10,000 objects deep (Descope's Go decoder accepts this many), and its exact text. */
let deepData: unknown = 'bottom';
for (let i = 0; i < LEVELS; i++) deepData = { Change: deepData };
const deepText = `${'{"Change":'.repeat(LEVELS)}"bottom"${'}'.repeat(LEVELS)}`;

const base = (id: string, occurred: number, data: unknown): AuditRecord => ({
  id,
  projectId: LOCAL_PROJECT_ID,
  userId: `U-${id}`,
  action: 'UserModified',
  occurred,
  device: '',
  method: '',
  geo: 'DE',
  remoteAddress: '',
  loginIds: [],
  tenants: [],
  data: data as Record<string, unknown>,
  type: 'info',
  actorId: 'admin',
});
const records = [
  base('shallow-1', week.from + 1000, { Change: { display_name: 'a' } }),
  base('deep-1', week.from + 2000, deepData),
  base('shallow-2', week.from + 3000, {}),
];

const byAction = {
  id: 'changes-by-action',
  title: 'User changes by action',
  filter: { actions: ['UserModified'] },
  aggregation: { kind: 'group', groupBy: [{ column: 'action', field: 'action' }], count: 'events' },
};

let local: LocalEnvironment;
let result: FinishedRun | undefined;
beforeAll(async () => {
  local = await startLocalEnvironment({
    records,
    now: () => now,
    rateLimit: { requests: 600, windowMs: 60_000 },
  });
  local.env.DESCOPE_AUDIT_RPM = '6000';
  local.env.REPORT_QUERIES = JSON.stringify({ queries: [byAction] });
  const io = { print: () => {}, error: () => {}, now: () => now };
  result = await runCli(['--week', week.label], local.env, io);
}, 180_000);
afterAll(() => local?.close());

describe('a record whose data nests 10,000 levels', () => {
  it('is counted, and the week is reported', async () => {
    expect(result?.complete).toBe(true);
    const summary = result?.data.results.find((r) => r.query.id === byAction.id);
    expect(summary?.records).toBe(3);
    expect(summary?.table.rows[0]?.slice(0, 2)).toEqual(['UserModified', 3]);
  });

  it('is kept verbatim in the evidence', async () => {
    const s3 = standInS3Client(local.s3.endpoint);
    try {
      const listed = await s3.send(
        new ListObjectsV2Command({ Bucket: LOCAL_BUCKET, Prefix: `${prefix}evidence/` }),
      );
      const lines: string[] = [];
      for (const { Key } of listed.Contents ?? []) {
        const body = await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key }));
        lines.push(
          ...gunzipSync((await body.Body?.transformToByteArray()) ?? new Uint8Array())
            .toString('utf8')
            .split('\n'),
        );
      }
      const deep = lines.filter((l) => l.startsWith('{"id":"deep-1"'));
      expect(deep.length).toBeGreaterThan(0);
      for (const line of deep) expect(line.endsWith(`,"data":${deepText}}`)).toBe(true);
    } finally {
      s3.destroy();
    }
  });
});
