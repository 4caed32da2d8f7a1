import { Duration } from 'aws-cdk-lib';
import type { IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Bucket, StorageClass } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { STREAM_LANDING_PREFIX } from '../../functions/core/stream/stream-layout.js';
import { DEFAULT_ARCHIVE_AFTER_DAYS, DEFAULT_RETENTION_DAYS } from '../config/defaults.js';
import { createAccessLogBucket } from './access-log-bucket.js';
import { sealedBucketProps } from './sealed-bucket-props.js';
import { admitUnconditionalWrites, denyOverwrites } from './write-once-policy.js';

/** Properties of {@link EvidenceBucket}. */
export interface EvidenceBucketProps {
  /** Customer-managed key for SSE-KMS. */
  readonly encryptionKey: IKey;
  /**
   * Object Lock mode of the default retention.
   * @default 'GOVERNANCE'
   */
  readonly objectLockMode?: 'GOVERNANCE' | 'COMPLIANCE';
  /**
   * Object Lock default retention, in days.
   * @default 400
   */
  readonly retentionDays?: number;
  /**
   * Days before reports move to S3 Glacier Instant Retrieval.
   * @default 90
   */
  readonly archiveAfterDays?: number;
  /**
   * Days the S3 server access logs are kept.
   * @default 365
   */
  readonly accessLogRetentionDays?: number;
}

/**
 * Where the weekly evidence lives: KMS-encrypted, versioned, Object Lock with a default
 * retention, TLS only, never public, and retained when the stack goes. Reads and writes are
 * logged to a separate access-log bucket, which is itself evidence of who looked. Sealed evidence
 * is write-once for every principal, whatever IAM grants it: see {@link EvidenceBucket.denyOverwrites}.
 */
export class EvidenceBucket extends Construct {
  /** The evidence: reports under `reports/`. */
  readonly bucket: Bucket;
  /** Server access logs of {@link bucket}, under `evidence/`. */
  readonly accessLogBucket: Bucket;
  /** The Deny of unconditional writes; the stream's landing prefix is taken out of it when admitted. */
  private readonly writeOnce: PolicyStatement;

  constructor(scope: Construct, id: string, props: EvidenceBucketProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? DEFAULT_RETENTION_DAYS;
    const retention = Duration.days(retentionDays);

    this.accessLogBucket = createAccessLogBucket(this, props.accessLogRetentionDays);

    this.bucket = new Bucket(this, 'Bucket', {
      ...sealedBucketProps({
        encryptionKey: props.encryptionKey,
        objectLockMode: props.objectLockMode,
        retention,
        accessLogBucket: this.accessLogBucket,
        accessLogPrefix: 'evidence/',
      }),
      lifecycleRules: [
        {
          id: 'archive-reports',
          // Glacier Instant Retrieval: auditors still open old reports in milliseconds. S3 skips
          // objects under 128 KB by default, which is fine: those cost more to move than to keep.
          transitions: [
            {
              storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL,
              transitionAfter: Duration.days(props.archiveAfterDays ?? DEFAULT_ARCHIVE_AFTER_DAYS),
            },
          ],
          // A re-run or resend leaves the old version behind. It became noncurrent after it was
          // written, so after `retentionDays` more its lock has surely expired and it can go.
          noncurrentVersionExpiration: retention,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
        { id: 'remove-expired-delete-markers', expiredObjectDeleteMarker: true },
      ],
    });
    this.writeOnce = denyOverwrites(this.bucket);
  }

  /**
   * Lets the audit stream's delivery role write under `stream/` without `If-None-Match` (Firehose
   * cannot send it), and nobody else: for every other principal `stream/` stays create-only. Outside
   * `reports/`, so no sealed file is affected; versioning and Object Lock keep any replaced object.
   */
  admitStreamDelivery(writer: IRole): void {
    admitUnconditionalWrites(this.bucket, this.writeOnce, {
      sid: 'StreamLandsOnlyByItsDelivery',
      prefix: STREAM_LANDING_PREFIX,
      writer,
    });
  }

  /**
   * Lets the job's role write Athena's results under `athena-results/` without `If-None-Match`
   * (Athena cannot send it), and nobody else. Outside `reports/`: no sealed file is affected, and
   * the results are scratch the report reads back once (they expire by lifecycle).
   */
  admitAthenaResults(writer: IRole, prefix: string): void {
    admitUnconditionalWrites(this.bucket, this.writeOnce, {
      sid: 'AthenaResultsOnlyByTheJob',
      prefix,
      writer,
    });
  }

  /**
   * Expires scratch objects under `prefix` a day after they were written (the binder printer's
   * jobs: read back once). Under Object Lock the expired version stays until its retention ends,
   * then the bucket's noncurrent-version rule removes it.
   */
  expireScratch(id: string, prefix: string): void {
    this.bucket.addLifecycleRule({ id, prefix, expiration: Duration.days(1) });
  }
}
