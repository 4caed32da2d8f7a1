import { createDirectoryReportStore } from '../adapters/directory-report-store.js';
import type { ReportCatalog } from '../core/report-catalog.js';
import { formatRange } from '../core/report-view.js';
import { buildDependencies, createDescopeSources } from './build-dependencies.js';
import { parseCliArgs, USAGE } from './cli-args.js';
import { createCliProgress } from './cli-progress.js';
import { cliEnvironmentSchema, dryRunEnvironmentSchema, parseEnvironment } from './config.js';
import type { DeliveryOutcome } from './deliver-once.js';
import { readCatalogFile } from './report-catalog-config.js';
import { type RunWeeklyReportResult, runWeeklyReport } from './run-weekly-report.js';

export interface CliIo {
  print: (line: string) => void;
  error: (line: string) => void;
  now: () => number;
}

export const defaultIo: CliIo = {
  print: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
  now: Date.now,
};

/**
 * `npm run report -- …`: the same use case as the Lambda, credentials from the environment. The
 * catalog is `REPORT_QUERIES` (JSON), as for the Lambda, or the file named by `REPORT_QUERIES_FILE`.
 * Returns the run's result (undefined for --help); throws on failure.
 */
export async function runCli(
  argv: string[],
  givenEnv: Record<string, string | undefined>,
  io: CliIo = defaultIo,
): Promise<RunWeeklyReportResult | undefined> {
  const now = io.now();
  const args = parseCliArgs(argv, now);
  if (args.help) {
    io.print(USAGE);
    return undefined;
  }
  const progress = createCliProgress(io.print);
  const catalogFile = await readCatalogFile(givenEnv);
  const env = catalogFile === undefined ? givenEnv : { ...givenEnv, REPORT_QUERIES: catalogFile };
  let deps: Parameters<typeof runWeeklyReport>[1];
  let stopSearch: () => Promise<void>;
  let config: {
    DESCOPE_PROJECT_ID: string;
    DESCOPE_MAX_RESULT_WINDOW: number;
    REPORT_QUERIES: ReportCatalog;
  };
  let mail = { sender: '', recipients: [] as string[] };
  if (args.dryRun) {
    const dry = parseEnvironment(dryRunEnvironmentSchema, env);
    const sources = createDescopeSources(
      dry,
      { projectId: dry.DESCOPE_PROJECT_ID, managementKey: dry.DESCOPE_MANAGEMENT_KEY },
      progress.onSearchEvent,
    );
    deps = { ...sources, store: createDirectoryReportStore(args.out ?? 'out'), events: progress };
    stopSearch = sources.search.stop;
    config = dry;
  } else {
    const full = parseEnvironment(cliEnvironmentSchema, env);
    const built = buildDependencies(
      full,
      { projectId: full.DESCOPE_PROJECT_ID, managementKey: full.DESCOPE_MANAGEMENT_KEY },
      progress.onSearchEvent,
    );
    deps = { ...built, events: progress };
    stopSearch = built.search.stop;
    config = full;
    mail = { sender: full.REPORT_SENDER, recipients: full.REPORT_RECIPIENTS };
  }

  io.print(`Descope audit report ${args.period.label} (${formatRange(args.period.from, args.period.to)})`);
  io.print(`Project ${config.DESCOPE_PROJECT_ID}`);
  try {
    const result = await runWeeklyReport(
      {
        projectId: config.DESCOPE_PROJECT_ID,
        period: args.period,
        now,
        catalog: config.REPORT_QUERIES,
        maxResultWindow: config.DESCOPE_MAX_RESULT_WINDOW,
        resend: args.resend,
        sender: mail.sender,
        recipients: mail.recipients,
      },
      deps,
    );
    printResult(result, io);
    return result;
  } finally {
    await stopSearch();
  }
}

function printResult(result: RunWeeklyReportResult, io: CliIo): void {
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
  printEmail(result.email, '', io);
  for (const tenant of result.tenants) {
    io.print(`Tenant ${tenant.tenantId}: ${tenant.prefix}${tenant.complete ? '' : ' (INCOMPLETE)'}`);
    printEmail(tenant.email, '  ', io);
  }
  if (result.location.browseUrl) io.print(`Open: ${result.location.browseUrl}`);
}

function printEmail(email: DeliveryOutcome, indent: string, io: CliIo): void {
  if (email.status === 'sent')
    io.print(`${indent}Email "${email.subject}" sent to ${email.recipients.join(', ')}`);
  else if (email.status === 'already-sent')
    io.print(`${indent}Email not sent: already sent at ${email.sentAt} (use --resend)`);
  else io.print(`${indent}Email not sent: ${email.reason}`);
}
