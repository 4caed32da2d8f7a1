import { parseIsoWeek, type ReportPeriod } from '../core/period/period.js';
import { parseMonth, parseQuarter, parseYear } from '../core/period/rollup-period.js';
import { ConfigError } from '../shared/errors.js';
import { parseCommandLine } from '../shared/parse-command-line.js';

export interface SampleArgs {
  period: ReportPeriod;
  control: string;
  framework?: string;
  size: number;
  publicKeyFile: string;
  out: string;
  /** `s3://bucket/reports/<project>/` or a downloaded `…/reports/<project>/` folder; else from the environment. */
  target?: string;
  help: boolean;
}

export const SAMPLE_USAGE = `Usage: npm run sample -- --period 2026-Q3 --control CC6.2 [--framework soc2] [--size 25]
         --public-key FILE [--out DIR] [s3://bucket/reports/<project>/ | DIR]

  --period LABEL     an ISO week (2026-W27), a month (2026-07), a quarter (2026-Q3) or a year (2026)
  --control ID       the control to sample for (its framework file names the queries whose records are the population)
  --framework ID     the framework, when several have a control with this id
  --size N           how many records to draw (default 25)
  --public-key FILE  the signing key's public half: every weekly folder is verified before sampling
  --out DIR          where samples/<control>-<seed>.csv and .json are written (default: .)
  target             the project's reports: s3://bucket/reports/<project>/ or a downloaded folder;
                     default s3://$REPORT_BUCKET/reports/$DESCOPE_PROJECT_ID/
Framework files of your own: REPORT_FRAMEWORKS_DIR, as for the report.
`;

function parsePeriod(label: string): ReportPeriod {
  if (/^\d{4}-W\d{2}$/.test(label)) return parseIsoWeek(label);
  if (/^\d{4}-Q[1-4]$/.test(label)) return parseQuarter(label);
  if (/^\d{4}-\d{2}$/.test(label)) return parseMonth(label);
  if (/^\d{4}$/.test(label)) return parseYear(label);
  throw new ConfigError(
    `--period must be a week (2026-W27), a month (2026-07), a quarter (2026-Q3) or a year (2026), got "${label}"`,
  );
}

/** The options of `npm run sample`. */
const SAMPLE_OPTIONS = {
  period: { type: 'string' },
  control: { type: 'string' },
  framework: { type: 'string' },
  size: { type: 'string' },
  'public-key': { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseSampleArgs(argv: string[]): SampleArgs {
  const { values, positionals } = parseCommandLine(argv, SAMPLE_OPTIONS, SAMPLE_USAGE, { positionals: true });
  const help = values.help ?? false;
  if (help)
    return { help, period: parseIsoWeek('2026-W01'), control: '', size: 0, publicKeyFile: '', out: '.' };
  if (!values.period || !values.control)
    throw new ConfigError(`Give --period and --control\n${SAMPLE_USAGE}`);
  if (!values['public-key'])
    throw new ConfigError('Give --public-key FILE: the weeks are verified before a sample is drawn');
  const size = Number(values.size ?? '25');
  if (!Number.isInteger(size) || size <= 0 || size > 100_000)
    throw new ConfigError('--size must be a whole number from 1 to 100000');
  if (positionals.length > 1) throw new ConfigError(`Give at most one target\n${SAMPLE_USAGE}`);
  return {
    period: parsePeriod(values.period),
    control: values.control,
    framework: values.framework,
    size,
    publicKeyFile: values['public-key'],
    out: values.out ?? '.',
    target: positionals[0],
    help,
  };
}
