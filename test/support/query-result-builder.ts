import { createAggregator } from '../../functions/core/aggregation/create-aggregator.js';
import type { AuditRecord } from '../../functions/core/audit-record.js';
import { BUILTIN_QUERIES } from '../../functions/core/builtin-queries.js';
import { parseIsoWeek } from '../../functions/core/period.js';
import type { QueryResult } from '../../functions/core/report-model.js';

export const TEST_WEEK = parseIsoWeek('2026-W47');

/** A built-in query's complete result over `records` (the query's own filter is not applied). */
export function builtinResult(id: string, records: AuditRecord[], complete = true): QueryResult {
  const query = BUILTIN_QUERIES.find((q) => q.id === id);
  if (!query) throw new Error(`no built-in query ${id}`);
  const aggregator = createAggregator(query, TEST_WEEK);
  for (const record of records) aggregator.add(record);
  return {
    query,
    evidenceFile: `evidence/${query.collection ?? query.id}.ndjson.gz`,
    table: aggregator.finish(),
    records: aggregator.records,
    complete,
    gaps: complete ? [] : [{ from: TEST_WEEK.from, to: TEST_WEEK.to, reason: 'timed out', fetched: 0 }],
  };
}
