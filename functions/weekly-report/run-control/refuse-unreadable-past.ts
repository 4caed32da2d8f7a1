import type { ReportStore } from '../../adapters/report-store.js';
import { MANIFEST_FILE, sha256Hex } from '../../core/integrity/manifest.js';
import { DAY_MS, DESCOPE_RETENTION_DAYS, type ReportPeriod } from '../../core/period/period.js';
import { reportPrefix } from '../../core/report/report-prefix.js';
import { PeriodError } from '../../shared/errors.js';

/**
 * A period that started longer ago than Descope's retention can no longer be read in full: it is
 * refused before any Descope request, never produced from analytics alone. The message says whether
 * its report is stored and how a longer report can still cover it.
 */
export async function refuseUnreadablePast(
  store: ReportStore,
  input: { projectId: string; period: ReportPeriod; now: number },
): Promise<void> {
  const prefix = reportPrefix(input.projectId, input.period);
  const oldest = input.now - DESCOPE_RETENTION_DAYS * DAY_MS;
  if (input.period.from >= oldest) return;
  const manifest = await store.get(`${prefix}${MANIFEST_FILE}`);
  const since = `${input.period.label} started ${new Date(input.period.from).toISOString()}, more than Descope's ${DESCOPE_RETENTION_DAYS}-day audit retention ago`;
  throw new PeriodError(
    manifest
      ? `${since}: it cannot be collected again. Its stored report is at ${prefix} (manifest SHA-256 ${sha256Hex(manifest)}).`
      : `${since}, and no report of it is stored: it can no longer be read in full, and it is never produced from Descope analytics alone. A --month, --quarter or --from/--to report built from the stored weeks lists it as a gap.`,
  );
}
