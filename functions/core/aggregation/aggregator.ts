import type { AuditRecord } from '../audit-record.js';

/** A finished table: CSV columns and rows of display strings (numbers for counts). */
export interface QueryTable {
  columns: string[];
  rows: Array<Array<string | number>>;
}

/** Folds records one at a time (records stream through; only the aggregate is kept). */
export interface Aggregator {
  add(record: AuditRecord): void;
  /** Records accepted so far. */
  readonly records: number;
  finish(): QueryTable;
}

/** What each aggregation kind implements; `createAggregator` counts the records for all of them. */
export type RecordFold = Omit<Aggregator, 'records'>;
