import type { ReportCatalog } from '../catalog/report-catalog.js';

/**
 * Which tenants may get a report, and how many (the catalog's `tenants`). The choice itself is
 * made over the whole week's tenant counts before any per-tenant work (aggregate/tenant-census.ts):
 * tenants with recipients first, then by records, most first, then by ID.
 */
export interface TenantChoice {
  /** Tenants with configured recipients: first in line, and reported even without records. */
  recipients: readonly string[];
  /** Only these tenants may get a report (reported even without records). @default every tenant */
  include?: readonly string[];
  maxReports: number;
}

/** The tenant choice as the catalog sets it; `undefined` when per-tenant reports are off. */
export function tenantChoice(catalog: ReportCatalog): TenantChoice | undefined {
  const { tenants } = catalog;
  if (!tenants.enabled) return undefined;
  return {
    recipients: [...tenants.recipients.keys()],
    include: tenants.include,
    maxReports: tenants.maxReports,
  };
}

/**
 * The tenants of `ids` (those the week's census chose, with their results) that get their own
 * report (their stored history, their access review), by ID; none when off.
 */
export const reportedTenants = (ids: Iterable<string>, catalog: ReportCatalog): string[] =>
  catalog.tenants.enabled ? [...new Set(ids)].sort() : [];

/**
 * The tenants the per-tenant analytics search groups by: all (no `include`), or those in `include`;
 * `undefined` when per-tenant reports are off (no such search).
 */
export function tenantTrendScope(catalog: ReportCatalog): { include?: string[] } | undefined {
  return catalog.tenants.enabled ? { include: catalog.tenants.include } : undefined;
}

/** Who receives a tenant's email: its configured recipients, else nobody. */
export const tenantRecipients = (catalog: ReportCatalog, tenantId: string): string[] =>
  catalog.tenants.recipients.get(tenantId) ?? [];
