import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { createCampaignStore } from '../adapters/campaign-store.js';
import { createDescopeOidcClient } from '../adapters/descope-oidc-client.js';
import { createDescopeSessionValidator } from '../adapters/descope-session-validator.js';
import type { ManifestSigner } from '../adapters/manifest-signer.js';
import { createS3ReportReader } from '../adapters/s3-report-reader.js';
import { createS3ReportStore } from '../adapters/s3-report-store.js';
import type { ReviewLambdaConfig, ReviewLocalConfig } from './review-config.js';
import type { ReviewDeps } from './review-context.js';

/** The page's dependencies from its configuration, the decision signer and the CSRF secret. */
export function buildReviewDeps(
  config: ReviewLambdaConfig | ReviewLocalConfig,
  signer: ManifestSigner,
  csrfSecret: Uint8Array,
  clock: () => number = Date.now,
  /** Extra S3 client settings (the local stand-in's credentials and checksum mode). */
  s3: S3ClientConfig = {},
): ReviewDeps {
  const endpoint = config.AWS_ENDPOINT_URL_S3;
  const client = new S3Client({
    region: config.AWS_REGION,
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    ...s3,
  });
  const reportStore = createS3ReportStore({
    client,
    bucket: config.REPORT_BUCKET,
    region: config.AWS_REGION,
    ...(endpoint ? { endpoint } : {}),
  });
  const descope = {
    projectId: config.DESCOPE_PROJECT_ID,
    timeoutMs: config.DESCOPE_REQUEST_TIMEOUT_MS,
    ...(config.DESCOPE_BASE_URL ? { baseUrl: config.DESCOPE_BASE_URL } : {}),
  };
  return {
    store: createCampaignStore(reportStore, createS3ReportReader(client, config.REPORT_BUCKET)),
    signer,
    sessions: createDescopeSessionValidator(descope),
    oidc: createDescopeOidcClient(descope),
    csrfSecret,
    pageUrl: config.REVIEW_PAGE_URL,
    secure: new URL(config.REVIEW_PAGE_URL).protocol === 'https:',
    clock,
  };
}
