import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, getAtt, idAt, onlyResource, ref, type Synthesized, synth } from './support/synth.js';

const PRINCIPAL = 'arn:aws:iam::123456789012:role/descope-connector';
const EVENTBRIDGE = { source: 'stream', streamPrincipalArn: PRINCIPAL, streamNoEventHours: 4 };
const CONNECTOR = {
  source: 'stream',
  streamPath: 's3-connector',
  streamPrincipalArn: PRINCIPAL,
  streamExternalId: 'descope-ext-0001',
  streamKeyPattern: '{projectId}/{yyyy}/{mm}/{dd}/',
  streamMaskPii: true,
};

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
const statementsOf = (s: Synthesized, ...path: string[]) =>
  s.template.toJSON().Resources[idAt(s, ...path, 'DefaultPolicy')].Properties.PolicyDocument
    .Statement as Statement[];
const environmentOf = (s: Synthesized) =>
  onlyResource(s.template, 'AWS::Lambda::Function').props.Environment as {
    Variables: Record<string, unknown>;
  };

describe('the audit stream, EventBridge path', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth(EVENTBRIDGE);
  });

  it('creates a bus only the configured principal may put events on', () => {
    const bus = idAt(s, 'AuditStream', 'Delivery', 'Bus');
    s.template.hasResourceProperties('AWS::Events::EventBusPolicy', {
      EventBusName: ref(bus),
      Statement: {
        Sid: Match.stringLikeRegexp('DescopeConnectorPutsEvents$'),
        Effect: 'Allow',
        Principal: { AWS: PRINCIPAL },
        Action: 'events:PutEvents',
        Resource: getAtt(bus),
      },
    });
  });

  it('forwards the connector source, envelope and all, to Firehose with a dead-letter queue', () => {
    const rule = onlyResource(s.template, 'AWS::Events::Rule').props as {
      EventPattern: unknown;
      Targets: Array<Record<string, unknown>>;
    };
    expect(rule.EventPattern).toEqual({ source: ['descope.audit'] });
    expect(rule.Targets).toHaveLength(1);
    expect(rule.Targets[0]).toMatchObject({
      Arn: getAtt(idAt(s, 'AuditStream', 'Delivery', 'DeliveryStream')),
      DeadLetterConfig: { Arn: getAtt(idAt(s, 'AuditStream', 'Delivery', 'UndeliveredEvents')) },
      RetryPolicy: { MaximumEventAgeInSeconds: 86_400 },
    });
    // No input transformer: the whole EventBridge event is delivered.
    expect(rule.Targets[0]?.InputTransformer).toBeUndefined();
    expect(rule.Targets[0]?.Input).toBeUndefined();
  });

  it('delivers gzipped NDJSON by arrival day under stream/events/, errors under stream/errors/, encrypted', () => {
    const key = getAtt(idAt(s, 'ReportKey', 'Key'));
    const { props } = onlyResource(s.template, 'AWS::KinesisFirehose::DeliveryStream');
    expect(props.DeliveryStreamEncryptionConfigurationInput).toEqual({
      KeyType: 'CUSTOMER_MANAGED_CMK',
      KeyARN: key,
    });
    expect(props.ExtendedS3DestinationConfiguration).toMatchObject({
      BucketARN: getAtt(idAt(s, 'Evidence', 'Bucket')),
      Prefix: 'stream/events/dt=!{timestamp:yyyy-MM-dd}/',
      ErrorOutputPrefix: 'stream/errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/',
      CompressionFormat: 'GZIP',
      EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: key } },
      ProcessingConfiguration: {
        Enabled: true,
        Processors: [
          {
            Type: 'AppendDelimiterToRecord',
            Parameters: [{ ParameterName: 'Delimiter', ParameterValue: '\\n' }],
          },
        ],
      },
      CloudWatchLoggingOptions: { Enabled: true },
    });
  });

  it('lets Firehose write only under stream/ (no delete) and the job only read stream/events/', () => {
    const firehose = statementsOf(s, 'AuditStream', 'Delivery', 'DeliveryRole');
    const actions = firehose.flatMap((st) => [st.Action].flat());
    expect(actions).not.toContain('s3:DeleteObject');
    expect(firehose.find((st) => st.Sid === 'WriteStreamObjects')?.Resource).toEqual({
      'Fn::Join': ['', [getAtt(idAt(s, 'Evidence', 'Bucket')), '/stream/*']],
    });
    const job = statementsOf(s, 'ReportFunction', 'Role');
    expect(job.find((st) => st.Sid === 'ReadAuditStream')).toMatchObject({
      Action: 's3:GetObject',
      Resource: { 'Fn::Join': ['', [getAtt(idAt(s, 'Evidence', 'Bucket')), '/stream/events/*']] },
    });
    expect(job.find((st) => st.Sid === 'ListAuditStream')?.Condition).toEqual({
      StringLike: { 's3:prefix': ['stream/events/*'] },
    });
    expect(environmentOf(s).Variables).toMatchObject({ REPORT_SOURCE: 'stream', STREAM_LATE_DAYS: '1' });
    expect(environmentOf(s).Variables.STREAM_BUCKET).toBeUndefined();
  });

  it('alarms on failed delivery, events waiting in the dead-letter queue, and hours of silence', () => {
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'DescopeAuditReport-stream-delivery-failed',
      Namespace: 'AWS/Firehose',
      MetricName: 'DeliveryToS3.Success',
      ComparisonOperator: 'LessThanThreshold',
    });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'DescopeAuditReport-stream-events-undelivered',
      MetricName: 'ApproximateNumberOfMessagesVisible',
    });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'DescopeAuditReport-stream-silent',
      MetricName: 'IncomingRecords',
      Period: 3600,
      EvaluationPeriods: 4,
      DatapointsToAlarm: 4,
      TreatMissingData: 'breaching',
      AlarmActions: [ref(idAt(s, 'Alarms', 'Topic'))],
    });
  });
});

describe('the audit stream, S3-connector path', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth(CONNECTOR);
  });

  it('gives the connector a bucket of its own: its own KMS key, versioned, Object Lock, TLS only, expiring', () => {
    const bucket = s.template.toJSON().Resources[idAt(s, 'AuditStream', 'Landing', 'Bucket')];
    expect(bucket.Properties.PublicAccessBlockConfiguration).toMatchObject({
      BlockPublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: getAtt(idAt(s, 'AuditStream', 'Landing', 'Key')),
            },
          },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 400 } },
      },
    });
    expect(bucket.Properties.LifecycleConfiguration.Rules[0]).toMatchObject({ ExpirationInDays: 401 });
    expect(bucket.DeletionPolicy).toBe('Retain');
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(idAt(s, 'AuditStream', 'Landing', 'Bucket')),
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
  });

  it('lets the configured principal assume the connector role only with the external ID, to put objects only', () => {
    const role = s.template.toJSON().Resources[idAt(s, 'AuditStream', 'Landing', 'ConnectorRole')];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { AWS: PRINCIPAL },
        Condition: { StringEquals: { 'sts:ExternalId': 'descope-ext-0001' } },
      },
    ]);
    const statements = statementsOf(s, 'AuditStream', 'Landing', 'ConnectorRole');
    expect(statements.map((st) => [st.Sid, st.Action])).toEqual([
      ['PutAuditObjects', 's3:PutObject'],
      ['EncryptAuditObjects', 'kms:GenerateDataKey'],
    ]);
  });

  it('lets the job read the landing bucket, never write it, and tells it where and how', () => {
    const job = statementsOf(s, 'ReportFunction', 'Role');
    const landing = idAt(s, 'AuditStream', 'Landing', 'Bucket');
    const onLanding = job.filter((st) => JSON.stringify(st.Resource).includes(landing));
    expect(onLanding.map((st) => st.Action).sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
    expect(environmentOf(s).Variables).toMatchObject({
      REPORT_SOURCE: 'stream',
      STREAM_BUCKET: ref(landing),
      STREAM_KEY_PATTERN: '{projectId}/{yyyy}/{mm}/{dd}/',
      STREAM_MASK_PII: 'true',
    });
    expect(s.template.findResources('AWS::KinesisFirehose::DeliveryStream')).toEqual({});
  });
});

describe('the audit stream settings', () => {
  it('adds nothing with the search as the source', () => {
    const s = synth();
    expect(s.template.findResources('AWS::Events::EventBus')).toEqual({});
    expect(environmentOf(s).Variables.REPORT_SOURCE).toBeUndefined();
  });

  it('names what a stream needs before anything is built', () => {
    expect(() => synth({ source: 'stream' })).toThrow(/streamPrincipalArn is required/);
    expect(() => synth({ ...CONNECTOR, streamExternalId: undefined })).toThrow(
      /streamExternalId is required/,
    );
    expect(() => synth({ ...CONNECTOR, streamKeyPattern: '{projectId}/{yyyy}/' })).toThrow(
      /streamKeyPattern/,
    );
  });

  it.each([
    ['EventBridge', EVENTBRIDGE],
    ['S3 connector', CONNECTOR],
  ])('passes cdk-nag with nothing unacknowledged (%s)', (_name, settings) => {
    const { app } = buildApp(settings, { cloudFormationValidation: true });
    const assembly = app.synth();
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]);
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });
});
