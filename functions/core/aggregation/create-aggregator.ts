import type { TimeWindow } from '../audit-record.js';
import type { QueryDefinition } from '../query-definition.js';
import { matchesConditions } from '../record-match.js';
import type { Aggregator } from './aggregator.js';
import { createRowsAggregator } from './rows-aggregator.js';

/**
 * The aggregator of rows showing raw change details (see rows-aggregator.ts), keeping only the records that
 * meet its `where` conditions. Every other query is SQL (core/sql), run by DuckDB. A tenant's
 * records come scoped (tenant-aggregators.ts).
 */
export function createAggregator(
  query: QueryDefinition,
  _period: TimeWindow,
  _scopeTenant?: string,
): Aggregator {
  const spec = query.aggregation;
  if (spec.kind !== 'rows') throw new Error(`Query ${query.id} is computed by the SQL engine, not in code`);
  const fold = createRowsAggregator(spec);
  let records = 0;
  return {
    get records() {
      return records;
    },
    add(record) {
      if (query.where.length > 0 && !matchesConditions(record, query.where)) return;
      records += 1;
      fold.add(record);
    },
    finish: () => fold.finish(),
  };
}
