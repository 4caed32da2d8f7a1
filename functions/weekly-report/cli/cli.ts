import type { PdfPrinter } from '../../adapters/chromium-pdf-printer.js';
import { createDirectoryReportReader } from '../../adapters/directory-report-reader.js';
import { createDirectoryReportStore } from '../../adapters/directory-report-store.js';
import type { ReportReader } from '../../adapters/report-reader.js';
import type { ReportStore } from '../../adapters/report-store.js';
import { createS3ReportReader } from '../../adapters/s3-report-reader.js';
import type { ReportCatalog } from '../../core/catalog/report-catalog.js';
import type { ComplianceContext } from '../../core/frameworks/compliance-context.js';
import { publicKeyKey } from '../../core/integrity/signing-key.js';
import type { ReportPeriod } from '../../core/period/period.js';
import { formatRange } from '../../core/view/format.js';
import { RunRefusedError } from '../../shared/errors.js';
import type { DeliveryOutcome } from '../publish/deliver-once.js';
import type { FrontDoorSettings } from '../publish/publish-front-door.js';
import type { Sealing } from '../publish/seal-manifest.js';
import { refuseUnreadablePast } from '../run-control/refuse-unreadable-past.js';
import type { FinishedRun } from '../run-outcome.js';
import { runRollup } from '../run-rollup.js';
import { runWeeklyReport } from '../run-weekly-report.js';
import { cliCampaigns } from '../wiring/build-campaigns.js';
import {
  buildDependencies,
  createAwsClients,
  createBucketStore,
  createDescopeSources,
} from '../wiring/build-dependencies.js';
import { createFileSealing } from '../wiring/build-sealing.js';
import { createStreamEvidenceSource } from '../wiring/build-stream-source.js';
import {
  accessReviewSettings,
  cliEnvironmentSchema,
  type DryRunConfig,
  dryRunEnvironmentSchema,
  ocsfSettings,
} from '../wiring/config.js';
import { frontDoorSettings } from '../wiring/front-door-settings.js';
import { loadConfig } from '../wiring/load-config.js';
import { loadExceptions } from '../wiring/load-exceptions.js';
import { sourceCatalog } from '../wiring/source-catalog.js';
import { parseCliArgs, USAGE } from './cli-args.js';
import { createCliProgress } from './cli-progress.js';

export interface CliIo {
  print: (line: string) => void;
  error: (line: string) => void;
  now: () => number;
}

/** Exit code of a CLI run: 0 complete, 2 stored but incomplete, 3 refused (another run holds the period), 1 failed. */
export function exitCodeOf(outcome: { result?: FinishedRun } | { error: unknown }): number {
  if ('error' in outcome) return outcome.error instanceof RunRefusedError ? 3 : 1;
  return outcome.result && !outcome.result.complete ? 2 : 0;
}

export const defaultIo: CliIo = {
  print: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
  now: Date.now,
};

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
  // sends a request); the stream keeps what the search forgets.
  if (config.REPORT_SOURCE !== 'stream')
    await refuseUnreadablePast(
      full ? createBucketStore(full) : createDirectoryReportStore(args.out ?? 'out'),
      {
        projectId: config.DESCOPE_PROJECT_ID,
        period: args.period,
        now,
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
    config.REPORT_SOURCE === 'stream'
      ? `Source: Descope's audit stream at s3://${config.STREAM_BUCKET ?? full?.REPORT_BUCKET ?? ''}/`
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

/** A dry run's dependencies: the Descope clients, a folder as the store, the stream when it is the source. */
function dryRunDependencies(
  config: DryRunConfig,
  credentials: { projectId: string; managementKey: string },
  onSearchEvent: Parameters<typeof createDescopeSources>[2],
  out: string,
  now: number,
  region = 'us-east-1',
) {
  const sources = createDescopeSources(config, credentials, onSearchEvent);
  // The stream's bucket is reached as the given environment says (credentials included).
  const s3 = createAwsClients({ ...config, AWS_REGION: region, AWS_ENDPOINT_URL_SESV2: undefined }).s3;
  return {
    ...sources,
    store: createDirectoryReportStore(out),
    evidence: createStreamEvidenceSource(config, s3, sources, now),
  };
}

/** A month, quarter or older range: from the stored weekly evidence only (the Descope clients stay unused). */
async function runRollupCli(
  period: ReportPeriod,
  config: {
    DESCOPE_PROJECT_ID: string;
    REPORT_QUERIES: ReportCatalog;
    REPORT_SOURCE: 'api' | 'stream';
    compliance: ComplianceContext;
  },
  bucket: { store: ReportStore; reader: ReportReader; frontDoor?: FrontDoorSettings; printer?: PdfPrinter },
  sealing: Sealing,
  now: number,
  io: CliIo,
): Promise<FinishedRun> {
  io.print('Built from the stored weekly evidence: no Descope request.');
  const rollup = await runRollup(
    {
      projectId: config.DESCOPE_PROJECT_ID,
      period,
      now,
      catalog: sourceCatalog(config),
      compliance: config.compliance,
    },
    {
      store: bucket.store,
      sealing,
      frontDoor: bucket.frontDoor ?? { reader: bucket.reader },
      printer: bucket.printer,
    },
  );
  for (const week of rollup.data.rollup?.sources ?? [])
    io.print(`  ${week.week}: manifest SHA-256 ${week.manifestSha256}`);
  for (const week of rollup.data.rollup?.missing ?? []) io.print(`  ${week.week}: MISSING (${week.reason})`);
  const result: FinishedRun = {
    state: 'finished',
    prefix: rollup.prefix,
    location: rollup.location,
    keys: rollup.keys,
    complete: rollup.complete,
    data: rollup.data,
    email: rollup.email,
    tenants: [],
    anchor: { status: 'not-anchored', reason: 'a rollup is not anchored' },
    frontDoor: rollup.frontDoor,
    channels: [],
  };
  printResult(result, io);
  return result;
}

function printResult(result: FinishedRun, io: CliIo): void {
  io.print(`Stored ${result.keys.length} files at ${result.location.uri}`);
  const tenantFiles = new Map<string, number>();
  for (const key of result.keys) {
    const tenant = /^tenants\/([^/]+)\//.exec(key.slice(result.prefix.length))?.[1];
    if (tenant) tenantFiles.set(tenant, (tenantFiles.get(tenant) ?? 0) + 1);
    else io.print(`  ${key}`);
  }
  for (const [tenant, files] of tenantFiles)
    io.print(`  ${result.prefix}tenants/${tenant}/ (${files} files)`);
  io.print(
    result.complete ? 'Report is complete.' : 'Report is INCOMPLETE: see the Gaps section and summary.json.',
  );
  for (const input of result.data.unverifiedInputs ?? [])
    io.print(`Stored input FAILED VERIFICATION, not used: ${input.file}: ${input.problem}`);
  printSeal(result, io);
  for (const key of result.frontDoor) io.print(`Front door rewritten: ${key}`);
  printEmail(result.email, '', io);
  for (const tenant of result.tenants) {
    io.print(`Tenant ${tenant.tenantId}: ${tenant.prefix}${tenant.complete ? '' : ' (INCOMPLETE)'}`);
    printEmail(tenant.email, '  ', io);
  }
  for (const c of result.channels)
    io.print(
      `Channel ${c.channel} (${c.kind}, ${c.scope}): ${c.status === 'failed' || c.status === 'unconfirmed' ? c.status.toUpperCase() : c.status}, ${c.detail}`,
    );
  if (result.location.browseUrl) io.print(`Open: ${result.location.browseUrl}`);
}

function printSeal(result: FinishedRun, io: CliIo): void {
  const seal = result.data.seal;
  if (seal?.manifestSha256) io.print(`manifest.json SHA-256: ${seal.manifestSha256}`);
  io.print(
    seal?.signing
      ? `Manifest signed by key ${seal.signing.keyFingerprint} (public key stored as ${publicKeyKey(seal.signing.keyFingerprint)})`
      : `Manifest NOT signed: ${seal?.unsignedReason ?? 'no signing key'} (set REPORT_SIGNING_KEY_FILE)`,
  );
  const anchor = result.anchor;
  if (anchor.status === 'not-anchored') {
    io.print(`Not anchored in Descope's audit trail: ${anchor.reason} (set REPORT_ANCHOR_TENANT_ID)`);
  } else {
    io.print(
      anchor.status === 'written'
        ? "Anchored in Descope's audit trail (ComplianceReportSealed)"
        : "Already anchored in Descope's audit trail",
    );
  }
}

function printEmail(email: DeliveryOutcome, indent: string, io: CliIo): void {
  if (email.status === 'sent')
    io.print(`${indent}Email "${email.subject}" sent to ${email.recipients.join(', ')}`);
  else if (email.status === 'already-sent')
    io.print(`${indent}Email not sent: already sent at ${email.sentAt} (use --resend)`);
  else if (email.status === 'unconfirmed') io.print(`${indent}Email UNCONFIRMED: ${email.reason}`);
  else io.print(`${indent}Email not sent: ${email.reason}`);
}
