import { KMSClient } from '@aws-sdk/client-kms';
import type { AuditSearchApi } from '../../adapters/audit-search-api.js';
import type { DescopeCredentials as Credentials } from '../../adapters/descope-credentials.js';
import { createDescopeReportAnchor } from '../../adapters/descope-report-anchor.js';
import { createKmsManifestSigner } from '../../adapters/kms-manifest-signer.js';
import { loadLocalKeySigner } from '../../adapters/local-key-signer.js';
import type { ReportAnchor } from '../../adapters/report-anchor.js';
import type { Sealing } from '../publish/seal-manifest.js';
import { type AwsSdkSettings, awsClientOptions } from './aws-sdk-variables.js';
import type { CommonConfig } from './config.js';

/**
 * The Lambda signs with the stack's KMS key (`REPORT_SIGNING_KEY_ARN`). Without a key the reason is
 * the same for every entry point, so an unsigned re-run by the CLI stores byte-identical files.
 */
export function createKmsSealing(
  config: { REPORT_SIGNING_KEY_ARN?: string | undefined; AWS_REGION: string } & AwsSdkSettings,
): Sealing {
  const keyArn = config.REPORT_SIGNING_KEY_ARN;
  return keyArn ? { signer: createKmsManifestSigner(new KMSClient(awsClientOptions(config)), keyArn) } : {};
}

/** The CLI signs with a local PKCS#8 PEM private key (`REPORT_SIGNING_KEY_FILE`), read before any request. */
export async function createFileSealing(keyFile: string | undefined): Promise<Sealing> {
  return keyFile ? { signer: await loadLocalKeySigner(keyFile, 'REPORT_SIGNING_KEY_FILE') } : {};
}

/** The Descope anchor, when a tenant to file it under is configured (`REPORT_ANCHOR_TENANT_ID`). */
export function createReportAnchor(
  config: Pick<CommonConfig, 'DESCOPE_BASE_URL' | 'DESCOPE_REQUEST_TIMEOUT_MS' | 'REPORT_ANCHOR_TENANT_ID'>,
  credentials: Credentials,
  search: AuditSearchApi,
): ReportAnchor | undefined {
  if (!config.REPORT_ANCHOR_TENANT_ID) return undefined;
  return createDescopeReportAnchor({
    projectId: credentials.projectId,
    managementKey: credentials.managementKey,
    baseUrl: config.DESCOPE_BASE_URL,
    timeoutMs: config.DESCOPE_REQUEST_TIMEOUT_MS,
    search,
    tenantId: config.REPORT_ANCHOR_TENANT_ID,
  });
}
