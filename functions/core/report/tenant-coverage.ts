import type { QueryTable, TableFile } from './report-model.js';

/** One tenant report, as the project-wide report lists it. */
export interface TenantReportSummary {
  tenantId: string;
  findings: number;
  complete: boolean;
}

/**
 * Tenants past `maxReports` (recipients first, then most records): their events are in the project
 * report; the report counts them and a CSV in its folder lists each with its records.
 */
export interface TenantsNotReported {
  tenants: number;
  /** Records naming them (a record counts once per tenant and search). */
  records: number;
  /** `tenant_id`, `records`: the first rows (`rowCount` all of them). */
  table: QueryTable;
  /** The CSV's name in the project folder. */
  file: string;
  /** The CSV on local disk as the census wrote it; absent: rendered from `table`. */
  csv?: TableFile;
}

/** What the project-wide report says about per-tenant reports. */
export interface TenantCoverage {
  reports: TenantReportSummary[];
  /** Tenants past `maxReports`: aggregated in the project report, without a report of their own. */
  notReported: TenantsNotReported;
  /** Tenant IDs refused as folder names, with the records that named them. */
  rejected: Array<{ tenantId: string; records: number }>;
}
