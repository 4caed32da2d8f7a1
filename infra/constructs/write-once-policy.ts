import type { IRole } from 'aws-cdk-lib/aws-iam';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { mutableKeyPatterns } from '../../functions/core/integrity/mutable-report-keys.js';
import { REPORTS_PREFIX } from '../../functions/core/report/report-prefix.js';

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
export function denyOverwrites(bucket: Bucket): PolicyStatement {
  const mutable = mutableKeyPatterns().map((pattern) => bucket.arnForObjects(pattern));
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
  bucket.addToResourcePolicy(writeOnce);
  bucket.addToResourcePolicy(
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
  bucket.addToResourcePolicy(
    new PolicyStatement({
      sid: 'EvidenceIsNeverDeleted',
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ['s3:DeleteObject'],
      resources: [bucket.arnForObjects(`${REPORTS_PREFIX}*`)],
    }),
  );
  return writeOnce;
}

/** A writer that cannot send `If-None-Match` (Firehose, Athena), admitted under one prefix of the bucket. */
export interface UnconditionalWriter {
  /** The bucket policy statement's Sid. */
  sid: string;
  /** The key prefix it writes under, outside `reports/`. */
  prefix: string;
  writer: IRole;
}

/**
 * Takes `prefix` out of the write-once Deny and denies unconditional writes there to every
 * principal but `writer`: for everyone else the prefix stays create-only.
 */
export function admitUnconditionalWrites(
  bucket: Bucket,
  writeOnce: PolicyStatement,
  { sid, prefix, writer }: UnconditionalWriter,
): void {
  const admitted = bucket.arnForObjects(`${prefix}*`);
  writeOnce.addNotResources(admitted);
  bucket.addToResourcePolicy(
    new PolicyStatement({
      sid,
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ['s3:PutObject'],
      resources: [admitted],
      conditions: {
        Null: { 's3:if-none-match': 'true' },
        Bool: { 's3:ObjectCreationOperation': 'true' },
        ArnNotEquals: { 'aws:PrincipalArn': writer.roleArn },
      },
    }),
  );
}
