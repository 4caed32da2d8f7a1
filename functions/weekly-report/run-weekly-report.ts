import { planCollections } from '../core/catalog/query-plan.js';
import { catalogForSource } from '../core/catalog/report-catalog.js';
import { defaultComplianceContext } from '../core/frameworks/builtin-frameworks.js';
import type { ReportPeriod } from '../core/period/period.js';
import { isReportComplete } from '../core/report/report-model.js';
import { reportPrefix } from '../core/report/report-prefix.js';
import { campaignPhaseOf } from './access-review/campaign-phase.js';
import { chooseRunEngine, computeRunTables, pausedRun } from './aggregate/compute-run-tables.js';
import { withTableDirectory } from './aggregate/table-directory.js';
import { assembleRunReports } from './assemble/assemble-run-reports.js';
import { collectPeriod } from './collect/collect-period.js';
import {
  describeCollectionSource,
  type EvidenceSource,
  runEvidenceSource,
} from './collect/evidence-source.js';
import { storedDaysOrSearch } from './collect/stored-days-source.js';
import { gatherRunContext } from './history/gather-run-context.js';
import { sealedPrefixOf } from './history/sealed-prefixes.js';
import { openStoredInputs } from './history/stored-inputs.js';
import { exportOcsf } from './publish/export-ocsf.js';
import { ocsfValidator } from './publish/ocsf-validation.js';
import { publishSealedRun } from './publish/publish-sealed-run.js';
import { storeReportSet } from './publish/store-report-set.js';
import { type ClaimedRun, inClaimedPeriod } from './run-control/begin-run.js';
import { openRunRevision } from './run-control/collection-checkpoint.js';
import { refuseUnreadablePast } from './run-control/refuse-unreadable-past.js';
import type { FinishedRun, PausedRun, RunWeeklyReportResult } from './run-outcome.js';

import type { RunWeeklyReportDeps, RunWeeklyReportInput } from './run-weekly-report-contract.js';

export type { RunWeeklyReportDeps, RunWeeklyReportInput };

/**
 * The whole job: refuse an unanswerable period before any request, claim the period (one run at a
 * time; a continuation must agree with its checkpoint), then run its phases. A failure after
 * storing leaves the stored reports and propagates (anchoring and delivery are each tried whatever
 * the other did); a retry re-sends and re-anchors nothing.
 */
export async function runWeeklyReport(
  input: RunWeeklyReportInput,
  deps: RunWeeklyReportDeps,
): Promise<RunWeeklyReportResult> {
  // A signing key that cannot be read fails the run before any Descope request, not after collection.
  await deps.sealing?.signer?.key();
  const prefix = reportPrefix(input.projectId, input.period);
  const given = runEvidenceSource(deps.evidence, deps.search, input);
  const signer = deps.sealing?.signer;
  // The stream keeps what the search forgets: only the search refuses a period past its 30 days,
  // and not a week whose seven stored days verify (it is then built from them alone).
  const readable =
    !input.resume && given.retentionDays !== undefined
      ? await refuseUnreadablePast(deps.store, { ...input, days: { signer, catalog: input.catalog } })
      : 'search';
  // A week whose seven days are stored and verify is computed from them (the daily review's).
  const source = storedDaysOrSearch(given, {
    store: deps.store,
    signer,
    projectId: input.projectId,
    partRecords: input.evidencePartRecords,
    only: readable === 'stored-days',
  });
  const outcome = await inClaimedPeriod(
    {
      store: deps.store,
      prefix,
      period: input.period,
      runId: input.runId,
      now: input.now,
      clock: deps.clock ?? (() => input.now),
      retentionDays: source.retentionDays ?? Number.POSITIVE_INFINITY,
      resume: input.resume ?? false,
      invocation: input.invocation,
      maxInvocations: input.maxInvocations,
    },
    (claimed) => runClaimed(input, deps, source, prefix, claimed),
  );
  if (!outcome.refused) return outcome.result;
  return { state: 'refused', reason: outcome.reason, holder: outcome.holder };
}

/**
 * The run, holding its period, as named phases: collect the evidence (pausable, resumable) →
 * gather the context (directory, stored weeks, analytics) → compute every number from the evidence
 * (DuckDB) → assemble the reports → store and seal them (tenants first, the project manifest
 * last) → anchor the project manifest in Descope's audit trail → rewrite the front door → send
 * each channel and email once.
 */
async function runClaimed(
  input: RunWeeklyReportInput,
  deps: RunWeeklyReportDeps,
  source: EvidenceSource,
  prefix: string,
  claimed: ClaimedRun,
): Promise<FinishedRun | PausedRun> {
  const { projectId, period } = input;
  // The search cannot answer the stream's built-ins: they are left out, and the report says so.
  const { catalog, streamOnly } = catalogForSource(input.catalog, source.kind);
  const prefixOf = (other: ReportPeriod) => reportPrefix(projectId, other);
  // What every phase shares: the store, the period's scope and catalog, its folder and other periods'.
  const run = { store: deps.store, projectId, period, catalog, prefix, prefixOf };
  const plans = planCollections(catalog.queries);
  // Sealed files are written once: the run writes into the period's newest revision, or a new one.
  const target = await openRunRevision(deps.store, prefix, claimed.checkpoint, input.resume ?? false);
  const collected = await collectPeriod({
    ...run,
    target,
    source,
    plans,
    claimed,
    shouldContinue: input.shouldContinue,
    stopReason: input.stopReason,
    events: deps.events,
  });
  // The engine is chosen once the week is collected; Athena's statements may span invocations.
  const scope = { ...run, plans, checkpoint: claimed.checkpoint, evidencePrefix: target.prefix };
  const engine = collected.done ? await chooseRunEngine(scope, input, source.kind, deps.athena) : undefined;
  if (!engine?.done) return pausedRun(prefix, input.runId, claimed.checkpoint);

  // A signing run verifies every earlier report it draws on (each week's newest sealed revision);
  // one that fails is not used, and the report says which and why.
  const inputs = await openStoredInputs(deps.store, deps.sealing?.signer);
  const earlier = { ...run, prefixOf: await sealedPrefixOf(deps.store, prefixOf, period), inputs };
  const context = await gatherRunContext({
    ...earlier,
    analytics: deps.analytics,
    directory: deps.directory,
    accessReview: input.accessReview,
  });
  // Campaigns are followed up against the directory just read, before the reports show them.
  const campaigns = campaignPhaseOf(input, deps);
  const followUp = await campaigns?.followUp(context.directory);
  // Each table's CSV streams to local disk and from there to the store; the folder goes afterwards.
  const stored = await withTableDirectory(async (tableDirectory) => {
    const { aggregated, ...computed } = await computeRunTables(scope, engine, deps.athena, {
      evidencePrefix: target.prefix,
      tableDirectory,
      loginsOf: context.directory?.users.map((u) => u.userId),
    });
    const reports = await assembleRunReports({
      ...earlier,
      attestationKeys: deps.attestationKeys ?? [],
      context,
      aggregated,
      accessReview: input.accessReview,
      compliance: input.compliance ?? defaultComplianceContext(),
      exceptions: input.exceptions,
      source: describeCollectionSource(source, claimed.checkpoint, streamOnly),
      campaigns: followUp,
      onTrends: deps.events?.onTrends,
    });
    const ocsf = input.ocsf
      ? await exportOcsf({
          store: deps.store,
          prefix: target.prefix,
          directory: tableDirectory,
          evidence: aggregated.evidence,
          plans,
          report: reports.project,
          validate: input.ocsf.validate ? ocsfValidator() : undefined,
        })
      : undefined;
    const project = { ...reports.project, engine: computed.facts, athenaSql: computed.script };
    const sealed = { ...reports, project: ocsf ? { ...project, ocsf: ocsf.summary } : project };
    // Nothing is stored, anchored or sent by a run that lost the period to another one.
    await claimed.heartbeat.check();
    // The export is part of the sealed folder: placed like the evidence, listed in the manifest.
    for (const file of ocsf?.files ?? []) await target.place(file);
    const evidence = [
      ...aggregated.evidence,
      ...(ocsf?.files.map(({ name, bytes, sha256 }) => ({ name, bytes, sha256 })) ?? []),
    ];
    const set = await storeReportSet(deps.store, target, () => sealed, evidence, {
      ...deps.sealing,
      inputs,
    });
    deps.events?.onStored?.(set.keys);
    return set;
  });
  await claimed.heartbeat.check();
  const { location } = stored;
  const { anchor, frontDoor, channels, emails } = await publishSealedRun(input, deps, catalog, stored);
  const openedCampaign = await campaigns?.openDue(deps.store, stored.project.access);
  return {
    state: 'finished',
    prefix: location.prefix,
    location,
    keys: stored.keys,
    complete: isReportComplete(stored.project),
    data: stored.project,
    email: emails.project,
    tenants: emails.tenants,
    anchor,
    frontDoor,
    channels,
    openedCampaign,
  };
}
