import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { mutableKeyPatterns } from '../../functions/core/integrity/mutable-report-keys.js';
import { REPORTS_PREFIX } from '../../functions/core/report/report-prefix.js';
import { STREAM_LANDING_PREFIX } from '../../functions/core/stream/stream-layout.js';
import {
  DEFAULT_ARCHIVE_AFTER_DAYS,
  DEFAULT_LOG_RETENTION_DAYS,
  DEFAULT_RETENTION_DAYS,
} from '../config/defaults.js';
import { sealedBucketProps } from './sealed-bucket-props.js';

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

    this.accessLogBucket = new Bucket(this, 'AccessLogs', {
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
          expiration: Duration.days(props.accessLogRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    Validations.of(this.accessLogBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the server access log target of the evidence bucket; logging it into itself would loop.',
    });

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
    this.writeOnce = this.denyOverwrites();
  }

  /**
   * The bucket policy that makes sealed evidence write-once for everyone (the job's role, a leaked
   * deploy credential, an administrator), since an explicit Deny outranks any Allow. Versioning
   * and Object Lock keep old versions, but without this anyone with `s3:PutObject` could put a new
   * version on top of a sealed file. A PutObject or CompleteMultipartUpload
   * (`s3:ObjectCreationOperation`; the parts of an upload carry no header) must send
   * `If-None-Match` (`s3:if-none-match`): it creates a key, never replaces one. Only the few mutable
   * records (`mutableKeyPatterns`) may also be replaced, with `If-Match`. CopyObject is refused as S3
   * refuses it under such a policy. A delete (which would hide a sealed file behind a delete marker
   * and let a new one be created) is denied under `reports/`.
   */
  private denyOverwrites(): PolicyStatement {
    const mutable = mutableKeyPatterns().map((pattern) => this.bucket.arnForObjects(pattern));
    const writeOnce = new PolicyStatement({
      sid: 'SealedEvidenceIsWrittenOnce',
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ['s3:PutObject'],
      notResources: mutable,
      conditions: {
        Null: { 's3:if-none-match': 'true' },
        Bool: { 's3:ObjectCreationOperation': 'true' },
      },
    });
    this.bucket.addToResourcePolicy(writeOnce);
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'MutableRecordsAreReplacedConditionally',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: mutable,
        conditions: {
          Null: { 's3:if-none-match': 'true', 's3:if-match': 'true' },
          Bool: { 's3:ObjectCreationOperation': 'true' },
        },
      }),
    );
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'EvidenceIsNeverDeleted',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:DeleteObject'],
        resources: [this.bucket.arnForObjects(`${REPORTS_PREFIX}*`)],
      }),
    );
    return writeOnce;
  }

  /**
   * Lets the audit stream's delivery role write under `stream/` without `If-None-Match` (Firehose
   * cannot send it), and nobody else: for every other principal `stream/` stays create-only. Outside
   * `reports/`, so no sealed file is affected; versioning and Object Lock keep any replaced object.
   */
  admitStreamDelivery(writer: IRole): void {
    const landing = this.bucket.arnForObjects(`${STREAM_LANDING_PREFIX}*`);
    this.writeOnce.addNotResources(landing);
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'StreamLandsOnlyByItsDelivery',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [landing],
        conditions: {
          Null: { 's3:if-none-match': 'true' },
          Bool: { 's3:ObjectCreationOperation': 'true' },
          ArnNotEquals: { 'aws:PrincipalArn': writer.roleArn },
        },
      }),
    );
  }

  /**
   * Lets the job's role write Athena's results under `athena-results/` without `If-None-Match`
   * (Athena cannot send it), and nobody else. Outside `reports/`: no sealed file is affected, and
   * the results are scratch the report reads back once (they expire by lifecycle).
   */
  admitAthenaResults(writer: IRole, prefix: string): void {
    const results = this.bucket.arnForObjects(`${prefix}*`);
    this.writeOnce.addNotResources(results);
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AthenaResultsOnlyByTheJob',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [results],
        conditions: {
          Null: { 's3:if-none-match': 'true' },
          Bool: { 's3:ObjectCreationOperation': 'true' },
          ArnNotEquals: { 'aws:PrincipalArn': writer.roleArn },
        },
      }),
    );
  }
}
