import type {
  CollectionFigures,
  DuckDbMeasurement,
  EvidenceMeasurement,
  JobMeasurement,
  MeasuredTable,
} from './measurements.js';

/** Descope's audit search page size (default and maximum). */
export const PAGE_SIZE = 1000;

/** Descope's real audit search limit, requests per minute. */
export const DESCOPE_REQUESTS_PER_MINUTE = 10;

/** Everything measured for one size. */
export interface SizeMeasurement {
  events: number;
  standInStartMs: number;
  /** Gzipped NDJSON evidence the job stored, every collection. */
  evidenceBytes: number;
  job: JobMeasurement;
  evidence: EvidenceMeasurement;
  duckDb: DuckDbMeasurement;
}

/**
 * The fewest requests that can read the collections: every distinct filter costs at least one
 * request (its `total`), and a page holds at most {@link PAGE_SIZE} records, so
 * `sum of max(1, ceil(n_i / 1000))` over the collections.
 */
export function requestFloor(collections: readonly Pick<CollectionFigures, 'kept'>[]): number {
  return collections.reduce((sum, c) => sum + Math.max(1, Math.ceil(c.kept / PAGE_SIZE)), 0);
}

/**
 * The fewest requests for a client that does not take `total` as proof a window is read: only a
 * page with fewer than 1,000 records (or none) proves it, so Σ (⌊nᵢ / 1000⌋ + 1).
 */
export function proofFloor(collections: readonly Pick<CollectionFigures, 'kept'>[]): number {
  return collections.reduce((sum, c) => sum + Math.floor(c.kept / PAGE_SIZE) + 1, 0);
}

/** Minutes `requests` take at Descope's limit: requests / 10 (a sliding minute window). */
export const minutesAtDescopeLimit = (requests: number) => requests / DESCOPE_REQUESTS_PER_MINUTE;

/**
 * Two computations of one table, each holding the first rows it reads and saying how many there are
 * in all (every row is in its CSV): same columns, same row count, the same held rows cell for cell.
 */
function sameTable(a: MeasuredTable | undefined, b: MeasuredTable | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const held = Math.min(a.rows.length, b.rows.length);
  return (
    JSON.stringify(a.columns) === JSON.stringify(b.columns) &&
    (a.rowCount ?? a.rows.length) === (b.rowCount ?? b.rows.length) &&
    JSON.stringify(a.rows.slice(0, held)) === JSON.stringify(b.rows.slice(0, held))
  );
}

/**
 * Problems with a size's numbers: the job incomplete, a collection that read other than what the
 * API counted, or the job, our evidence recount and DuckDB disagreeing on any cell. Empty when the
 * figures can be trusted.
 */
export function findDiscrepancies(m: SizeMeasurement): string[] {
  const problems: string[] = [];
  if (!m.job.complete) problems.push('the job reported gaps');
  const kept = m.job.collections.reduce((sum, c) => sum + c.kept, 0);
  if (kept !== m.events) problems.push(`the job kept ${kept} of ${m.events} events`);
  if (m.evidence.records !== kept) problems.push(`the evidence holds ${m.evidence.records} records`);
  if (m.duckDb.records !== m.evidence.records) problems.push(`DuckDB counted ${m.duckDb.records} records`);
  for (const [id, table] of Object.entries(m.job.tables)) {
    if (!sameTable(table, m.evidence.tables[id])) problems.push(`${id}: the evidence recount differs`);
  }
  if (!sameTable(m.job.tables['failed-logins-by-geo'], m.duckDb.table)) {
    problems.push('failed-logins-by-geo: DuckDB differs');
  }
  return problems;
}
