import type { ReportStore } from '../../adapters/report-store.js';
import type { CampaignReview } from '../../core/access/campaign-summary.js';
import type { ReportCatalog } from '../../core/catalog/report-catalog.js';
import type { RiskExceptions } from '../../core/exceptions/risk-exception.js';
import type { ComplianceContext } from '../../core/frameworks/compliance-context.js';
import type { TrustedKey } from '../../core/integrity/public-key-set.js';
import { DESCOPE_RETENTION_DAYS, type ReportPeriod } from '../../core/period/period.js';
import type { CollectionSource } from '../../core/report/collection-source.js';
import { assembleReports, type ReportSet } from '../../core/report/report-set.js';
import type { StoredWeeks } from '../../core/report/scope-report.js';
import { reportedTenants } from '../../core/report/tenant-selection.js';
import type { Trends } from '../../core/trends/weekly-history.js';
import { type AccessReviewSettings, prepareAccessReview } from '../access-review/prepare-access-review.js';
import type { AggregatedReportData } from '../aggregate/aggregate-evidence.js';
import type { RunContext } from '../history/gather-run-context.js';
import { ACCESS_USE } from '../history/load-access-history.js';
import { loadStoredHistory } from '../history/load-stored-history.js';
import { type StoredInputs, unverifiedFor } from '../history/stored-inputs.js';
import { checkPreviousLinks } from '../publish/previous-links.js';

export interface AssembleRunReportsInput {
  store: ReportStore;
  projectId: string;
  period: ReportPeriod;
  /** The report's folder. */
  prefix: string;
  prefixOf: (period: ReportPeriod) => string;
  catalog: ReportCatalog;
  compliance: ComplianceContext;
  /** The access review's settings; it runs when the context holds a directory. */
  accessReview?: AccessReviewSettings;
  context: RunContext;
  aggregated: AggregatedReportData;
  /** The gate a signing run reads earlier weeks through; their failures are in the reports. */
  inputs: StoredInputs;
  /** The keys a reviewer's sign-off may be signed with. */
  attestationKeys: readonly TrustedKey[];
  /** Accepted risks, applied to every scope's findings. @default none */
  exceptions?: RiskExceptions;
  /** Where the records came from, as the report states it. */
  source?: CollectionSource;
  /** The campaigns' weekly follow-up, shown in the project's access review. */
  campaigns?: CampaignReview;
  /** Told the project's trends once the analytics search has answered. */
  onTrends?: (trends: Trends, requests: number) => void;
}

/**
 * The assemble phase: the analytics answer, each reported tenant's stored previous weeks, the
 * access review (snapshot, previous snapshot, attestations), then every report of the run from the
 * aggregated numbers (pure, in core).
 */
export async function assembleRunReports(input: AssembleRunReportsInput): Promise<ReportSet> {
  const { aggregated, catalog, context } = input;
  const trends = await context.trends;
  input.onTrends?.(trends.project, trends.requests);
  const tenantIds = reportedTenants(aggregated.tenantResults.keys(), catalog);
  const tenantStored = new Map<string, StoredWeeks>();
  for (const tenantId of tenantIds) {
    tenantStored.set(
      tenantId,
      await loadStoredHistory({
        store: input.store,
        projectId: input.projectId,
        period: input.period,
        prefixOf: input.prefixOf,
        tenantId,
        inputs: input.inputs,
      }),
    );
  }
  const reviewAccess =
    input.accessReview && context.directory
      ? await prepareAccessReview({
          directory: context.directory,
          loginsSeen: aggregated.latestLogins,
          loginGaps: aggregated.latestLoginGaps,
          store: input.store,
          projectId: input.projectId,
          period: input.period,
          prefix: input.prefix,
          prefixOf: input.prefixOf,
          privilegedRoles: catalog.privilegedRoles,
          settings: input.accessReview,
          tenantIds,
          verify: { inputs: input.inputs, attestationKeys: input.attestationKeys },
          campaigns: input.campaigns,
        })
      : undefined;
  // The previous week's manifests the seals will link are verified now, so a failure is reported.
  await checkPreviousLinks(input.store, input.inputs, input.projectId, input.period, tenantIds);
  return assembleReports({
    projectId: input.projectId,
    period: input.period,
    retentionDays: DESCOPE_RETENTION_DAYS,
    catalog,
    compliance: input.compliance,
    results: aggregated.results,
    trends: trends.project,
    tenantResults: aggregated.tenantResults,
    tenantTrends: trends.tenant,
    stored: context.stored,
    tenantStored: (tenantId) => tenantStored.get(tenantId) ?? { weeks: new Map(), notes: [] },
    rejectedTenants: aggregated.rejectedTenants,
    notReportedTenants: aggregated.notReportedTenants,
    reviewAccess,
    unverified: unverifiedFor(input.inputs, ACCESS_USE),
    exceptions: input.exceptions,
    source: input.source,
  });
}
