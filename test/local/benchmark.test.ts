import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectoryReportStore } from '../../functions/adapters/directory-report-store.js';
import { BUILTIN_QUERIES } from '../../functions/core/catalog/builtin-queries.js';
import { previousCompleteWeek } from '../../functions/core/period/period.js';
import {
  findDiscrepancies,
  minutesAtDescopeLimit,
  proofFloor,
  requestFloor,
  type SizeMeasurement,
} from '../../functions/local/benchmark/benchmark-figures.js';
import { DEFAULT_SIZES, parseBenchmarkOptions } from '../../functions/local/benchmark/benchmark-options.js';
import {
  formatDuration,
  formatMinutes,
  formatRequestTable,
} from '../../functions/local/benchmark/benchmark-table.js';
import {
  FAILED_LOGINS_EVIDENCE_GLOB,
  measureDuckDbAggregation,
} from '../../functions/local/benchmark/duckdb-aggregation.js';
import { measureEvidenceAggregation } from '../../functions/local/benchmark/evidence-aggregation.js';
import { generateSyntheticFailedLogins } from '../../functions/local/descope-api/synthetic-failed-logins.js';
import { createEvidenceWriter } from '../../functions/weekly-report/collect/evidence-writer.js';
import { openRevisionWriter } from '../../functions/weekly-report/publish/revision-writer.js';
import { computeTable } from '../support/compute-table.js';

const NOW = Date.parse('2026-01-14T10:00:00Z');
const WEEK = { from: Date.parse('2026-01-05T00:00:00Z'), to: Date.parse('2026-01-12T00:00:00Z') };

describe('requestFloor', () => {
  it.each([
    { kept: [], floor: 0 },
    { kept: [0], floor: 1 },
    { kept: [1], floor: 1 },
    { kept: [1000], floor: 1 },
    { kept: [1001], floor: 2 },
    { kept: [1_000_000, 0], floor: 1001 },
    { kept: [10_000, 2500], floor: 13 },
  ])('$kept → $floor', ({ kept, floor }) => {
    expect(requestFloor(kept.map((n) => ({ kept: n })))).toBe(floor);
  });

  it('models time at Descope’s 10 requests a minute', () => {
    expect(minutesAtDescopeLimit(1001)).toBeCloseTo(100.1);
    expect(formatMinutes(100.1)).toBe('1 h 40 min');
    expect(formatMinutes(1.1)).toBe('1.1 min');
    expect(formatMinutes(119.8)).toBe('2 h 0 min');
    expect(formatDuration(850.4)).toBe('850 ms');
    expect(formatDuration(12_345)).toBe('12.3 s');
  });
});

describe('parseBenchmarkOptions', () => {
  it('defaults to 10k, 100k and 1M events with the limit raised', () => {
    expect(parseBenchmarkOptions([])).toMatchObject({
      sizes: DEFAULT_SIZES,
      rateLimit: 100_000,
      maxResultWindow: 10_000,
    });
  });

  it('runs a subset and names a bad flag', () => {
    expect(parseBenchmarkOptions(['--sizes', '10000, 100_000']).sizes).toEqual([10_000, 100_000]);
    expect(() => parseBenchmarkOptions(['--sizes', '10k'])).toThrow(/--sizes/);
    expect(() => parseBenchmarkOptions(['--rate-limit', '0'])).toThrow(/--rateLimit/);
  });
});

describe('aggregating stored evidence: our code and DuckDB', () => {
  const records = generateSyntheticFailedLogins({ count: 5000, window: WEEK, seed: 7, projectId: 'P2test' });
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'bench-evidence-'));
    const store = createDirectoryReportStore(directory);
    const name = 'evidence/login-failures/part-0001.ndjson.gz';
    const target = await openRevisionWriter({ store, periodPrefix: '' });
    const failed = createEvidenceWriter(target, name);
    for (const record of records) await failed.write(record);
    await failed.close();
    const empty = 'evidence/role-changes/part-0001.ndjson.gz';
    await createEvidenceWriter(target, empty).close();
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('give the numbers the job computes while collecting, cell for cell', async () => {
    const query = BUILTIN_QUERIES.find((q) => q.id === 'failed-logins-by-geo');
    if (!query) throw new Error('failed-logins-by-geo is not a built-in query');
    // The engine's table from the records as collected (not from the files the benchmark reads).
    const { table } = await computeTable(query, records, previousCompleteWeek(NOW));

    const ours = await measureEvidenceAggregation({ directory, projectId: 'P2test', now: NOW });
    const duckDb = await measureDuckDbAggregation({ path: join(directory, FAILED_LOGINS_EVIDENCE_GLOB) });

    expect(ours.records).toBe(5000);
    expect(ours.tables['failed-logins-by-geo']).toEqual(table);
    expect(ours.tables['role-grants']?.rows).toEqual([]);
    expect(duckDb.table).toEqual(table);
    // The burst has no user ID: an empty value is not a distinct user, in SQL as in our code.
    expect(table.rows.find((row) => row[0] === 'KZ')?.[2]).toBe(0);

    const job = {
      requests: 6,
      retries: 0,
      rateLimitWaits: 0,
      collections: [
        { id: 'failed-logins-by-geo', kept: 5000, fetched: 5000, expected: 5000, duplicates: 0, gaps: 0 },
        { id: 'role-grants', kept: 0, fetched: 0, expected: 0, duplicates: 0, gaps: 0 },
      ],
      complete: true,
      emailStatus: 'sent',
      wallMs: 1,
      searchWaitMs: 1,
      cpuMs: 1,
      memory: ours.memory,
      retainedHeap: null,
      prefix: '',
      evidenceKeys: [],
      tables: ours.tables,
    };
    const measured: SizeMeasurement = {
      events: 5000,
      standInStartMs: 0,
      evidenceBytes: 1,
      job,
      evidence: ours,
      duckDb,
    };
    expect(findDiscrepancies(measured)).toEqual([]);
    expect(requestFloor(job.collections)).toBe(6);
    const printed = formatRequestTable([measured]).split('\n');
    expect(printed).toHaveLength(3);
    expect(new Set(printed.map((line) => line.length)).size).toBe(1);
    // The proof floor: 5,000 failed logins need a sixth page to show the fifth was the last.
    expect(proofFloor(job.collections)).toBe(7);
    expect(printed[2]).toMatch(
      /^\| +5,000 \| +6 \| +6 \| +1\.000 \| +7 \| +0\.857 \| +0\.6 min \| +0\.6 min \|$/,
    );
    const changed = { ...duckDb, table: { ...duckDb.table, rows: duckDb.table.rows.slice(1) } };
    expect(findDiscrepancies({ ...measured, duckDb: changed })).toEqual([
      'failed-logins-by-geo: DuckDB differs',
    ]);
  });
});
