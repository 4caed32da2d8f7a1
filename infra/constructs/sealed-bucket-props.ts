import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  BucketEncryption,
  type BucketProps,
  type IBucket,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';

/** What a bucket holding evidence needs to be sealed: its key, lock and access log. */
export interface SealedBucketOptions {
  encryptionKey: IKey;
  objectLockMode: 'GOVERNANCE' | 'COMPLIANCE' | undefined;
  retention: Duration;
  accessLogBucket: IBucket | undefined;
  accessLogPrefix: string;
}

/**
 * The settings every bucket of evidence shares (the evidence bucket and the stream's landing
 * bucket): KMS with a bucket key, TLS 1.2 only, never public, owner-enforced, versioned, Object Lock
 * by default for the retention, its access logged, retained when the stack goes.
 */
export function sealedBucketProps(options: SealedBucketOptions): BucketProps {
  return {
    encryption: BucketEncryption.KMS,
    encryptionKey: options.encryptionKey,
    // One data key per bucket instead of per object: fewer KMS calls, same key and audit trail.
    bucketKeyEnabled: true,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    objectLockEnabled: true,
    objectLockDefaultRetention:
      options.objectLockMode === 'COMPLIANCE'
        ? ObjectLockRetention.compliance(options.retention)
        : ObjectLockRetention.governance(options.retention),
    serverAccessLogsBucket: options.accessLogBucket,
    serverAccessLogsPrefix: options.accessLogPrefix,
    removalPolicy: RemovalPolicy.RETAIN,
  };
}
