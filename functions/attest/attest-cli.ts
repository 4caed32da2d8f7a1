import { createDirectoryReportStore } from '../adapters/directory-report-store.js';
import type { ReportStore } from '../adapters/report-store.js';
import { createS3ReportStore } from '../adapters/s3-report-store.js';
import { ACCESS_FILES } from '../core/access/access-controls.js';
import type { CliIo } from '../weekly-report/cli/cli-io.js';
import { awsSdkVariables } from '../weekly-report/wiring/aws-sdk-variables.js';
import { createAwsClients } from '../weekly-report/wiring/build-dependencies.js';
import { cliEnvironmentSchema, parseEnvironment } from '../weekly-report/wiring/config.js';
import { ATTEST_USAGE, parseAttestArgs } from './attest-args.js';
import { runCampaignAttest } from './attest-campaign-cli.js';
import { loadAttestationSigner } from './attestation-signer.js';
import { recordAttestation } from './record-attestation.js';

/** The variables `npm run attest -- --dir DIR` reads: the project and, to sign, the reviewer's key. */
export const attestEnvironmentSchema = cliEnvironmentSchema.pick({
  DESCOPE_PROJECT_ID: true,
  ATTESTATION_SIGNING_KEY_FILE: true,
  ATTESTATION_SIGNING_KEY_ARN: true,
});
/** The variables `npm run attest` reads without `--dir`: the bucket as well. */
export const attestBucketEnvironmentSchema = attestEnvironmentSchema.extend({
  ...cliEnvironmentSchema.pick({ REPORT_BUCKET: true, AWS_REGION: true, AWS_ENDPOINT_URL_S3: true }).shape,
  ...awsSdkVariables,
});

/** `npm run attest -- …`: records a reviewer's sign-off of a stored access review. */
export async function runAttestCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<string | undefined> {
  // A campaign's decisions: the same decision store and rules as the review page.
  if (argv.includes('--campaign')) {
    await runCampaignAttest(argv, env, io);
    return undefined;
  }
  const args = parseAttestArgs(argv);
  if (args.help) {
    io.print(ATTEST_USAGE);
    return undefined;
  }
  // Read before anything is stored: a key that cannot be read fails the call with nothing written.
  const signer = await loadAttestationSigner(parseEnvironment(attestEnvironmentSchema, env));
  let store: ReportStore;
  let projectId: string;
  if (args.dir) {
    projectId = parseEnvironment(attestEnvironmentSchema, env).DESCOPE_PROJECT_ID;
    store = createDirectoryReportStore(args.dir);
  } else {
    const config = parseEnvironment(attestBucketEnvironmentSchema, env);
    projectId = config.DESCOPE_PROJECT_ID;
    store = createS3ReportStore({
      client: createAwsClients(config).s3,
      bucket: config.REPORT_BUCKET,
      region: config.AWS_REGION,
      ...(env.AWS_ENDPOINT_URL_S3 ? { endpoint: env.AWS_ENDPOINT_URL_S3 } : {}),
    });
  }
  const { key, attestation } = await recordAttestation(store, {
    projectId,
    period: args.period,
    ...(args.tenant ? { tenantId: args.tenant } : {}),
    reviewer: args.reviewer,
    decision: args.decision,
    ...(args.note ? { note: args.note } : {}),
    now: io.now(),
    supersede: args.supersede,
    ...(signer ? { signer } : {}),
  });
  io.print(`Stored ${key}: ${attestation.decision} by ${attestation.reviewer} at ${attestation.attestedAt}`);
  io.print(
    `Snapshot SHA-256 ${attestation.snapshot.sha256}. ` +
      (attestation.signingKeyFingerprint
        ? `Signed (${ACCESS_FILES.attestationSignature}) by the reviewer key with fingerprint ${attestation.signingKeyFingerprint}.`
        : "Not signed: set ATTESTATION_SIGNING_KEY_FILE (the reviewer's own PEM key) or ATTESTATION_SIGNING_KEY_ARN (the attestation KMS key) to sign it."),
  );
  return key;
}
