import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { processCpuMs } from './cpu-time.js';
import type { DuckDbMeasurement, MeasuredTable } from './measurements.js';
import { startMemoryProbe } from './memory-probe.js';

/** The failed-logins evidence parts, relative to the report's prefix (a DuckDB glob). */
export const FAILED_LOGINS_EVIDENCE_GLOB = 'evidence/login-failures/part-*.ndjson.gz';

/** The failed-logins evidence (a file or a glob of parts) to aggregate. */
export const duckDbSpecSchema = z.object({ path: z.string() });
export type DuckDbSpec = z.output<typeof duckDbSpecSchema>;

/** The columns of `failed-logins-by-geo.csv`, in order. */
export const FAILED_LOGINS_COLUMNS = [
  'geo',
  'failed_logins',
  'distinct_users',
  'distinct_login_ids',
  'distinct_ips',
  'first_seen',
  'last_seen',
];

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * The `failed-logins-by-geo` query in SQL, with the job's conventions spelled out: an empty geo is
 * its own `unknown` group, empty values are not counted as distinct, login IDs are compared as the
 * `; `-joined list the CSV shows, and rows go by count (descending), then geo.
 */
export function failedLoginsByGeoSql(path: string): string {
  return `
    SELECT coalesce(nullif(geo, ''), 'unknown') AS geo,
           count(*) AS failed_logins,
           count(DISTINCT nullif(userId, '')) AS distinct_users,
           count(DISTINCT nullif(array_to_string(loginIds, '; '), '')) AS distinct_login_ids,
           count(DISTINCT nullif(remoteAddress, '')) AS distinct_ips,
           min(occurredMs) AS first_seen,
           max(occurredMs) AS last_seen
    FROM read_json_auto(${quote(path)})
    GROUP BY 1
    ORDER BY failed_logins DESC, geo`;
}

/** Runs {@link failedLoginsByGeoSql} with DuckDB on the gzipped NDJSON and shapes it as the job's table. */
export async function measureDuckDbAggregation(spec: DuckDbSpec): Promise<DuckDbMeasurement> {
  const memory = startMemoryProbe();
  const opening = performance.now();
  // Loaded here only: the job's process must not carry DuckDB's native library in its memory.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const querying = performance.now();
  const cpuBefore = processCpuMs();
  try {
    const reader = await connection.runAndReadAll(failedLoginsByGeoSql(spec.path));
    const queryMs = performance.now() - querying;
    const cpuMs = processCpuMs() - cpuBefore;
    const rows = reader.getRowsJS().map((row) => {
      const [geo, count, users, loginIds, ips, first, last] = row.map((cell) =>
        typeof cell === 'bigint' ? Number(cell) : cell,
      );
      return [
        String(geo),
        Number(count),
        Number(users),
        Number(loginIds),
        Number(ips),
        new Date(Number(first)).toISOString(),
        new Date(Number(last)).toISOString(),
      ];
    });
    const table: MeasuredTable = { columns: FAILED_LOGINS_COLUMNS, rows };
    return {
      records: rows.reduce((sum, row) => sum + Number(row[1]), 0),
      openMs: querying - opening,
      queryMs,
      cpuMs,
      memory: memory.stop(),
      table,
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
