import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { getAtt, idAt, join$, onlyResource, ref, type Synthesized, synth } from './support/synth.js';

describe('weekly schedule', () => {
  let s: Synthesized;

  beforeAll(() => {
    s = synth();
  });

  it('runs Mondays 06:00 UTC by default, through EventBridge Scheduler', () => {
    expect(onlyResource(s.template, 'AWS::Scheduler::Schedule').props).toMatchObject({
      Name: 'DescopeAuditReport-weekly',
      ScheduleExpression: 'cron(0 6 ? * MON *)',
      ScheduleExpressionTimezone: 'UTC',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
    });
  });

  it('passes only the scheduled time, retries delivery and dead-letters what it cannot deliver', () => {
    expect(onlyResource(s.template, 'AWS::Scheduler::Schedule').props.Target).toEqual({
      Arn: getAtt(idAt(s, 'ReportFunction', 'Function')),
      RoleArn: getAtt(idAt(s, 'Schedule', 'Role')),
      Input: '{"scheduledTime":"<aws.scheduler.scheduled-time>"}',
      RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 6 * 3600 },
      DeadLetterConfig: { Arn: getAtt(idAt(s, 'FailedRuns', 'Queue')) },
    });
  });

  it('assumes a role trusted by Scheduler of this account only, allowed to invoke and dead-letter', () => {
    const roleId = idAt(s, 'Schedule', 'Role');
    s.template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
          },
        ],
      },
    });
    const fnArn = getAtt(idAt(s, 'ReportFunction', 'Function'));
    s.template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(roleId)],
      PolicyDocument: {
        Statement: [
          { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: [fnArn, join$(fnArn, ':*')] },
          { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: getAtt(idAt(s, 'FailedRuns', 'Queue')) },
        ],
      },
    });
  });

  it('dead-letters into an encrypted, TLS-only queue', () => {
    const queueId = idAt(s, 'FailedRuns', 'Queue');
    expect(onlyResource(s.template, 'AWS::SQS::Queue').props).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    s.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [ref(queueId)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Resource: getAtt(queueId),
          }),
        ]),
      },
    });
  });
});

describe('schedule settings', () => {
  it('uses the configured cron and time zone', () => {
    const { template } = synth({ scheduleCron: '30 7 ? * TUE *', scheduleTimezone: 'Europe/Berlin' });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 7 ? * TUE *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
    });
  });
});
