import type { ReportCatalog } from '../catalog/report-catalog.js';

/** Which tenants' records are aggregated per tenant, and which get a report even without records. */
export interface TenantAggregation {
  /** Whether a (safe) tenant ID's records are aggregated for it: every tenant, or those in `include`. */
  accept: (tenantId: string) => boolean;
  /** Tenants that get a report even without records: those in `include` and those with recipients. */
  required: string[];
}

/** Per-tenant aggregation as the catalog sets it; `undefined` when per-tenant reports are off. */
export function tenantAggregation(catalog: ReportCatalog): TenantAggregation | undefined {
  const { tenants } = catalog;
  if (!tenants.enabled) return undefined;
  const { include } = tenants;
  return {
    accept: (tenantId) => !include || include.includes(tenantId),
    required: [...new Set([...(include ?? []), ...tenants.recipients.keys()])],
  };
}

/**
 * The tenants the per-tenant analytics search groups by: all (no `include`), or those in `include`;
 * `undefined` when per-tenant reports are off (no such search).
 */
export function tenantTrendScope(catalog: ReportCatalog): { include?: string[] } | undefined {
  return catalog.tenants.enabled ? { include: catalog.tenants.include } : undefined;
}

/**
 * Which tenants get a report: those with configured recipients first, then the others by ID, up to
 * `maxReports`. The order is by ID, never by arrival, so re-runs pick the same tenants.
 */
export function selectTenants(
  ids: Iterable<string>,
  catalog: ReportCatalog,
): { kept: string[]; skipped: string[] } {
  const sorted = [...new Set(ids)].sort();
  const mailed = sorted.filter((id) => catalog.tenants.recipients.has(id));
  const others = sorted.filter((id) => !catalog.tenants.recipients.has(id));
  const ordered = [...mailed, ...others];
  const max = catalog.tenants.maxReports;
  return { kept: ordered.slice(0, max).sort(), skipped: ordered.slice(max).sort() };
}

/** The tenants of `ids` that get their own report (their stored history, their access review); none when off. */
export const reportedTenants = (ids: Iterable<string>, catalog: ReportCatalog): string[] =>
  catalog.tenants.enabled ? selectTenants(ids, catalog).kept : [];

/** Who receives a tenant's email: its configured recipients, else nobody. */
export const tenantRecipients = (catalog: ReportCatalog, tenantId: string): string[] =>
  catalog.tenants.recipients.get(tenantId) ?? [];
