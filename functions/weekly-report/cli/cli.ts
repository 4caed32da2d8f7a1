import { createDirectoryReportReader } from '../../adapters/directory-report-reader.js';
import { createDirectoryReportStore } from '../../adapters/directory-report-store.js';
import { createS3ReportReader } from '../../adapters/s3-report-reader.js';
import { formatRange } from '../../core/view/format.js';
import { RunRefusedError } from '../../shared/errors.js';
import { refuseUnreadablePast } from '../run-control/refuse-unreadable-past.js';
import type { FinishedRun } from '../run-outcome.js';
import { runWeeklyReport } from '../run-weekly-report.js';
import { cliCampaigns } from '../wiring/build-campaigns.js';
import { buildDependencies, createAwsClients, createBucketStore } from '../wiring/build-dependencies.js';
import { createFileSealing } from '../wiring/build-sealing.js';
import {
  accessReviewSettings,
  cliEnvironmentSchema,
  dryRunEnvironmentSchema,
  ocsfSettings,
} from '../wiring/config.js';
import { frontDoorSettings } from '../wiring/front-door-settings.js';
import { loadConfig } from '../wiring/load-config.js';
import { loadExceptions } from '../wiring/load-exceptions.js';
import { parseCliArgs, USAGE } from './cli-args.js';
import { type CliIo, defaultIo } from './cli-io.js';
import { createCliProgress } from './cli-progress.js';
import { dryRunDependencies } from './dry-run-dependencies.js';
import { printResult } from './print-run-result.js';
import { runRollupCli } from './run-rollup-cli.js';

/**
 * `npm run report -- …`: the same use case as the Lambda, credentials from the environment. The
 * catalog is `REPORT_QUERIES` (JSON), as for the Lambda, or the file named by `REPORT_QUERIES_FILE`.
 * Returns the run's result (undefined for --help); throws on failure, `RunRefusedError` when
 * another run holds the period.
 */
export async function runCli(
  argv: string[],
  givenEnv: Record<string, string | undefined>,
  io: CliIo = defaultIo,
): Promise<FinishedRun | undefined> {
  const now = io.now();
  const args = parseCliArgs(argv, now);
  if (args.help) {
    io.print(USAGE);
    return undefined;
  }
  const env = { ...givenEnv, REPORT_SOURCE: args.source ?? givenEnv.REPORT_SOURCE };
  // Configuration is validated before anything else happens (no request on a bad variable).
  const full = args.dryRun ? undefined : await loadConfig(cliEnvironmentSchema, env);
  const config = full ?? (await loadConfig(dryRunEnvironmentSchema, env));
  const exceptions = await loadExceptions(config);
  const sealing = await createFileSealing(config.REPORT_SIGNING_KEY_FILE);
  const progress = createCliProgress(io.print, config.DESCOPE_AUDIT_RPM, config.REPORT_SOURCE);
  if (args.rollup && full) {
    // The Descope SDK asks for the license when it is created: a rollup never creates it.
    io.print(`Descope audit report ${args.period.label} (${formatRange(args.period.from, args.period.to)})`);
    io.print(`Project ${config.DESCOPE_PROJECT_ID}`);
    const s3 = createAwsClients(full).s3;
    const reader = createS3ReportReader(s3, full.REPORT_BUCKET);
    const bucket = { store: createBucketStore(full, s3), reader, frontDoor: frontDoorSettings(full, reader) };
    // Only a binder run loads the browser driver (the report itself never needs one).
    const printer = args.binder
      ? (await import('../../adapters/chromium-pdf-printer.js')).createChromiumPdfPrinter(givenEnv)
      : undefined;
    return runRollupCli(args.period, config, { ...bucket, printer }, sealing, now, io);
  }
  // A period past the search's retention is refused before the Descope SDK exists (creating it
  // sends a request), unless it is a week whose stored days stand in; the stream keeps what the
  // search forgets.
  const readable =
    config.REPORT_SOURCE === 'stream'
      ? 'stream'
      : await refuseUnreadablePast(
          full ? createBucketStore(full) : createDirectoryReportStore(args.out ?? 'out'),
          {
            projectId: config.DESCOPE_PROJECT_ID,
            period: args.period,
            now,
            days: { signer: sealing?.signer, catalog: config.REPORT_QUERIES },
          },
        );
  const credentials = { projectId: config.DESCOPE_PROJECT_ID, managementKey: config.DESCOPE_MANAGEMENT_KEY };
  const built = full
    ? {
        ...buildDependencies(full, credentials, progress.onSearchEvent, undefined, now),
      }
    : {
        ...dryRunDependencies(
          config,
          credentials,
          progress.onSearchEvent,
          args.out ?? 'out',
          now,
          givenEnv.AWS_REGION,
        ),
        frontDoor: { reader: createDirectoryReportReader(args.out ?? 'out') },
      };
  const { campaigns, campaignDeps } = await cliCampaigns(config, full, built, args.out ?? 'out');
  const deps = { ...built, sealing, events: progress, clock: io.now, campaigns: campaignDeps };
  const mail = full
    ? { sender: full.REPORT_SENDER, recipients: full.REPORT_RECIPIENTS }
    : { sender: '', recipients: [] };

  io.print(`Descope audit report ${args.period.label} (${formatRange(args.period.from, args.period.to)})`);
  io.print(`Project ${config.DESCOPE_PROJECT_ID}`);
  io.print(
    readable === 'stream'
      ? `Source: Descope's audit stream at s3://${config.STREAM_BUCKET ?? full?.REPORT_BUCKET ?? ''}/`
      : readable === 'stored-days'
        ? "Source: the week's seven stored daily reviews (past the audit search's 30 days)"
        : "Source: Descope's audit search",
  );
  try {
    const result = await runWeeklyReport(
      {
        projectId: config.DESCOPE_PROJECT_ID,
        period: args.period,
        now,
        catalog: config.REPORT_QUERIES,
        compliance: config.compliance,
        maxResultWindow: config.DESCOPE_MAX_RESULT_WINDOW,
        evidencePartRecords: config.REPORT_EVIDENCE_PART_RECORDS,
        accessReview: accessReviewSettings(config),
        exceptions,
        channels: config.REPORT_CHANNELS,
        ocsf: ocsfSettings(config),
        dailyEmailWhenQuiet: config.REPORT_DAILY_EMAIL_WHEN_QUIET,
        campaigns,
        resend: args.resend,
        sender: mail.sender,
        recipients: mail.recipients,
        // One process runs to the end, so it never pauses; the id only names the checkpoint.
        runId: `cli-${now}`,
      },
      deps,
    );
    if (result.state === 'refused')
      throw new RunRefusedError(`${result.reason}. Nothing was done; try again later.`);
    if (result.state !== 'finished') throw new Error('The CLI run paused, which it never asks for');
    printResult(result, io);
    if (result.openedCampaign) io.print(`Access review campaign ${result.openedCampaign} opened`);
    return result;
  } finally {
    await built.search.stop();
  }
}
