import type { Stack } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { DeployConfig } from './config.js';
import type { AttestationSigningKey } from './constructs/attestation-signing-key.js';
import { grantCampaignAccess } from './constructs/campaign-access.js';
import type { EvidenceBucket } from './constructs/evidence-bucket.js';
import type { ReviewPageApi } from './constructs/review-page-api.js';
import { ReviewPageFunction } from './constructs/review-page-function.js';
import type { AddedReporter } from './project-reporters.js';

/** What {@link addReviewPage} wires together. */
export interface ReviewPageProps {
  readonly config: DeployConfig;
  /** The one project's reporter (campaigns run in a single-project deployment only). */
  readonly reporter: AddedReporter;
  readonly evidence: EvidenceBucket;
  readonly key: IKey;
  readonly attestation: AttestationSigningKey;
  readonly reviewApi: ReviewPageApi;
}

/**
 * The access review page behind its API. The job opens, follows up and seals campaigns; the page
 * records decisions; reviewers with the reviewer role may record bulk decisions (npm run attest --
 * --campaign).
 */
export function addReviewPage(stack: Stack, props: ReviewPageProps): ReviewPageFunction {
  const { config, reporter, evidence, key, attestation, reviewApi } = props;
  grantCampaignAccess(reporter.reportFunction.role, evidence.bucket, key, 'Report');
  if (attestation.reviewerRole)
    grantCampaignAccess(attestation.reviewerRole, evidence.bucket, key, 'Reviewer');
  const page = new ReviewPageFunction(stack, 'ReviewPage', {
    functionName: `${stack.stackName}-review-page`,
    environment: {
      DESCOPE_PROJECT_ID: reporter.project.projectId,
      DESCOPE_BASE_URL: config.descopeBaseUrl,
      DESCOPE_REQUEST_TIMEOUT_MS: String(Math.min(config.requestTimeoutMs, 10_000)),
      REPORT_BUCKET: evidence.bucket.bucketName,
      REVIEW_PAGE_URL: reviewApi.url,
    },
    bucket: evidence.bucket,
    encryptionKey: key,
    attestationKey: attestation,
    logRetentionDays: config.logRetentionDays,
  });
  reviewApi.route(page.function);
  return page;
}
