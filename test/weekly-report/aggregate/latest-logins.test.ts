import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openEvidenceDatabase } from '../../../functions/adapters/duckdb-query-engine.js';
import { formatEvidenceLine } from '../../../functions/core/records/evidence-line.js';
import { findLatestLogins } from '../../../functions/weekly-report/aggregate/latest-logins.js';
import { auditRecord } from '../../support/audit-record-builder.js';

const HOSTILE = "x' OR '1'='1";
const login = (userId: string, occurred: number, method = 'password', action = 'LoginSucceed') =>
  auditRecord({ userId, occurred, method, action });

const records = [
  login('U1', 1_000),
  login('U1', 3_000),
  login('U1', 2_000),
  login('U2', 9_000, 'Impersonate'),
  login('U2', 4_000, 'otp'),
  login('U3', 8_000, 'password', 'LoginFailed'),
  login('U4', 7_000),
  login(HOSTILE, 5_000),
  login('constructor', 6_000),
];

async function withDatabase<T>(run: (db: Awaited<ReturnType<typeof openEvidenceDatabase>>) => Promise<T>) {
  const directory = await mkdtemp(join(tmpdir(), 'latest-logins-'));
  try {
    const file = join(directory, 'part.ndjson.gz');
    await writeFile(file, gzipSync(records.map(formatEvidenceLine).join('')));
    const db = await openEvidenceDatabase([file], directory, { threads: 1 });
    try {
      return await run(db);
    } finally {
      db.close();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

describe('the latest successful logins in the evidence', () => {
  it('answers for the users asked about only, without impersonations or failures, IDs bound as data', async () => {
    const asked = ['U1', 'U2', 'U3', HOSTILE, 'constructor', 'U-absent'];
    const latest = await withDatabase((db) => findLatestLogins(db, { filter: {} }, asked));
    expect([...latest].sort()).toEqual(
      [
        ['U1', 3_000],
        ['U2', 4_000],
        [HOSTILE, 5_000],
        ['constructor', 6_000],
      ].sort(),
    );
  });

  it('asks nothing of a collection whose search cannot hold successful logins, or for no users', async () => {
    await withDatabase(async (db) => {
      expect(await findLatestLogins(db, { filter: { actions: ['LoginFailed'] } }, ['U1'])).toEqual(new Map());
      expect(await findLatestLogins(db, { filter: { excludedActions: ['LoginSucceed'] } }, ['U1'])).toEqual(
        new Map(),
      );
      expect(await findLatestLogins(db, { filter: { actions: ['LoginSucceed'] } }, [])).toEqual(new Map());
      expect(await findLatestLogins(db, { filter: { actions: ['LoginSucceed'] } }, ['U4'])).toEqual(
        new Map([['U4', 7_000]]),
      );
    });
  });
});
