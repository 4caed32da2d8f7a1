import type { ReportData } from '../report/report-model.js';
import { formatCount, plural } from './format.js';

/** One per-tenant report linked from the project report. */
export interface TenantLinkView {
  tenantId: string;
  href: string;
  status: string;
}

/** What the report covers: the whole project or one tenant. */
export function buildScopeText(data: ReportData): string {
  if (data.scope.kind === 'tenant') {
    return (
      `Tenant ${data.scope.tenantId} only: events whose tenants include it. Events without a tenant, other ` +
      "tenants' events and project-wide role changes are left out; an event naming several tenants appears in " +
      'each of their reports, showing only the tenant whose report it is.'
    );
  }
  const tenants = data.tenants
    ? ` Per-tenant reports: ${plural(data.tenants.reports.length, 'tenant', 'tenants')}, under tenants/<tenantId>/.`
    : '';
  return `Project-wide: every tenant, and events without a tenant.${tenants}`;
}

/** Tenants without a report of their own that the report names (the CSV lists them all). */
const NOT_REPORTED_NAMED = 20;

/** Tenants left without a report of their own, and why. */
export function buildTenantNotes(data: ReportData): string[] {
  if (!data.tenants) return [];
  const notes: string[] = [];
  const { notReported } = data.tenants;
  if (notReported.tenants > 0) {
    const first = notReported.table.rows.slice(0, NOT_REPORTED_NAMED).map((row) => String(row[0]));
    const shown = first.length < notReported.tenants ? `${first.join(', ')}, …` : first.join(', ');
    notes.push(
      `${formatCount(notReported.tenants)} ${notReported.tenants === 1 ? 'tenant is' : 'tenants are'} not reported separately ` +
        `(the tenants.maxReports limit; tenants with recipients come first, then those with the most events): ${shown}. ` +
        `Their ${plural(notReported.records, 'record is', 'records are')} in this report, and ${notReported.file} lists every one of them.`,
    );
  }
  for (const { tenantId, records } of data.tenants.rejected) {
    notes.push(
      `Tenant ID "${tenantId}" (${plural(records, 'record', 'records')}) cannot name a folder (letters, digits, "_" ` +
        'and "-" only): no tenant report; its events are in this report.',
    );
  }
  return notes;
}

/** Links to the per-tenant reports, with each one's finding count and completeness. */
export function buildTenantLinks(data: ReportData): TenantLinkView[] {
  return (data.tenants?.reports ?? []).map((t) => ({
    tenantId: t.tenantId,
    href: `tenants/${t.tenantId}/report.html`,
    status: `${t.findings === 0 ? 'no findings' : plural(t.findings, 'finding', 'findings')}${t.complete ? '' : ', INCOMPLETE'}`,
  }));
}
