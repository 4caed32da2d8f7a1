import { readFile } from 'node:fs/promises';
import { createDescopeReportAnchor } from '../adapters/descope-report-anchor.js';
import { createDescopeSdkSearchApi } from '../adapters/descope-sdk-search-api.js';
import { createReliableAuditSearch } from '../adapters/reliable-audit-search.js';
import { keyFingerprint, pemToSpki } from '../core/integrity/signing-key.js';
import { ConfigError } from '../shared/errors.js';
import { cliEnvironmentSchema, parseEnvironment } from '../weekly-report/wiring/config.js';
import { openTarget } from './open-target.js';
import { parseVerifyArgs, VERIFY_USAGE } from './verify-args.js';
import type { GivenKey } from './verify-context.js';
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

/** The public key an auditor gives (`--public-key`), with its fingerprint. */
export async function readPublicKey(file: string): Promise<GivenKey> {
  const pem = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new ConfigError(`--public-key: cannot read ${file}`, { cause: error });
  });
  try {
    return { pem, fingerprint: keyFingerprint(pemToSpki(pem)) };
  } catch {
    throw new ConfigError(`--public-key: ${file} is not a PEM public key`);
  }
}

/**
 * `npm run verify`: checks a stored report offline (a folder) or in S3. Returns the exit code: 0
 * only when everything checked out with a signature verified against the given key.
 */
export async function runVerify(
  argv: string[],
  env: Record<string, string | undefined>,
  io: VerifyIo,
): Promise<number> {
  const args = parseVerifyArgs(argv);
  if (args.help) {
    io.print(VERIFY_USAGE);
    return 0;
  }
  const credentials = args.anchor ? parseEnvironment(verifyAnchorEnvironmentSchema, env) : undefined;
  const key = args.publicKeyFile ? await readPublicKey(args.publicKeyFile) : undefined;
  const target = await openTarget(args.target, env);
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
      ...target,
      ...(key ? { key } : {}),
      chain: args.chain,
      ...(anchor ? { anchor } : {}),
      now: io.now(),
    });
    if (args.json) io.print(formatVerifyJson(result));
    else for (const line of formatVerifyResult(result)) io.print(line);
    return result.verified ? 0 : 1;
  } finally {
    await search?.stop();
  }
}
