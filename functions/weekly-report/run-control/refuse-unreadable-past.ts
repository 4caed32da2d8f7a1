import type { ManifestSigner } from '../../adapters/manifest-signer.js';
import type { ReportStore } from '../../adapters/report-store.js';
import { planCollections } from '../../core/catalog/query-plan.js';
import { catalogForSource, type ReportCatalog } from '../../core/catalog/report-catalog.js';
import { MANIFEST_FILE, sha256Hex } from '../../core/integrity/manifest.js';
import { DAY_MS, DESCOPE_RETENTION_DAYS, type ReportPeriod } from '../../core/period/period.js';
import { reportPrefix } from '../../core/report/report-prefix.js';
import { PeriodError } from '../../shared/errors.js';
import { readStoredDays } from '../history/read-stored-days.js';

/** What verifies a week's stored days: the run's signer and its catalog (the days' filters must be its). */
export interface StoredDaysCheck {
  signer?: ManifestSigner;
  catalog: ReportCatalog;
}

/** How a period can still be read: by the search (inside its retention) or only from its stored days. */
export type ReadablePast = 'search' | 'stored-days';

/**
 * A period that started longer ago than Descope's retention can no longer be read in full by the
 * search. An ISO week whose seven stored days are sealed, verify and were collected by this catalog
 * is built from them instead (`stored-days`; their evidence parts are checked when they are read).
 * Anything else is refused before any Descope request, never produced from analytics alone: the
 * message says whether its report is stored, which days are missing or failed and why, and how a
 * longer report can still cover it.
 */
export async function refuseUnreadablePast(
  store: ReportStore,
  input: { projectId: string; period: ReportPeriod; now: number; days?: StoredDaysCheck },
): Promise<ReadablePast> {
  const prefix = reportPrefix(input.projectId, input.period);
  const oldest = input.now - DESCOPE_RETENTION_DAYS * DAY_MS;
  if (input.period.from >= oldest) return 'search';
  let daysNote = '';
  if (input.period.kind === 'iso-week' && input.days) {
    const read = await readStoredDays({
      store,
      signer: input.days.signer,
      projectId: input.projectId,
      week: input.period,
      // The search's collections: what the days were read with and what the week will copy.
      plans: planCollections(catalogForSource(input.days.catalog, 'search').catalog.queries),
      everyDay: true,
      checkParts: false,
    });
    if (read.ok) return 'stored-days';
    daysNote = ` Its seven stored days cannot stand in for the search: ${read.reason}.`;
  }
  const manifest = await store.get(`${prefix}${MANIFEST_FILE}`);
  const since = `${input.period.label} started ${new Date(input.period.from).toISOString()}, more than Descope's ${DESCOPE_RETENTION_DAYS}-day audit retention ago`;
  throw new PeriodError(
    manifest
      ? `${since}: it cannot be collected again. Its stored report is at ${prefix} (manifest SHA-256 ${sha256Hex(manifest)}).${daysNote}`
      : `${since}, and no report of it is stored: it can no longer be read in full, and it is never produced from Descope analytics alone.${daysNote} A --month, --quarter or --from/--to report built from the stored weeks lists it as a gap.`,
  );
}
