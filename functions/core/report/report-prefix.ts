import type { ReportPeriod } from '../period/period.js';

/** Key prefix of every report object; the function's and the auditors' IAM grants stop at it. */
export const REPORTS_PREFIX = 'reports/';

/** `reports/<projectId>/<period label>/`: deterministic, so a re-run overwrites the same keys. */
export const reportPrefix = (projectId: string, period: ReportPeriod) =>
  `${REPORTS_PREFIX}${projectId}/${period.label}/`;

/** `<report prefix>tenants/<tenantId>/` (tenant IDs are checked to be safe key segments). */
export const tenantPrefix = (prefix: string, tenantId: string) => `${prefix}tenants/${tenantId}/`;
