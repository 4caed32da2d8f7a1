import type { TimeWindow } from '../audit-record.js';
import type { QueryDefinition } from '../query-definition.js';
import { matchesConditions } from '../record-match.js';
import type { Aggregator, RecordFold } from './aggregator.js';
import { createGroupAggregator } from './group-aggregator.js';
import { createRowsAggregator } from './rows-aggregator.js';
import { createSeriesAggregator } from './series-aggregator.js';

function createRecordFold(query: QueryDefinition, period: TimeWindow, scopeTenant?: string): RecordFold {
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
  const fold = createRecordFold(query, period, scopeTenant);
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
