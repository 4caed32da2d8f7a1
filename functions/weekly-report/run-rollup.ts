import type { PdfPrinter } from '../adapters/chromium-pdf-printer.js';
import { BinderPrintError } from '../adapters/lambda-pdf-printer.js';
import type { Mailer } from '../adapters/mailer.js';
import type { ReportStore } from '../adapters/report-store.js';
import { planCollections } from '../core/catalog/query-plan.js';
import type { ReportCatalog } from '../core/catalog/report-catalog.js';
import { defaultComplianceContext } from '../core/frameworks/builtin-frameworks.js';
import type { ComplianceContext } from '../core/frameworks/compliance-context.js';
import type { ReportPeriod } from '../core/period/period.js';
import { isReportComplete, type ReportLocation } from '../core/report/report-model.js';
import { reportPrefix } from '../core/report/report-prefix.js';
import { assembleRollupReport } from '../core/report/rollup-report.js';
import { planRollupSources, rollupEvidence } from '../core/report/rollup-sources.js';
import { PeriodError } from '../shared/errors.js';
import { aggregateEvidence } from './aggregate/aggregate-evidence.js';
import { withTableDirectory } from './aggregate/table-directory.js';
import { ROLLUP_USE, readStoredWeeks } from './history/read-stored-weeks.js';
import { openStoredInputs, unverifiedFor } from './history/stored-inputs.js';
import { renderBinderFile } from './publish/binder-file.js';
import type { DeliveryOutcome } from './publish/deliver-once.js';
import { deliverReports } from './publish/deliver-reports.js';
import { type FrontDoorSettings, rewriteFrontDoor } from './publish/publish-front-door.js';
import { openRevisionWriter } from './publish/revision-writer.js';
import type { Sealing } from './publish/seal-manifest.js';
import { storeReportSet } from './publish/store-report-set.js';
import type { StoredReport } from './run-outcome.js';

export interface RunRollupInput {
  projectId: string;
  /** A month, a quarter or a range (kind `custom`, labelled `YYYY-MM`, `YYYY-Qn` or `from_to`). */
  period: ReportPeriod;
  now: number;
  catalog: ReportCatalog;
  /** @default the built-in frameworks, nothing stated about the store */
  compliance?: ComplianceContext;
  /**
   * The binder was asked for but cannot be printed here: why, stated in the rollup's summary and
   * report (never a silent absence). Ignored when a `printer` is given. @default not asked for
   */
  binderUnavailable?: string;
}

export interface RunRollupDeps {
  store: ReportStore;
  sealing?: Sealing;
  /** Mails the rollup once to its own recipients (the monthly and quarterly schedules); absent: no email. */
  mail?: { mailer: Mailer; sender: string; recipients: string[] };
  /** Where the front door reads the stored periods; absent: none is written. */
  frontDoor?: FrontDoorSettings;
  /**
   * Prints the period's `binder.pdf` into its folder (listed in its manifest); absent: no binder.
   * A {@link BinderPrintError} (the binder printer function failed) does not fail the rollup: it is
   * stored without the binder, the failure stated as its binder gap. Any other error fails it.
   */
  printer?: PdfPrinter;
}

/** A month, quarter or range report built from the stored weeks. */
export type FinishedRollup = StoredReport;

/**
 * A month, quarter or range built only from the stored weekly evidence: no Descope request. Every
 * number is recomputed from the evidence parts of each stored week overlapping the range (records
 * outside it left out), so distinct counts are exact across weeks. Weeks without a stored report
 * become gaps with their dates; each week drawn on is listed with its manifest's SHA-256, and every
 * part is checked against its week's manifest as it is read. Phases: read the stored weeks → plan
 * the sources (core) → compute → assemble → store and seal → deliver.
 */
export async function runRollup(input: RunRollupInput, deps: RunRollupDeps): Promise<FinishedRollup> {
  const { projectId, period, catalog } = input;
  if (period.to > input.now) {
    throw new PeriodError(`${period.label} has not ended yet (ends ${new Date(period.to).toISOString()})`);
  }
  const plans = planCollections(catalog.queries);
  // A signing run verifies each week it draws on; one that fails is a gap, a finding, and not read.
  const inputs = await openStoredInputs(deps.store, deps.sealing?.signer);
  // A week with no stored report of its own is drawn from its seven stored days when they verify.
  const days = { signer: deps.sealing?.signer, plans };
  const weeks = await readStoredWeeks(deps.store, inputs, projectId, period, days);
  const sources = planRollupSources(period, plans, weeks);
  // Sealed once: a rollup whose stored weeks changed is sealed as a new revision beside the first.
  const target = await openRevisionWriter({
    store: deps.store,
    periodPrefix: reportPrefix(projectId, period),
  });
  let binderNotProduced = deps.printer ? undefined : input.binderUnavailable;
  // Each table's CSV streams to local disk and from there to the store; the folder goes afterwards.
  const stored = await withTableDirectory(async (tableDirectory) => {
    const aggregated = await aggregateEvidence({
      store: deps.store,
      period,
      plans,
      queries: catalog.queries,
      collections: sources.collections,
      tableDirectory,
      addressMinimum: catalog.anomalyMinimumCount,
      sqlLimits: catalog.sqlLimits,
    });
    const unverified = unverifiedFor(inputs, ROLLUP_USE);
    // queries.sql reads each part by its path from the folder the report is sealed in.
    const build = (location: ReportLocation) => {
      const rollup = {
        sources: sources.sources,
        missing: sources.missing,
        evidence: rollupEvidence(sources, location.prefix),
        binderNotProduced,
      };
      return {
        project: assembleRollupReport({
          projectId,
          period,
          catalog,
          compliance: input.compliance ?? defaultComplianceContext(),
          results: aggregated.results,
          rollup,
          unverified,
        }),
        tenants: [],
      };
    };
    const storeSet = (printer: PdfPrinter | undefined) =>
      storeReportSet(deps.store, target, build, [], deps.sealing, {
        binder: printer ? (data) => renderBinderFile(deps.store, printer, data) : undefined,
      });
    try {
      return await storeSet(deps.printer);
    } catch (error) {
      // The set is rendered whole before anything is written: render it again, stating the gap.
      if (!(error instanceof BinderPrintError)) throw error;
      binderNotProduced = `binder printing failed: ${error.message}`;
      return storeSet(undefined);
    }
  });
  const { location } = stored;
  const frontDoor = await rewriteFrontDoor(deps.frontDoor, deps.store, {
    projectId,
    tenantIds: [],
    now: input.now,
  });
  const email: DeliveryOutcome = deps.mail
    ? (
        await deliverReports({
          store: deps.store,
          mailer: deps.mail.mailer,
          now: input.now,
          resend: false,
          sender: deps.mail.sender,
          project: { data: stored.project, location, recipients: deps.mail.recipients },
          tenants: [],
        })
      ).project
    : { status: 'not-sent', reason: 'a rollup run by hand sends no email' };
  return {
    prefix: location.prefix,
    location,
    keys: stored.keys,
    complete: isReportComplete(stored.project),
    data: stored.project,
    email,
    frontDoor,
  };
}
