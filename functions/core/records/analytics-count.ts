/** Dimensions Descope analytics can group audit counts by (and the report uses). */
export const ANALYTICS_DIMENSIONS = ['action', 'device', 'method', 'geo', 'tenant'] as const;
export type AnalyticsDimension = (typeof ANALYTICS_DIMENSIONS)[number];

/**
 * One analytics search: counts of audit events in `[from, to]` (epoch ms, both ends as the API
 * reads them), optionally filtered, grouped by `groupBy` and by UTC day (or hour).
 */
export interface AnalyticsQuery {
  from: number;
  to: number;
  actions?: string[];
  tenants?: string[];
  groupBy: AnalyticsDimension[];
  /** Time buckets (`groupByCreated` `d` or `h`); whether Descope honours hours is undocumented. @default 'day' */
  bucket?: 'day' | 'hour';
}

/** One grouped count. Dimensions not grouped by are absent; `day` is the bucket's start (epoch ms), a day or an hour. */
export interface AnalyticsCount {
  day: number;
  count: number;
  action?: string;
  device?: string;
  method?: string;
  geo?: string;
  tenant?: string;
}
