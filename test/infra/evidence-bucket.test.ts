import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { getAtt, idAt, join$, type Synthesized, synth } from './support/synth.js';

describe('evidence bucket', () => {
  let s: Synthesized;
  let bucketId: string;
  let logBucketId: string;
  let keyId: string;

  beforeAll(() => {
    s = synth({ retentionDays: 730, archiveAfterDays: 60, logRetentionDays: 400 });
    bucketId = idAt(s, 'Evidence', 'Bucket');
    logBucketId = idAt(s, 'Evidence', 'AccessLogs');
    keyId = idAt(s, 'ReportKey', 'Key');
  });

  const bucket = () => s.template.toJSON().Resources[bucketId];
  const logBucket = () => s.template.toJSON().Resources[logBucketId];

  it('is encrypted with a customer-managed key that rotates and is retained', () => {
    s.template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(bucket().Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt(keyId) },
        },
      ],
    });
  });

  it('is versioned with Object Lock default retention (GOVERNANCE by default)', () => {
    expect(bucket().Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 730 } },
      },
    });
  });

  it('archives to Glacier Instant Retrieval and expires noncurrent versions after the retention', () => {
    expect(bucket().Properties.LifecycleConfiguration.Rules).toEqual([
      {
        Id: 'archive-reports',
        Status: 'Enabled',
        Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 60 }],
        NoncurrentVersionExpiration: { NoncurrentDays: 730 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      },
      { Id: 'remove-expired-delete-markers', Status: 'Enabled', ExpiredObjectDeleteMarker: true },
    ]);
  });

  it('logs server access to the separate log bucket', () => {
    expect(bucket().Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logBucketId },
      LogFilePrefix: 'evidence/',
    });
    expect(logBucketId).not.toBe(bucketId);
  });

  it('gives the log bucket SSE-S3 (access logs cannot target SSE-KMS) and its own expiry', () => {
    expect(logBucket().Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(logBucket().Properties.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({ Id: 'expire-access-logs', Status: 'Enabled', ExpirationInDays: 400 }),
    ]);
  });

  it('lets S3 log delivery write to the log bucket, from the evidence bucket only', () => {
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logBucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: Match.objectLike({ ArnLike: { 'aws:SourceArn': getAtt(bucketId) } }),
          }),
        ]),
      },
    });
  });

  it.each([
    ['evidence', () => bucketId],
    ['access log', () => logBucketId],
  ])('%s bucket blocks all public access, denies non-TLS and old TLS, and is retained', (_name, id) => {
    const resource = s.template.toJSON().Resources[id()];
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.UpdateReplacePolicy).toBe('Retain');
    expect(resource.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const everything = [getAtt(id()), join$(getAtt(id()), '/*')];
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Resource: everything,
          },
          {
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
            Resource: everything,
          },
        ]),
      },
    });
  });
});

describe('evidence bucket in COMPLIANCE mode', () => {
  it('uses the configured Object Lock mode', () => {
    const { template } = synth({ objectLockMode: 'COMPLIANCE', retentionDays: 2555 });
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2555 } },
      },
    });
  });
});
