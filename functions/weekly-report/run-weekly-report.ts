import type { AuditAnalyticsSource } from '../adapters/audit-analytics-source.js';
import type { AuditSearchApi } from '../adapters/audit-search-api.js';
import type { DirectorySource } from '../adapters/directory-source.js';
import type { Mailer } from '../adapters/mailer.js';
import type { ReportAnchor } from '../adapters/report-anchor.js';
import type { ReportStore } from '../adapters/report-store.js';
import { planCollections } from '../core/catalog/query-plan.js';
import type { ReportCatalog } from '../core/catalog/report-catalog.js';
import { storedCoversFindings } from '../core/history/headline-history.js';
import { MANIFEST_FILE, sha256Hex } from '../core/integrity/manifest.js';
import { DAY_MS, type ReportPeriod } from '../core/period/period.js';
import { isReportComplete, type ReportData, type ReportLocation } from '../core/report/report-model.js';
import { reportPrefix } from '../core/report/report-prefix.js';
import { assembleReports, type StoredWeeks } from '../core/report/report-set.js';
import type { Trends } from '../core/trends/weekly-history.js';
import { PeriodError } from '../shared/errors.js';
import { collectDirectory } from './access-review/collect-directory.js';
import { type AccessReviewSettings, prepareAccessReview } from './access-review/prepare-access-review.js';
import { aggregateEvidence } from './aggregate/aggregate-evidence.js';
import { withTableDirectory } from './aggregate/table-directory.js';
import { collectEvidence } from './collect/collect-evidence.js';
import type { CollectionOutcome, PageProgress } from './collect/collection-progress.js';
import { collectTrendHistory } from './history/collect-trend-history.js';
import { ACCESS_USE } from './history/load-access-history.js';
import { loadStoredHistory } from './history/load-stored-history.js';
import { openStoredInputs, unverifiedFor } from './history/stored-inputs.js';
import { type AnchorOutcome, anchorSealedReport } from './publish/anchor-report.js';
import { anchorThenDeliver } from './publish/announce-sealed.js';
import type { DeliveryOutcome } from './publish/deliver-once.js';
import { deliverReports, type TenantDelivery } from './publish/deliver-reports.js';
import { checkPreviousLinks, type Sealing } from './publish/seal-manifest.js';
import { storeReportSet } from './publish/store-report-set.js';
import { type ClaimedRun, inClaimedPeriod } from './run-control/begin-run.js';
import type { LockHolder } from './run-control/period-lock.js';

/** Descope keeps audit events this many days; older periods cannot be read in full. */
export const DESCOPE_RETENTION_DAYS = 30;

export interface RunWeeklyReportInput {
  projectId: string;
  period: ReportPeriod;
  /** The run's clock reading (epoch ms); the use case never reads the clock itself. */
  now: number;
  /** Enabled queries, finding settings and per-tenant settings (`REPORT_QUERIES`). */
  catalog: ReportCatalog;
  maxResultWindow: number;
  /** Send the email even if this period's email was already sent. */
  resend: boolean;
  sender: string;
  recipients: string[];
  /** Identifies the run across the invocations that continue it. */
  runId: string;
  /** Continue run `runId` from its checkpoint instead of starting afresh. */
  resume?: boolean;
  /** The invocation number a continuation event claims; it must agree with the checkpoint. */
  invocation?: number;
  /** From this invocation on (counted by the checkpoint), collection stops and reports what it has. */
  maxInvocations?: number;
  /** Asked between evidence parts: `false` pauses the run (see `PausedRun`). @default always true */
  shouldContinue?: () => boolean;
  /** Finish now: ranges not yet read become gaps with this reason. */
  stopReason?: string;
  /** The access review (`accessReview.*`); needs `deps.directory`. @default off */
  accessReview?: AccessReviewSettings;
}

export interface RunWeeklyReportDeps {
  search: AuditSearchApi;
  /** Previous weeks' counts for trends and findings; without it trends are reported unavailable. */
  analytics?: AuditAnalyticsSource;
  store: ReportStore;
  /** Absent in a dry run: nothing is sent. */
  mailer?: Mailer;
  /** Descope's user and access-key searches, for the access review. */
  directory?: DirectorySource;
  events?: RunEvents;
  /** Signs the manifests; without a signer they are stored unsigned and the report says why. */
  sealing?: Sealing;
  /** Writes the project manifest's hash into Descope's audit trail; absent: not anchored. */
  anchor?: ReportAnchor;
  /** Renews the period lock while the run lasts. @default the run's `now`, unchanging */
  clock?: () => number;
}

/** Progress hooks: the CLI prints them, the Lambda logs them. */
export interface RunEvents {
  onPage?: (collection: string, progress: PageProgress) => void;
  onCollected?: (collection: string, outcome: CollectionOutcome) => void;
  onTrends?: (trends: Trends, requests: number) => void;
  onStored?: (keys: string[]) => void;
}

/** A report stored and announced: where it is, what it holds, and its email. */
export interface StoredReport {
  prefix: string;
  location: ReportLocation;
  keys: string[];
  complete: boolean;
  data: ReportData;
  email: DeliveryOutcome;
}

export interface FinishedRun extends StoredReport {
  state: 'finished';
  tenants: TenantDelivery[];
  anchor: AnchorOutcome;
}

/** Collection stopped between parts (the invocation is running out of time); continue `runId`. */
export interface PausedRun {
  state: 'paused';
  prefix: string;
  runId: string;
  invocations: number;
  recordsKept: number;
}

/** Nothing was done: another run holds the period, or a continuation disagreed with its checkpoint. */
export interface RefusedRun {
  state: 'refused';
  reason: string;
  holder?: LockHolder;
}

export type RunWeeklyReportResult = FinishedRun | PausedRun | RefusedRun;

/**
 * The whole job. Refuse an unanswerable period before any request; claim the period (one run per
 * period at a time; a continuation must agree with its checkpoint); collect every query's records
 * into evidence parts (pausable between parts, resumable from the checkpoint); then read the
 * analytics history, compute every number (and each tenant's share) from the stored evidence,
 * store every report (tenant reports first, the project manifest last, each manifest signed and
 * linked to the previous week's), anchor the project manifest's hash in Descope's audit trail
 * (once per report), then send each email once per period. If storing fails nothing is sent; if
 * anchoring or sending fails the stored reports stay, the other step still runs, and the error
 * propagates (a retry re-sends nothing already sent and anchors nothing already anchored).
 */
export async function runWeeklyReport(
  input: RunWeeklyReportInput,
  deps: RunWeeklyReportDeps,
): Promise<RunWeeklyReportResult> {
  // A signing key that cannot be read fails the run before any Descope request, not after collection.
  await deps.sealing?.signer?.key();
  const prefix = reportPrefix(input.projectId, input.period);
  if (!input.resume) await refuseUnreadablePast(deps.store, input);
  const outcome = await inClaimedPeriod(
    {
      store: deps.store,
      prefix,
      period: input.period,
      runId: input.runId,
      now: input.now,
      clock: deps.clock ?? (() => input.now),
      retentionDays: DESCOPE_RETENTION_DAYS,
      resume: input.resume ?? false,
      ...(input.invocation !== undefined ? { invocation: input.invocation } : {}),
      ...(input.maxInvocations !== undefined ? { maxInvocations: input.maxInvocations } : {}),
    },
    (began) => runClaimed(input, deps, prefix, began),
  );
  if (!outcome.refused) return outcome.result;
  return { state: 'refused', reason: outcome.reason, ...(outcome.holder ? { holder: outcome.holder } : {}) };
}

/**
 * A period that started longer ago than Descope's retention can no longer be read in full: it is
 * refused before any Descope request, never produced from analytics alone. The message says whether
 * its report is stored and how a longer report can still cover it.
 */
export async function refuseUnreadablePast(
  store: ReportStore,
  input: Pick<RunWeeklyReportInput, 'projectId' | 'period' | 'now'>,
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

async function runClaimed(
  input: RunWeeklyReportInput,
  deps: RunWeeklyReportDeps,
  prefix: string,
  began: ClaimedRun,
): Promise<FinishedRun | PausedRun> {
  const { catalog } = input;
  const plans = planCollections(catalog.queries);
  const { checkpoint, heartbeat } = began;
  const stopReason = input.stopReason ?? began.stopReason;
  const collected = await collectEvidence({
    search: deps.search,
    store: deps.store,
    prefix,
    period: input.period,
    plans,
    maxResultWindow: input.maxResultWindow,
    checkpoint,
    shouldContinue: input.shouldContinue ?? (() => true),
    ...(stopReason ? { stopReason } : {}),
    ...(deps.events?.onPage ? { onPage: deps.events.onPage } : {}),
    ...(deps.events?.onCollected ? { onCollected: deps.events.onCollected } : {}),
  });
  if (!collected) {
    const recordsKept = checkpoint.collections.reduce((sum, c) => sum + c.outcome.kept, 0);
    return { state: 'paused', prefix, runId: input.runId, invocations: checkpoint.invocations, recordsKept };
  }

  const location: ReportLocation = { ...deps.store.describe(prefix), prefix };
  const tenantSettings = catalog.tenants.enabled ? catalog.tenants : undefined;
  const prefixOf = (period: ReportPeriod) => reportPrefix(input.projectId, period);
  // A signing run verifies every earlier report it draws on; one that fails is not used.
  const inputs = await openStoredInputs(deps.store, deps.sealing?.signer);
  const storedInput = {
    store: deps.store,
    projectId: input.projectId,
    period: input.period,
    prefixOf,
    inputs,
  };
  // The access review's directory is read first: the evidence then answers for its users' logins.
  const directory =
    input.accessReview?.enabled && deps.directory ? await collectDirectory(deps.directory) : undefined;
  // Previous weeks come from their stored reports first; analytics only fills what they lack.
  const storedWeeks = await loadStoredHistory(storedInput);
  const storedSuffices =
    !tenantSettings &&
    storedCoversFindings(input.period, storedWeeks.weeks) &&
    [...storedWeeks.weeks.values()].every((w) => catalog.queries.every((q) => w.headlines.has(q.id)));
  const history = collectTrendHistory({
    ...(deps.analytics ? { analytics: deps.analytics } : {}),
    ...(storedSuffices
      ? { unneeded: 'the stored reports cover the weeks before: no analytics search needed' }
      : {}),
    period: input.period,
    queries: catalog.queries,
    ...(tenantSettings ? { tenants: tenantSettings.include ? { include: tenantSettings.include } : {} } : {}),
  });
  // Each table's CSV streams to local disk and from there to the store; the folder goes afterwards.
  const { stored, reports } = await withTableDirectory(async (tableDirectory) => {
    const aggregated = await aggregateEvidence({
      store: deps.store,
      prefix,
      period: input.period,
      plans,
      queries: catalog.queries,
      checkpoint,
      tableDirectory,
      ...(directory ? { loginsOf: directory.users.map((u) => u.userId) } : {}),
      addressMinimum: catalog.anomalyMinimumCount,
      sqlLimits: catalog.sqlLimits,
      // Which tenants get a report is decided for the week before any per-tenant work.
      tenants: tenantSettings
        ? {
            recipients: [...tenantSettings.recipients.keys()],
            include: tenantSettings.include,
            maxReports: tenantSettings.maxReports,
          }
        : undefined,
    });
    const trends = await history;
    deps.events?.onTrends?.(trends.project, trends.requests);
    const tenantStored = new Map<string, StoredWeeks>();
    const reportedTenants = [...aggregated.tenantResults.keys()].sort();
    for (const tenantId of reportedTenants) {
      tenantStored.set(tenantId, await loadStoredHistory({ ...storedInput, tenantId }));
    }
    const reviewAccess =
      input.accessReview && directory
        ? await prepareAccessReview({
            directory,
            loginsSeen: aggregated.latestLogins,
            store: deps.store,
            projectId: input.projectId,
            period: input.period,
            prefix,
            prefixOf,
            privilegedRoles: catalog.privilegedRoles,
            settings: input.accessReview,
            tenantIds: reportedTenants,
            verify: { inputs, attestationKeys: inputs.trusted },
          })
        : undefined;
    await checkPreviousLinks(inputs, input.projectId, input.period, reportedTenants);

    const reports = assembleReports({
      projectId: input.projectId,
      period: input.period,
      retentionDays: DESCOPE_RETENTION_DAYS,
      catalog,
      results: aggregated.results,
      trends: trends.project,
      tenantResults: aggregated.tenantResults,
      tenantTrends: trends.tenant,
      stored: storedWeeks,
      tenantStored: (tenantId) => tenantStored.get(tenantId) ?? { weeks: new Map(), notes: [] },
      rejectedTenants: aggregated.rejectedTenants,
      notReportedTenants: aggregated.notReportedTenants,
      ...(reviewAccess ? { reviewAccess } : {}),
      unverified: unverifiedFor(inputs, ACCESS_USE),
    });

    // Nothing is stored or sent by a run that lost the period to another one.
    await heartbeat.check();
    const stored = await storeReportSet(deps.store, location, reports, aggregated.evidence, {
      ...deps.sealing,
      inputs,
    });
    deps.events?.onStored?.(stored.keys);
    return { stored, reports };
  });

  await heartbeat.check();
  // The manifest is anchored as soon as it is sealed: a failed email (a tenant's) cannot stop it.
  const { anchor, delivered } = await anchorThenDeliver(
    () =>
      anchorSealedReport(
        deps.anchor,
        deps.store,
        { projectId: input.projectId, period: input.period.label, prefix, seal: stored.project.seal },
        input.now,
      ),
    () =>
      deliverReports({
        store: deps.store,
        ...(deps.mailer ? { mailer: deps.mailer } : {}),
        now: input.now,
        resend: input.resend,
        sender: input.sender,
        project: { data: stored.project, location, recipients: input.recipients },
        tenants: stored.tenants.map(({ tenantId, data, location: tenantLocation }) => ({
          tenantId,
          data,
          location: tenantLocation,
          recipients: catalog.tenants.recipients.get(tenantId) ?? [],
        })),
      }),
  );

  return {
    state: 'finished',
    prefix,
    location,
    keys: stored.keys,
    complete: isReportComplete(reports.project),
    data: stored.project,
    email: delivered.project,
    tenants: delivered.tenants,
    anchor,
  };
}
