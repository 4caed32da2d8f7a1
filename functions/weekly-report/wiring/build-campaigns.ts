import { KMSClient } from '@aws-sdk/client-kms';
import { createCampaignStore } from '../../adapters/campaign-store.js';
import type { DescopeConnection } from '../../adapters/descope-management-client.js';
import { createDescopeRoleRemover } from '../../adapters/descope-role-remover.js';
import { createDirectoryReportReader } from '../../adapters/directory-report-reader.js';
import { createKmsManifestSigner } from '../../adapters/kms-manifest-signer.js';
import { loadLocalKeySigner } from '../../adapters/local-key-signer.js';
import type { ReportReader } from '../../adapters/report-reader.js';
import type { ReportStore } from '../../adapters/report-store.js';
import { createDescopeReviewerLookup } from '../../adapters/reviewer-lookup.js';
import { createS3ReportReader } from '../../adapters/s3-report-reader.js';
import { ConfigError } from '../../shared/errors.js';
import type { CampaignRunDeps } from '../access-review/campaign-phase.js';
import { createAwsClients } from './build-dependencies.js';
import { type CliConfig, campaignRunSettings, type DryRunConfig } from './config.js';

/** Where the run finds the attestation key's public half: KMS (Lambda) or a PEM file (CLI, `npm start`). */
export type AttestationKeySource = { kmsKeyArn: string } | { keyFile: string } | undefined;

/**
 * The campaign dependencies of a run: the campaign store over the bucket, the attestation key (its
 * public half checks decisions), the reviewer lookup and role remover under the directory limiter.
 * Campaigns without an attestation key are a configuration error, named before any request.
 */
export async function buildCampaignDeps(input: {
  store: Pick<ReportStore, 'get' | 'getVersioned' | 'putIf'>;
  reader: Pick<ReportReader, 'list'>;
  attestation: AttestationKeySource;
  connection: DescopeConnection;
  directoryLimiter: { run<T>(call: () => Promise<T>): Promise<T> };
}): Promise<CampaignRunDeps> {
  if (!input.attestation)
    throw new ConfigError(
      'Invalid configuration: ACCESS_CAMPAIGNS needs the attestation key (REPORT_ATTESTATION_KEY_ARN in Lambda, ATTESTATION_SIGNING_KEY_FILE on the command line)',
    );
  const attestationKey =
    'kmsKeyArn' in input.attestation
      ? createKmsManifestSigner(new KMSClient({}), input.attestation.kmsKeyArn)
      : await loadLocalKeySigner(input.attestation.keyFile, 'ATTESTATION_SIGNING_KEY_FILE');
  return {
    store: createCampaignStore(input.store, input.reader),
    attestationKey,
    reviewers: createDescopeReviewerLookup(input.connection, input.directoryLimiter),
    remover: createDescopeRoleRemover(input.connection, input.directoryLimiter),
  };
}

/**
 * The CLI's campaigns: settings from the environment, the store the run writes (the bucket, or
 * the dry run's folder) and the attestation key's file.
 */
export async function cliCampaigns(
  config: CliConfig | DryRunConfig,
  bucket: CliConfig | undefined,
  built: {
    store: Pick<ReportStore, 'get' | 'getVersioned' | 'putIf'>;
    sdkOptions: DescopeConnection;
    directoryLimiter: { run<T>(call: () => Promise<T>): Promise<T> };
  },
  outDir: string,
) {
  const campaigns = campaignRunSettings(config);
  if (!campaigns) return { campaigns, campaignDeps: undefined };
  const keyFile = config.ATTESTATION_SIGNING_KEY_FILE;
  const campaignDeps = await buildCampaignDeps({
    store: built.store,
    reader: bucket
      ? createS3ReportReader(createAwsClients(bucket).s3, bucket.REPORT_BUCKET)
      : createDirectoryReportReader(outDir, ''),
    attestation: keyFile ? { keyFile } : undefined,
    connection: built.sdkOptions,
    directoryLimiter: built.directoryLimiter,
  });
  return { campaigns, campaignDeps };
}
