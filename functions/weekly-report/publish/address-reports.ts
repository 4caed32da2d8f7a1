import type { ReportCatalog } from '../../core/catalog/report-catalog.js';
import type { ReportLocation } from '../../core/report/report-model.js';
import { tenantRecipients } from '../../core/report/tenant-selection.js';
import type { DeliverReportsInput } from './deliver-reports.js';
import type { StoredReportSet } from './store-report-set.js';

/** Who each stored report goes to: the project's recipients, and each tenant its own (the catalog's). */
export function addressReports(
  stored: StoredReportSet,
  location: ReportLocation,
  recipients: string[],
  catalog: ReportCatalog,
): Pick<DeliverReportsInput, 'project' | 'tenants'> {
  return {
    project: { data: stored.project, location, recipients },
    tenants: stored.tenants.map((tenant) => ({
      tenantId: tenant.tenantId,
      data: tenant.data,
      location: tenant.location,
      recipients: tenantRecipients(catalog, tenant.tenantId),
    })),
  };
}
