import type { TimeWindow } from '../audit-record.js';
import type { QueryDefinition } from '../query-definition.js';
import { matchesConditions } from '../record-match.js';
import type { Aggregator } from './aggregator.js';
import { createGroupAggregator } from './group-aggregator.js';
import { createRowsAggregator } from './rows-aggregator.js';
import { createSeriesAggregator } from './series-aggregator.js';

function createBaseAggregator(query: QueryDefinition, period: TimeWindow, scopeTenant?: string): Aggregator {
  switch (query.aggregation.kind) {
    case 'group':
      return createGroupAggregator(query.aggregation);
    case 'rows':
      return createRowsAggregator(query.aggregation, scopeTenant);
    case 'series':
      return createSeriesAggregator(query.aggregation, period);
  }
}

/**
 * The aggregator a query's definition asks for, keeping only the records that meet its `where`
 * conditions (queries sharing a search each see their own records). `period` sets the days of a
 * series. `scopeTenant` is set for a tenant's report (role changes count only in their own tenant).
 */
export function createAggregator(
  query: QueryDefinition,
  period: TimeWindow,
  scopeTenant?: string,
): Aggregator {
  const base = createBaseAggregator(query, period, scopeTenant);
  if (query.where.length === 0) return base;
  return {
    get records() {
      return base.records;
    },
    add(record) {
      if (matchesConditions(record, query.where)) base.add(record);
    },
    finish: () => base.finish(),
  };
}
