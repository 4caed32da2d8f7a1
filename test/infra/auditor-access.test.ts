import { beforeAll, describe, expect, it } from 'vitest';
import { getAtt, idAt, join$, onlyResource, ref, type Synthesized, synth } from './support/synth.js';

describe('auditor access', () => {
  let s: Synthesized;

  beforeAll(() => {
    s = synth({
      auditorPrincipalArns: [
        'arn:aws:iam::111122223333:role/ExternalAuditor',
        'arn:aws:iam::444455556666:root',
      ],
    });
  });

  it('grants read-only access to the reports and nothing else', () => {
    const bucket = getAtt(idAt(s, 'Evidence', 'Bucket'));
    expect(onlyResource(s.template, 'AWS::IAM::ManagedPolicy').props.PolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadReports',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:GetObjectVersion'],
          Resource: join$(bucket, '/reports/*'),
        },
        {
          Sid: 'ListReports',
          Effect: 'Allow',
          Action: ['s3:ListBucket', 's3:ListBucketVersions'],
          Resource: bucket,
          Condition: { StringLike: { 's3:prefix': ['reports/*'] } },
        },
        { Sid: 'LocateBucket', Effect: 'Allow', Action: 's3:GetBucketLocation', Resource: bucket },
        {
          Sid: 'DecryptReportsThroughS3',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: getAtt(idAt(s, 'ReportKey', 'Key')),
          Condition: {
            StringEquals: { 'kms:ViaService': join$('s3.', ref('AWS::Region'), '.amazonaws.com') },
          },
        },
      ],
    });
  });

  it('creates a role the named principals can assume, with only that policy, for an hour at a time', () => {
    const role = (s.json.Resources as Record<string, { Properties: Record<string, unknown> }>)[
      idAt(s, 'AuditorAccess', 'Role')
    ]?.Properties;
    expect(role).toMatchObject({
      ManagedPolicyArns: [ref(idAt(s, 'AuditorAccess', 'Policy'))],
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: {
              AWS: ['arn:aws:iam::111122223333:role/ExternalAuditor', 'arn:aws:iam::444455556666:root'],
            },
          },
        ],
      },
    });
    expect(role).not.toHaveProperty('Policies');
  });

  it('outputs the policy and role ARNs', () => {
    expect(s.template.findOutputs('AuditorPolicyArn').AuditorPolicyArn?.Value).toEqual(
      ref(idAt(s, 'AuditorAccess', 'Policy')),
    );
    expect(s.template.findOutputs('AuditorRoleArn').AuditorRoleArn?.Value).toEqual(
      getAtt(idAt(s, 'AuditorAccess', 'Role')),
    );
  });
});

describe('auditor access without principals', () => {
  it('offers the policy only', () => {
    const s = synth();
    s.template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    expect(s.template.findOutputs('AuditorRoleArn')).toEqual({});
    const roles = Object.keys(s.template.findResources('AWS::IAM::Role'));
    expect(roles).toHaveLength(2); // the function's and the schedule's
  });
});
