import { parseArgs } from 'node:util';
import { customPeriod, parseIsoWeek, previousCompleteWeek, type ReportPeriod } from '../core/period.js';
import { ConfigError, describeError } from '../shared/errors.js';

export interface CliArgs {
  period: ReportPeriod;
  resend: boolean;
  dryRun: boolean;
  out?: string;
  help: boolean;
}

export const USAGE = `Usage: npm run report -- [--week YYYY-Www | --from ISO --to ISO] [--resend] [--dry-run --out DIR]

  --week YYYY-Www   ISO week to report (default: the last complete week, UTC)
  --from, --to      a custom half-open range [from, to) instead of a week
  --resend          send the email even if this period's email was already sent
  --dry-run         collect and render, write files to --out DIR; store nothing in S3, send nothing
  --out DIR         output folder for --dry-run
`;

/** Parses the CLI's arguments; `now` picks the default week. */
export function parseCliArgs(argv: string[], now: number): CliArgs {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new ConfigError(`${describeError(error)}\n${USAGE}`);
  }
  if (values.week && (values.from || values.to))
    throw new ConfigError('Give either --week or --from/--to, not both');
  if (Boolean(values.from) !== Boolean(values.to)) throw new ConfigError('--from and --to go together');
  if (values['dry-run'] && !values.out) throw new ConfigError('--dry-run needs --out DIR');
  if (values.out && !values['dry-run']) throw new ConfigError('--out is only for --dry-run');
  const period = values.week
    ? parseIsoWeek(values.week)
    : values.from && values.to
      ? customPeriod(values.from, values.to)
      : previousCompleteWeek(now);
  return {
    period,
    resend: values.resend ?? false,
    dryRun: values['dry-run'] ?? false,
    ...(values.out ? { out: values.out } : {}),
    help: values.help ?? false,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      week: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      resend: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
