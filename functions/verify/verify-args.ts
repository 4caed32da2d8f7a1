import { parseArgs } from 'node:util';
import { ConfigError, describeError } from '../shared/errors.js';

export interface VerifyArgs {
  target: string;
  publicKeyFile?: string;
  json: boolean;
  chain: boolean;
  anchor: boolean;
  help: boolean;
}

export const VERIFY_USAGE = `Usage: npm run verify -- [--public-key FILE] [--json] [--chain] [--anchor] <s3://bucket/reports/<project>/<period>/ | DIR>

  --public-key FILE  the signing key's public half (PEM) obtained from the report's owner, not from the bucket
  --json             print the result as JSON
  --chain            walk back through every stored period and report missing weeks
  --anchor           find the report's ComplianceReportSealed event in Descope's audit trail
                     (DESCOPE_PROJECT_ID, DESCOPE_MANAGEMENT_KEY, optional DESCOPE_BASE_URL)

Exit code 0 only when every check passed and the signature verified with the given key; 1 otherwise.

An access review campaign: npm run verify -- --campaign ID --help
`;

export function parseVerifyArgs(argv: string[]): VerifyArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new ConfigError(`${describeError(error)}\n${VERIFY_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { target: '', json: false, chain: false, anchor: false, help: true };
  if (positionals.length !== 1 || !positionals[0]) {
    throw new ConfigError(`Give exactly one report folder or s3:// URI\n${VERIFY_USAGE}`);
  }
  return {
    target: positionals[0],
    ...(values['public-key'] ? { publicKeyFile: values['public-key'] } : {}),
    json: values.json ?? false,
    chain: values.chain ?? false,
    anchor: values.anchor ?? false,
    help: false,
  };
}

const parse = (argv: string[]) =>
  parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      'public-key': { type: 'string' },
      json: { type: 'boolean' },
      chain: { type: 'boolean' },
      anchor: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
