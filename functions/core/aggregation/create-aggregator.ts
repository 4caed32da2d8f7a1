import type { QueryDefinition } from '../query-definition.js';
import type { Aggregator } from './aggregator.js';
import { createGroupAggregator } from './group-aggregator.js';
import { createRowsAggregator } from './rows-aggregator.js';

/** The aggregator a query's definition asks for. */
export function createAggregator(query: QueryDefinition): Aggregator {
  return query.aggregation.kind === 'group'
    ? createGroupAggregator(query.aggregation)
    : createRowsAggregator(query.aggregation);
}
