import type { ReportPeriod } from '../period/period.js';

/** Key prefix of every report object; the function's and the auditors' IAM grants stop at it. */
export const REPORTS_PREFIX = 'reports/';

/** Days (daily review) live in their own folder beside the weeks. */
export const DAYS_FOLDER = 'days/';

/**
 * `reports/<projectId>/<period label>/` (a day: `reports/<projectId>/days/<YYYY-MM-DD>/`):
 * deterministic, so a re-run overwrites the same keys.
 */
export const reportPrefix = (projectId: string, period: ReportPeriod) =>
  `${REPORTS_PREFIX}${projectId}/${period.kind === 'day' ? DAYS_FOLDER : ''}${period.label}/`;

/** `<report prefix>tenants/<tenantId>/` (tenant IDs are checked to be safe key segments). */
export const tenantPrefix = (prefix: string, tenantId: string) => `${prefix}tenants/${tenantId}/`;
