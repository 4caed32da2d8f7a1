import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { getAtt, idAt, type Synthesized, synth } from './support/synth.js';

type Statement = { Sid?: string; Effect: string; Action: unknown; Resource?: unknown; Condition?: unknown };
type Resource = { Type: string; Properties: Record<string, unknown> };

const REVIEWER = 'arn:aws:iam::111122223333:role/AccessReviewer';
const CAMPAIGNS = { reviewers: { fallback: ['lead@corp.example'] }, secondLevel: ['ciso@corp.example'] };

const resourcesOf = (s: Synthesized) => s.json.Resources as Record<string, Resource>;

/** Every statement of the inline policies attached to `roleId`. */
function roleStatements(s: Synthesized, roleId: string): Statement[] {
  return Object.values(resourcesOf(s))
    .filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]),
    )
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

const actionsOf = (st: Statement) => (Array.isArray(st.Action) ? st.Action : [st.Action]) as string[];

describe('the review page stack (accessReviewCampaigns set)', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth({
      reviewerPrincipalArns: [REVIEWER],
      accessReviewCampaigns: CAMPAIGNS,
      reviewPageThrottleRps: 7,
    });
  });

  it('signs with the one attestation key (shared with the reviewer role), digests only, and nothing else', () => {
    const keyId = idAt(s, 'AttestationSigningKey', 'Key');
    const pageRole = idAt(s, 'ReviewPage', 'Role');
    const statements = roleStatements(s, pageRole);
    const kms = statements.filter((st) => actionsOf(st).some((a) => a.startsWith('kms:')));
    expect(kms.filter((st) => actionsOf(st).includes('kms:Sign'))).toEqual([
      expect.objectContaining({
        Resource: getAtt(keyId),
        Condition: { StringEquals: { 'kms:MessageType': 'DIGEST', 'kms:SigningAlgorithm': 'ECDSA_SHA_256' } },
      }),
    ]);
    // Decrypt/encrypt with the bucket key only through S3 or Secrets Manager, never directly.
    for (const st of kms.filter(
      (k) => !actionsOf(k).includes('kms:Sign') && !actionsOf(k).includes('kms:GetPublicKey'),
    ))
      expect(JSON.stringify(st.Condition)).toMatch(/kms:ViaService/);
    // The key policy admits exactly the reviewer role and the page's role as signers.
    const policy = resourcesOf(s)[keyId]?.Properties.KeyPolicy as { Statement: Statement[] };
    const only = policy.Statement.find((st) => st.Sid === 'OnlyReviewersSignAttestations');
    expect(only).toMatchObject({ Effect: 'Deny', Action: 'kms:Sign' });
    expect(only?.Condition).toEqual({
      ArnNotEquals: {
        'aws:PrincipalArn': [getAtt(idAt(s, 'AttestationSigningKey', 'ReviewerRole')), getAtt(pageRole)],
      },
    });
    expect(
      Object.values(resourcesOf(s)).filter(
        (r) => r.Type === 'AWS::KMS::Key' && r.Properties.KeyUsage === 'SIGN_VERIFY',
      ),
    ).toHaveLength(2);
  });

  it('reads and creates objects under access/campaigns/ only: no delete, no other prefix', () => {
    const statements = roleStatements(s, idAt(s, 'ReviewPage', 'Role'));
    const s3 = statements.filter((st) => actionsOf(st).some((a) => a.startsWith('s3:')));
    expect(s3.flatMap(actionsOf).sort()).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject']);
    const objects = s3.find((st) => actionsOf(st).includes('s3:PutObject'));
    expect(JSON.stringify(objects?.Resource)).toMatch(/"\/access\/campaigns\/\*"/);
    expect(JSON.stringify(objects?.Resource)).not.toMatch(/reports/);
    const list = s3.find((st) => actionsOf(st).includes('s3:ListBucket'));
    expect(list?.Condition).toEqual({ StringLike: { 's3:prefix': ['access/campaigns/*'] } });
    // And its only secret is the generated CSRF key.
    const secrets = statements.filter((st) => actionsOf(st).some((a) => a.startsWith('secretsmanager:')));
    expect(secrets).toEqual([
      expect.objectContaining({
        Action: 'secretsmanager:GetSecretValue',
        Resource: { Ref: idAt(s, 'ReviewPage', 'CsrfSecret') },
      }),
    ]);
  });

  it('is a throttled regional REST API behind a WAF with a per-IP rate rule', () => {
    s.template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
    s.template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'review',
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          ThrottlingRateLimit: 7,
          ThrottlingBurstLimit: 14,
          HttpMethod: '*',
          ResourcePath: '/*',
        }),
      ]),
      AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
    s.template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: Match.arrayWith([
        Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet' }),
        Match.objectLike({ Name: 'AWSManagedRulesKnownBadInputsRuleSet' }),
        Match.objectLike({
          Name: 'RateLimitPerIp',
          Action: { Block: {} },
          Statement: { RateBasedStatement: { Limit: 300, AggregateKeyType: 'IP' } },
        }),
      ]),
    });
    s.template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    // Not a function URL: its only auth (IAM) is not what a reviewer's browser has.
    s.template.resourceCountIs('AWS::Lambda::Url', 0);
  });

  it("tells the job and the page the page's URL, and the job the campaign settings", () => {
    const fns = s.template.findResources('AWS::Lambda::Function');
    const env = (id: string) =>
      (fns[id] as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties
        .Environment.Variables;
    const job = env(idAt(s, 'ReportFunction', 'Function'));
    expect(JSON.parse(job.ACCESS_CAMPAIGNS as string)).toMatchObject({
      cadence: 'quarterly',
      secondLevel: ['ciso@corp.example'],
    });
    const page = env(idAt(s, 'ReviewPage', 'Function'));
    expect(JSON.stringify(page.REVIEW_PAGE_URL)).toMatch(/\/review\//);
    expect(job.REVIEW_PAGE_URL).toEqual(page.REVIEW_PAGE_URL);
    expect(page.ATTESTATION_KEY_ARN).toEqual(getAtt(idAt(s, 'AttestationSigningKey', 'Key')));
    expect(JSON.stringify(page)).not.toMatch(/managementKey|DESCOPE_SECRET_ARN/);
    s.template.hasOutput('ReviewPageUrl', {});
  });
});

describe('without campaigns, or without reviewers', () => {
  it('adds no review page, no API and no WAF without accessReviewCampaigns', () => {
    const s = synth();
    s.template.resourceCountIs('AWS::ApiGateway::RestApi', 0);
    s.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    expect(s.stack.node.tryFindChild('ReviewPage')).toBeUndefined();
    expect(s.stack.node.tryFindChild('AttestationSigningKey')).toBeUndefined();
  });

  it('creates the attestation key for the page alone when no reviewer role is configured', () => {
    const s = synth({ accessReviewCampaigns: JSON.stringify(CAMPAIGNS) });
    const key = s.stack.node.findChild('AttestationSigningKey');
    expect(key.node.tryFindChild('ReviewerRole')).toBeUndefined();
    const policy = resourcesOf(s)[idAt(s, 'AttestationSigningKey', 'Key')]?.Properties.KeyPolicy as {
      Statement: Statement[];
    };
    expect(policy.Statement.find((st) => st.Sid === 'OnlyReviewersSignAttestations')?.Condition).toEqual({
      ArnNotEquals: { 'aws:PrincipalArn': getAtt(idAt(s, 'ReviewPage', 'Role')) },
    });
    s.template.hasOutput('AttestationPublicKeyCommand', {});
  });

  it('refuses campaign settings the function would refuse, naming the key', () => {
    expect(() => synth({ accessReviewCampaigns: { reviewers: {} } })).toThrow(/accessReviewCampaigns/);
    expect(() =>
      synth({ accessReviewCampaigns: { reviewers: { fallback: ['a@b.c'] }, remediation: 'apply' } }),
    ).toThrow(/second level/);
  });
});
