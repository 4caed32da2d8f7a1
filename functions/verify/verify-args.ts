import { ConfigError } from '../shared/errors.js';
import { parseCommandLine } from '../shared/parse-command-line.js';
import type { TargetFlags } from './open-target.js';

export interface VerifyArgs {
  target: string;
  /** Manifest-signing public keys (PEM files), from the report's owner. */
  publicKeyFiles: string[];
  /** Reviewers' public keys (PEM files): with any given, attestations must be signed by one. */
  attestationKeyFiles: string[];
  /** What a downloaded folder holds when its path does not say. */
  folder: TargetFlags;
  json: boolean;
  chain: boolean;
  anchor: boolean;
  help: boolean;
}

export const VERIFY_USAGE = `Usage: npm run verify -- [--public-key FILE]… [--attestation-key FILE]… [--json] [--chain] [--anchor]
                         [--period LABEL] [--project ID] [--tenant ID] [--revision N]
                         <s3://bucket/reports/<project>/<period>/ | DIR>

  --public-key FILE       a manifest-signing key's public half (PEM) obtained from the report's owner, not from
                          the bucket; repeat it for the keys of earlier periods
  --attestation-key FILE  a reviewer's public key (PEM, from the deploy configuration or the attestation KMS key);
                          with any given, every stored attestation must be signed by one of them
  --json                  print the result as JSON
  --chain                 walk back through every stored period and report missing weeks
  --anchor                find each sealed revision's ComplianceReportSealed event in Descope's audit trail
                          (DESCOPE_PROJECT_ID, DESCOPE_MANAGEMENT_KEY, optional DESCOPE_BASE_URL)
  --period, --project, --tenant, --revision
                          what a downloaded folder holds when its path does not say it
                          (…/reports/<project>/<period>/[revisions/<n>/][tenants/<id>/], or a folder named after the period)

The folder's path (or these flags) says which project, period, scope and revision it holds; the manifest must
state the same. A period's own folder is verified with every revision stored in it.
Exit code 0 only when every check passed and every signature verified with a given key; 1 otherwise.

An access review campaign: npm run verify -- --campaign ID --help
`;

/** The options of `npm run verify`. */
const VERIFY_OPTIONS = {
  'public-key': { type: 'string', multiple: true },
  'attestation-key': { type: 'string', multiple: true },
  period: { type: 'string' },
  project: { type: 'string' },
  tenant: { type: 'string' },
  revision: { type: 'string' },
  json: { type: 'boolean' },
  chain: { type: 'boolean' },
  anchor: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseVerifyArgs(argv: string[]): VerifyArgs {
  const { values, positionals } = parseCommandLine(argv, VERIFY_OPTIONS, VERIFY_USAGE, { positionals: true });
  const none = { publicKeyFiles: [], attestationKeyFiles: [], folder: {}, json: false, chain: false };
  if (values.help) return { target: '', ...none, anchor: false, help: true };
  if (positionals.length !== 1 || !positionals[0]) {
    throw new ConfigError(`Give exactly one report folder or s3:// URI\n${VERIFY_USAGE}`);
  }
  const revision = values.revision === undefined ? undefined : Number(values.revision);
  if (revision !== undefined && !(Number.isInteger(revision) && revision >= 1)) {
    throw new ConfigError(`--revision must be a whole number from 1, not ${values.revision}`);
  }
  return {
    target: positionals[0],
    publicKeyFiles: values['public-key'] ?? [],
    attestationKeyFiles: values['attestation-key'] ?? [],
    folder: { period: values.period, project: values.project, tenant: values.tenant, revision },
    json: values.json ?? false,
    chain: values.chain ?? false,
    anchor: values.anchor ?? false,
    help: false,
  };
}
