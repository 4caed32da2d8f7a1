import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { DEFAULT_LOG_RETENTION_DAYS } from '../config/defaults.js';

/**
 * The server access log target of the evidence bucket (`AccessLogs` under `scope`): SSE-S3,
 * versioned, never public, retained, its logs expiring after `retentionDays`.
 * @param retentionDays days the logs are kept; @default 365
 */
export function createAccessLogBucket(scope: Construct, retentionDays: number | undefined): Bucket {
  const bucket = new Bucket(scope, 'AccessLogs', {
    // S3 server access logging cannot deliver to an SSE-KMS bucket: SSE-S3 is the only option.
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [
      {
        id: 'expire-access-logs',
        expiration: Duration.days(retentionDays ?? DEFAULT_LOG_RETENTION_DAYS),
        noncurrentVersionExpiration: Duration.days(1),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
  });
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'This is the server access log target of the evidence bucket; logging it into itself would loop.',
  });
  return bucket;
}
