import { BUILTIN_QUERIES } from '../../functions/core/catalog/builtin-queries.js';
import { parseIsoWeek } from '../../functions/core/period/period.js';
import type { AuditRecord } from '../../functions/core/records/audit-record.js';
import type { QueryResult } from '../../functions/core/report/report-model.js';
import { computeTable } from './compute-table.js';

export const TEST_WEEK = parseIsoWeek('2026-W47');

/** A built-in query's complete result over `records` (the query's own filter is not applied). */
export async function builtinResult(
  id: string,
  records: AuditRecord[],
  complete = true,
): Promise<QueryResult> {
  const query = BUILTIN_QUERIES.find((q) => q.id === id);
  if (!query) throw new Error(`no built-in query ${id}`);
  const { table, records: counted, addressTotals } = await computeTable(query, records, TEST_WEEK);
  return {
    query,
    evidenceFile: `evidence/${query.collection ?? query.id}.ndjson.gz`,
    table,
    records: counted,
    ...(addressTotals ? { addressTotals } : {}),
    complete,
    gaps: complete ? [] : [{ from: TEST_WEEK.from, to: TEST_WEEK.to, reason: 'timed out', fetched: 0 }],
  };
}
