import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FunctionEnvironment } from '../../infra/constructs/report-function-environment.js';
import { arnOf, getAtt, idAt, join$, ref, type Synthesized, synth } from './support/synth.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

function ids(s: Synthesized) {
  const find = (...path: string[]) => idAt(s, ...path);
  return {
    fn: find('ReportFunction', 'Function'),
    role: find('ReportFunction', 'Role'),
    logs: find('ReportFunction', 'Logs'),
    bucket: find('Evidence', 'Bucket'),
    key: find('ReportKey', 'Key'),
    secret: find('DescopeSecret', 'Secret'),
    queue: find('FailedRuns', 'Queue'),
    signingKey: find('ManifestSigningKey', 'Key'),
  };
}

/** The statements of the function role's policy, as synthesized. */
function roleStatements(s: Synthesized, roleId: string): unknown[] {
  const policies = Object.values(s.json.Resources as Resources).filter(
    (r) =>
      r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === JSON.stringify([ref(roleId)]),
  );
  const [policy, ...others] = policies;
  if (!policy || others.length > 0)
    throw new Error(`expected one policy on ${roleId}, found ${policies.length}`);
  return (policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement;
}

const identityArn = (id: string) => arnOf('ses', ':identity/', ref(id));

describe('report function', () => {
  let s: Synthesized;
  let id: ReturnType<typeof ids>;
  let fn: Record<string, unknown>;

  beforeAll(() => {
    s = synth({
      functionMemoryMb: 2048,
      functionEphemeralStorageMb: 8192,
      functionTimeoutMinutes: 12,
      logRetentionDays: 731,
      auditRpm: 8,
    });
    id = ids(s);
    fn = (s.json.Resources as Resources)[id.fn]?.Properties ?? {};
  });

  it('runs Node.js 22 on ARM64 with configured memory and timeout, one at a time', () => {
    expect(fn).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 2048,
      EphemeralStorage: { Size: 8192 },
      Timeout: 12 * 60,
      ReservedConcurrentExecutions: 1,
      FunctionName: 'DescopeAuditReport-weekly-report',
      Handler: 'index.handler',
      Role: getAtt(id.role),
    });
  });

  it('logs JSON to its own encrypted log group with the configured retention', () => {
    expect(fn.LoggingConfig).toEqual({
      LogFormat: 'JSON',
      ApplicationLogLevel: 'INFO',
      SystemLogLevel: 'WARN',
      LogGroup: ref(id.logs),
    });
    s.template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 731,
      KmsKeyId: getAtt(id.key),
    });
  });

  it('gets its whole configuration from the environment, AWS_REGION left to Lambda', () => {
    expect((fn.Environment as { Variables: unknown }).Variables).toEqual({
      DESCOPE_PROJECT_ID: 'P2TestProject000000000000001',
      DESCOPE_SECRET_ARN: ref(id.secret),
      DESCOPE_AUDIT_RPM: '8',
      DESCOPE_REQUEST_TIMEOUT_MS: '30000',
      REPORT_BUCKET: ref(id.bucket),
      REPORT_SENDER: 'audit-reports@example.com',
      REPORT_RECIPIENTS: 'auditor@example.org,ciso@example.org',
      REPORT_SIGNING_KEY_ARN: getAtt(id.signingKey),
      ACCESS_REVIEW_ENABLED: 'true',
      ACCESS_REVIEW_DORMANT_DAYS: '90',
      ACCESS_REVIEW_KEY_EXPIRY_HORIZON_DAYS: '365',
      REPORT_OBJECT_LOCK_MODE: 'GOVERNANCE',
      REPORT_RETENTION_DAYS: '400',
      ACCESS_REVIEW_DIRECTORY_READ: 'role-holders',
      DESCOPE_DIRECTORY_RPM: '100',
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'descope-audit-reporter',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_METRICS_NAMESPACE: 'DescopeAuditReporter',
    });
  });

  it('uses no AWS managed policy', () => {
    expect((s.json.Resources as Resources)[id.role]?.Properties).not.toHaveProperty('ManagedPolicyArns');
    s.template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
        ],
      },
    });
  });

  it('may do exactly this, on exactly these resources', () => {
    expect(roleStatements(s, id.role)).toEqual([
      {
        Sid: 'WriteOwnLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: getAtt(id.logs),
      },
      {
        Sid: 'ReadWriteReports',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: join$(getAtt(id.bucket), '/reports/*'),
      },
      {
        Sid: 'ListReports',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: getAtt(id.bucket),
        Condition: { StringLike: { 's3:prefix': ['reports/*'] } },
      },
      {
        Sid: 'UseKeyThroughS3AndSecretsManager',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: getAtt(id.key),
        Condition: {
          StringEquals: {
            'kms:ViaService': [
              join$('s3.', ref('AWS::Region'), '.amazonaws.com'),
              join$('secretsmanager.', ref('AWS::Region'), '.amazonaws.com'),
            ],
          },
        },
      },
      {
        Sid: 'ReadDescopeSecret',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: ref(id.secret),
      },
      {
        Sid: 'SendSummary',
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: identityArn(idAt(s, 'SenderIdentity', 'Sender')),
        Condition: { StringEquals: { 'ses:FromAddress': 'audit-reports@example.com' } },
      },
      {
        Sid: 'ContinueRun',
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: arnOf('lambda', ':function:DescopeAuditReport-weekly-report'),
      },
      { Sid: 'SendToFailedRunQueue', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt(id.queue) },
      {
        Sid: 'SignManifestDigests',
        Effect: 'Allow',
        Action: 'kms:Sign',
        Resource: getAtt(id.signingKey),
        Condition: { StringEquals: { 'kms:MessageType': 'DIGEST', 'kms:SigningAlgorithm': 'ECDSA_SHA_256' } },
      },
      {
        Sid: 'ReadManifestSigningPublicKey',
        Effect: 'Allow',
        Action: 'kms:GetPublicKey',
        Resource: getAtt(id.signingKey),
      },
    ]);
  });

  it('creates the SES identity of the sender address', () => {
    s.template.resourceCountIs('AWS::SES::EmailIdentity', 1);
    s.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'audit-reports@example.com',
    });
  });

  it('retries failed asynchronous runs twice, then sends them to the failed-run queue', () => {
    s.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: ref(id.fn),
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
      DestinationConfig: { OnFailure: { Destination: getAtt(id.queue) } },
    });
  });

  it('is not referenced by its own role policy (no dependency cycle)', () => {
    const policy = JSON.stringify(roleStatements(s, id.role));
    expect(policy).not.toContain(id.fn);
  });
});

describe('report function with a sender domain and the SES sandbox', () => {
  it('verifies the domain and the recipients outside it, and may send through exactly those identities', () => {
    const s = synth({
      sender: 'reports@corp.example',
      senderDomain: 'corp.example',
      recipients: ['ciso@corp.example', 'external@auditor.example'],
      sesSandbox: true,
    });
    s.template.resourceCountIs('AWS::SES::EmailIdentity', 2);
    s.template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'corp.example' });
    s.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'external@auditor.example',
    });
    const { role } = ids(s);
    expect(roleStatements(s, role)).toContainEqual({
      Sid: 'SendSummary',
      Effect: 'Allow',
      Action: 'ses:SendEmail',
      Resource: [
        identityArn(idAt(s, 'SenderIdentity', 'Recipient external@auditor.example')),
        identityArn(idAt(s, 'SenderIdentity', 'Sender')),
      ],
      // Sending through a recipient's identity is allowed, but only from the configured sender.
      Condition: { StringEquals: { 'ses:FromAddress': 'reports@corp.example' } },
    });
  });

  it('in the sandbox also verifies the email-shaped campaign reviewers, second level and escalation', () => {
    const s = synth({
      sender: 'reports@corp.example',
      senderDomain: 'corp.example',
      recipients: ['ciso@corp.example'],
      sesSandbox: true,
      accessReviewCampaigns: {
        reviewers: { fallback: ['lead@partner.example', 'username-only'], tenants: { t1: ['+15550100'] } },
        secondLevel: ['approver@partner.example'],
        escalation: ['escalate@partner.example'],
      },
    });
    const identities = s.template.findResources('AWS::SES::EmailIdentity');
    const names = Object.values(identities).map(
      (r) => (r.Properties as { EmailIdentity: string }).EmailIdentity,
    );
    // Login IDs that are not addresses (a username, a phone number) are never mailed.
    expect(names.sort()).toEqual([
      'approver@partner.example',
      'corp.example',
      'escalate@partner.example',
      'lead@partner.example',
    ]);
  });

  it('passes the Descope base URL when configured', () => {
    const s = synth({ descopeBaseUrl: 'https://api.euc1.descope.com' });
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ DESCOPE_BASE_URL: 'https://api.euc1.descope.com' }) },
    });
  });
});

describe('FunctionEnvironment type', () => {
  it('requires every variable the function schema requires, except the Lambda-reserved AWS_REGION', () => {
    // @ts-expect-error REPORT_BUCKET, REPORT_SENDER, … are required: forgetting one must not compile.
    const incomplete: FunctionEnvironment = { DESCOPE_PROJECT_ID: 'P2x' };
    const complete: FunctionEnvironment = {
      DESCOPE_PROJECT_ID: 'P2x',
      DESCOPE_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:x',
      REPORT_BUCKET: 'bucket',
      REPORT_SENDER: 'a@example.com',
      REPORT_RECIPIENTS: 'b@example.com',
    };
    // @ts-expect-error AWS_REGION is reserved by Lambda and not part of what the stack sets.
    const withRegion: FunctionEnvironment = { ...complete, AWS_REGION: 'eu-west-1' };
    expect([incomplete, complete, withRegion]).toHaveLength(3);
  });
});
