import type { AuditRecord } from '../audit-record.js';

/** A finished table: CSV columns and rows of display strings (numbers for counts). */
export interface QueryTable {
  columns: string[];
  /** The rows in report order: all of them, or the first `rowCount` is more than (see rows-held.ts). */
  rows: Array<Array<string | number>>;
  /** Rows in the whole table, when `rows` holds only the first of them. */
  rowCount?: number;
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
