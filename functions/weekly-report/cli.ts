import { createDirectoryReportStore } from '../adapters/directory-report-store.js';
import { BUILTIN_QUERIES } from '../core/builtin-queries.js';
import { formatRange } from '../core/report-view.js';
import { buildDependencies, createSearch } from './build-dependencies.js';
import { parseCliArgs, USAGE } from './cli-args.js';
import { createCliProgress } from './cli-progress.js';
import { cliEnvironmentSchema, dryRunEnvironmentSchema, parseEnvironment } from './config.js';
import { type FinishedRun, runWeeklyReport } from './run-weekly-report.js';

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
 * `npm run report -- …`: the same use case as the Lambda, credentials from the environment.
 * Returns the run's result (undefined for --help); throws on failure.
 */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo = defaultIo,
): Promise<FinishedRun | undefined> {
  const now = io.now();
  const args = parseCliArgs(argv, now);
  if (args.help) {
    io.print(USAGE);
    return undefined;
  }
  // Configuration is validated before anything else happens (no request on a bad variable).
  const full = args.dryRun ? undefined : parseEnvironment(cliEnvironmentSchema, env);
  const config = full ?? parseEnvironment(dryRunEnvironmentSchema, env);
  const progress = createCliProgress(io.print, config.DESCOPE_AUDIT_RPM);
  const credentials = { projectId: config.DESCOPE_PROJECT_ID, managementKey: config.DESCOPE_MANAGEMENT_KEY };
  const built = full
    ? buildDependencies(full, credentials, progress.onSearchEvent)
    : {
        search: createSearch(config, credentials, progress.onSearchEvent),
        store: createDirectoryReportStore(args.out ?? 'out'),
      };
  const deps = { ...built, events: progress };
  const search = built.search;
  const mail = full
    ? { sender: full.REPORT_SENDER, recipients: full.REPORT_RECIPIENTS }
    : { sender: '', recipients: [] };

  io.print(`Descope audit report ${args.period.label} (${formatRange(args.period.from, args.period.to)})`);
  io.print(`Project ${config.DESCOPE_PROJECT_ID}`);
  try {
    const result = await runWeeklyReport(
      {
        projectId: config.DESCOPE_PROJECT_ID,
        period: args.period,
        now,
        queries: BUILTIN_QUERIES,
        maxResultWindow: config.DESCOPE_MAX_RESULT_WINDOW,
        resend: args.resend,
        sender: mail.sender,
        recipients: mail.recipients,
        // One process runs to the end, so it never pauses; the id only names the checkpoint.
        runId: `cli-${now}`,
      },
      deps,
    );
    if (result.state !== 'finished') throw new Error('The CLI run paused, which it never asks for');
    printResult(result, io);
    return result;
  } finally {
    await search.stop();
  }
}

function printResult(result: FinishedRun, io: CliIo): void {
  io.print(`Stored ${result.keys.length} files at ${result.location.uri}`);
  for (const key of result.keys) io.print(`  ${key}`);
  io.print(
    result.complete ? 'Report is complete.' : 'Report is INCOMPLETE: see the Gaps section and summary.json.',
  );
  const email = result.email;
  if (email.status === 'sent') io.print(`Email "${email.subject}" sent to ${email.recipients.join(', ')}`);
  else if (email.status === 'already-sent')
    io.print(`Email not sent: already sent at ${email.sentAt} (use --resend)`);
  else io.print(`Email not sent: ${email.reason}`);
  if (result.location.browseUrl) io.print(`Open: ${result.location.browseUrl}`);
}
