import {
  customPeriod,
  DAY_MS,
  parseDay,
  parseIsoWeek,
  previousCompleteWeek,
  type ReportPeriod,
} from '../../core/period/period.js';
import { parseMonth, parseQuarter, parseYear, rangeRollup } from '../../core/period/rollup-period.js';
import { ConfigError } from '../../shared/errors.js';
import { parseCommandLine } from '../../shared/parse-command-line.js';

export interface CliArgs {
  period: ReportPeriod;
  /** Built from the stored weekly evidence, without Descope: a month, a quarter, or a range older than retention. */
  rollup: boolean;
  /** Print the rollup's `binder.pdf` too. */
  binder: boolean;
  resend: boolean;
  dryRun: boolean;
  out?: string;
  /** `--source`: overrides `REPORT_SOURCE`. */
  source?: 'api' | 'stream';
  help: boolean;
}

export const USAGE = `Usage: npm run report -- [--week YYYY-Www | --day YYYY-MM-DD | --from ISO --to ISO | --month YYYY-MM | --quarter YYYY-Qn | --year YYYY]
  [--source api|stream] [--binder] [--resend] [--dry-run --out DIR]

  --week YYYY-Www   ISO week to report (default: the last complete week, UTC)
  --day YYYY-MM-DD  one UTC day (daily review): stored under days/, signed and chained day to day
  --from, --to      a custom half-open range [from, to) instead of a week; a range starting more
                    than 30 days ago is built from the stored weekly evidence (no Descope request)
  --month YYYY-MM   a month, built from the stored weekly evidence (no Descope request)
  --quarter YYYY-Qn a quarter, built from the stored weekly evidence (no Descope request)
  --year YYYY       a calendar year, built from the stored weekly evidence (no Descope request)
  --binder          with a month, quarter, year or older range: also print binder.pdf (one PDF to
                    file: scope, integrity statement, coverage matrix, weeks, findings, sign-offs)
                    into its folder, listed in its signed manifest (npm run binder -- --quarter …)
  --source S        where the records come from: api (Descope's audit search, 30 days back) or
                    stream (the audit stream in S3, any week whose objects exist); default REPORT_SOURCE
  --resend          send the email even if this period's email was already sent
  --dry-run         collect and render, write files to --out DIR; store nothing in S3, send nothing
  --out DIR         output folder for --dry-run

Exit codes: 0 complete, 2 stored but incomplete, 3 another run holds the period (nothing done), 1 failed.
`;

/** A `--from/--to` range starting longer ago than this (Descope's retention) is a rollup. */
export const ROLLUP_AFTER_DAYS = 30;

/** The options of `npm run report`. */
const CLI_OPTIONS = {
  week: { type: 'string' },
  day: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  month: { type: 'string' },
  quarter: { type: 'string' },
  year: { type: 'string' },
  resend: { type: 'boolean' },
  binder: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  out: { type: 'string' },
  source: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses the CLI's arguments; `now` picks the default week. */
export function parseCliArgs(argv: string[], now: number): CliArgs {
  const { values } = parseCommandLine(argv, CLI_OPTIONS, USAGE);
  const choices = [
    values.week,
    values.day,
    values.from || values.to,
    values.month,
    values.quarter,
    values.year,
  ].filter(Boolean);
  if (choices.length > 1)
    throw new ConfigError('Give one of --week, --day, --from/--to, --month, --quarter or --year');
  if (Boolean(values.from) !== Boolean(values.to)) throw new ConfigError('--from and --to go together');
  if (values['dry-run'] && !values.out) throw new ConfigError('--dry-run needs --out DIR');
  if (values.out && !values['dry-run']) throw new ConfigError('--out is only for --dry-run');
  if (values.source !== undefined && values.source !== 'api' && values.source !== 'stream')
    throw new ConfigError(`--source must be api or stream, got "${values.source}"`);
  const range = values.from && values.to ? customPeriod(values.from, values.to) : undefined;
  const oldRange = range !== undefined && range.from < now - ROLLUP_AFTER_DAYS * DAY_MS;
  const rollup = Boolean(values.month || values.quarter || values.year) || oldRange;
  if (rollup && values['dry-run'])
    throw new ConfigError(
      'A month, quarter, year or older range is built from the stored weeks in the bucket: no --dry-run',
    );
  if (values.binder && !rollup)
    throw new ConfigError('--binder goes with --month, --quarter, --year or a range older than 30 days');
  if (rollup && values.resend)
    throw new ConfigError('A month, quarter, year or older range sends no email: no --resend');
  const period = values.week
    ? parseIsoWeek(values.week)
    : values.day
      ? parseDay(values.day)
      : values.month
        ? parseMonth(values.month)
        : values.quarter
          ? parseQuarter(values.quarter)
          : values.year
            ? parseYear(values.year)
            : range
              ? oldRange
                ? rangeRollup(range)
                : range
              : previousCompleteWeek(now);
  return {
    period,
    rollup,
    resend: values.resend ?? false,
    binder: values.binder ?? false,
    dryRun: values['dry-run'] ?? false,
    out: values.out || undefined,
    source: values.source as CliArgs['source'],
    help: values.help ?? false,
  };
}
