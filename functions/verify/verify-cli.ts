import { readFile } from 'node:fs/promises';
import { createDescopeReportAnchor } from '../adapters/descope-report-anchor.js';
import { createDescopeSdkSearchApi } from '../adapters/descope-sdk-search-api.js';
import { createReliableAuditSearch } from '../adapters/reliable-audit-search.js';
import { type TrustedKey, trustedKey } from '../core/integrity/public-key-set.js';
import { ConfigError } from '../shared/errors.js';
import { cliEnvironmentSchema, parseEnvironment } from '../weekly-report/wiring/config.js';
import { openTarget } from './open-target.js';
import { parseVerifyArgs, VERIFY_USAGE } from './verify-args.js';
import { runVerifyCampaign } from './verify-campaign-cli.js';
import { formatVerifyJson, formatVerifyResult } from './verify-output.js';
import { verifyReport } from './verify-report.js';

export interface VerifyIo {
  print: (line: string) => void;
  now: () => number;
}

/** The Descope credentials `--anchor` needs: the same variables as the report CLI. */
export const verifyAnchorEnvironmentSchema = cliEnvironmentSchema.pick({
  DESCOPE_PROJECT_ID: true,
  DESCOPE_MANAGEMENT_KEY: true,
  DESCOPE_BASE_URL: true,
});

/** A public key given as `option` (e.g. `--public-key`), with its fingerprint. */
export async function readPublicKey(option: string, file: string): Promise<TrustedKey> {
  const pem = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new ConfigError(`${option}: cannot read ${file}`, { cause: error });
  });
  try {
    return trustedKey(pem);
  } catch {
    throw new ConfigError(`${option}: ${file} is not a PEM public key`);
  }
}

const readKeys = (option: string, files: readonly string[]) =>
  Promise.all(files.map((file) => readPublicKey(option, file)));

/**
 * `npm run verify`: checks a stored report offline (a folder) or in S3. Returns the exit code: 0
 * only when everything checked out with a signature verified against the given key.
 */
export async function runVerify(
  argv: string[],
  env: Record<string, string | undefined>,
  io: VerifyIo,
): Promise<number> {
  // An access review campaign (decisions, their signatures, the seal) rather than a report folder.
  if (argv.includes('--campaign')) return runVerifyCampaign(argv, env, io);
  const args = parseVerifyArgs(argv);
  if (args.help) {
    io.print(VERIFY_USAGE);
    return 0;
  }
  const credentials = args.anchor ? parseEnvironment(verifyAnchorEnvironmentSchema, env) : undefined;
  const keys = await readKeys('--public-key', args.publicKeyFiles);
  const attestationKeys = await readKeys('--attestation-key', args.attestationKeyFiles);
  const target = await openTarget(args.target, env, args.folder);
  const search = credentials
    ? createReliableAuditSearch(
        createDescopeSdkSearchApi({
          projectId: credentials.DESCOPE_PROJECT_ID,
          managementKey: credentials.DESCOPE_MANAGEMENT_KEY,
          ...(credentials.DESCOPE_BASE_URL ? { baseUrl: credentials.DESCOPE_BASE_URL } : {}),
          timeoutMs: 30_000,
        }),
        { requestsPerMinute: 10, maxAttempts: 3 },
      )
    : undefined;
  try {
    const anchor =
      credentials && search
        ? createDescopeReportAnchor({
            projectId: credentials.DESCOPE_PROJECT_ID,
            managementKey: credentials.DESCOPE_MANAGEMENT_KEY,
            ...(credentials.DESCOPE_BASE_URL ? { baseUrl: credentials.DESCOPE_BASE_URL } : {}),
            timeoutMs: 30_000,
            search,
          })
        : undefined;
    const result = await verifyReport({
      target,
      keys,
      attestationKeys,
      chain: args.chain,
      anchor,
      now: io.now(),
    });
    if (args.json) io.print(formatVerifyJson(result));
    else for (const line of formatVerifyResult(result)) io.print(line);
    return result.verified ? 0 : 1;
  } finally {
    await search?.stop();
  }
}
