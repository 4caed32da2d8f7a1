import type { QueryTable } from './aggregation/aggregator.js';
import type { TimeWindow } from './audit-record.js';
import type { ReportPeriod } from './period.js';
import type { QueryDefinition } from './query-definition.js';

/** A time range of a query whose records could not all be read. */
export interface ReportGap extends TimeWindow {
  reason: string;
  expected?: number;
  fetched: number;
}

/** One query's finished result. */
export interface QueryResult {
  query: QueryDefinition;
  /** The evidence file holding the records this result was computed from. */
  evidenceFile: string;
  table: QueryTable;
  /** Records aggregated (inside the period, unique). */
  records: number;
  complete: boolean;
  gaps: ReportGap[];
}

/** Everything a report is rendered from. */
export interface ReportData {
  projectId: string;
  period: ReportPeriod;
  results: QueryResult[];
  /** Descope's audit retention in days, for the retention note. */
  retentionDays: number;
}

/** Where the stored report can be found, as shown in the report and the email. */
export interface ReportLocation {
  /** `s3://bucket/prefix/` */
  uri: string;
  /** A link to browse the prefix (S3 console, or a local path); empty when there is none. */
  browseUrl: string;
  /** Key prefix inside the bucket, ending in `/`. */
  prefix: string;
}

/** A query's headline: the number a reader sees first. */
export function headlineCount(result: QueryResult): number {
  return result.query.aggregation.kind === 'group' ? result.records : result.table.rows.length;
}

export const isReportComplete = (data: ReportData): boolean => data.results.every((r) => r.complete);
