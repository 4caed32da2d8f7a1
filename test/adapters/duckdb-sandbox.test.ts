import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbSandbox, SqlLimitError } from '../../functions/adapters/duckdb-sandbox.js';
import type { SqlLimits } from '../../functions/adapters/duckdb-sandbox-protocol.js';

let dir: string;
let database: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sandbox-'));
  database = join(dir, 'evidence.duckdb');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(database);
  const connection = await instance.connect();
  await connection.run(
    'CREATE TABLE records AS SELECT range AS i, md5(range::VARCHAR) AS id FROM range(1000000)',
  );
  connection.closeSync();
  instance.closeSync();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const roomy: SqlLimits = {
  timeMs: 20_000,
  processMemoryMb: 600,
  duckdbMemoryMb: 64,
  tempMb: 1024,
  threads: 1,
};

/** Runs `sql` in a fresh sandbox under `limits`; its rows, or the limit that stopped it. */
async function run(sql: string, limits: Partial<SqlLimits>) {
  const spillDirectory = await mkdtemp(join(dir, 'spill-'));
  const sandbox = await openDuckDbSandbox({ database, spillDirectory, limits: { ...roomy, ...limits } });
  const rows: unknown[][] = [];
  let columns: string[] = [];
  let records = 0;
  const started = Date.now();
  try {
    await sandbox.run(sql, {
      onColumns: (named, n) => {
        columns = named;
        records = n;
      },
      onRows: async (chunk) => void rows.push(...chunk),
    });
    return { rows, columns, records, ms: Date.now() - started };
  } catch (error) {
    return { error, ms: Date.now() - started };
  } finally {
    sandbox.close();
  }
}

const limitOf = (outcome: { error?: unknown }) =>
  outcome.error instanceof SqlLimitError ? outcome.error.limit : String(outcome.error);

describe('the DuckDB sandbox', () => {
  it('streams a statement’s rows over the read-only evidence, with its columns and the records it could read', async () => {
    const outcome = await run('SELECT i % 3 AS k, count(*) AS n FROM records GROUP BY 1 ORDER BY 1', {});
    expect(outcome).toMatchObject({
      columns: ['k', 'n'],
      records: 1_000_000,
      rows: [
        [0, 333334],
        [1, 333333],
        [2, 333333],
      ],
    });
    // File access is off inside the sandbox too, whatever the rules let through.
    const file = await run("SELECT * FROM read_csv('/etc/passwd') ORDER BY 1", {});
    expect(String(file.error)).toMatch(/could not run a query: .*(Permission|disabled)/i);
  });

  it('kills a statement whose one value outgrows the process memory limit', async () => {
    const outcome = await run("SELECT length(repeat('x', 1500000000)) AS n ORDER BY 1", {
      processMemoryMb: 200,
    });
    expect(limitOf(outcome)).toBe('process-memory');
    expect((outcome.error as Error).message).toBe(
      "stopped at its memory limit of 200 MB (the DuckDB process's resident memory)",
    );
  });

  it('interrupts an endless statement at its time limit', async () => {
    const outcome = await run(
      'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) AS c FROM t ORDER BY 1',
      { timeMs: 1000 },
    );
    expect(limitOf(outcome)).toBe('time');
    expect(outcome.ms).toBeLessThan(1000 + 2000 + 1500);
  });

  it('stops at DuckDB’s memory limit, and at the disk a statement may spill to', async () => {
    const grouped = await run('SELECT id, count(*) AS n FROM records GROUP BY id ORDER BY 1', {
      duckdbMemoryMb: 16,
    });
    expect(limitOf(grouped)).toBe('duckdb-memory');
    const sorted = await run(
      'SELECT max(x) AS m FROM (SELECT id || id AS x, i FROM records ORDER BY id DESC, i) ORDER BY 1',
      { duckdbMemoryMb: 48, tempMb: 8 },
    );
    expect(limitOf(sorted)).toBe('temp-directory');
    expect((sorted.error as Error).message).toBe('stopped at its temporary disk limit of 8 MB');
  });
});
