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

describe('monthly and quarterly schedules', () => {
  it('exist only when their recipients are configured, each passing its rollup and mailing its own recipients', () => {
    expect(synth().template.findResources('AWS::Scheduler::Schedule')).toSatisfy(
      (found: object) => Object.keys(found).length === 1,
    );
    const s = synth({
      monthlyReportRecipients: ['controller@example.org'],
      quarterlyReportRecipients: ['audit-committee@example.org'],
    });
    const schedules = Object.values(s.template.findResources('AWS::Scheduler::Schedule')).map(
      (r) =>
        (r as { Properties: { Name: string; ScheduleExpression: string; Target: { Input: string } } })
          .Properties,
    );
    expect(schedules.map((p) => [p.Name, p.ScheduleExpression, p.Target.Input]).sort()).toEqual([
      [
        'DescopeAuditReport-monthly',
        'cron(0 8 2 * ? *)',
        '{"rollup":"month","scheduledTime":"<aws.scheduler.scheduled-time>"}',
      ],
      [
        'DescopeAuditReport-quarterly',
        'cron(0 8 2 1,4,7,10 ? *)',
        '{"rollup":"quarter","scheduledTime":"<aws.scheduler.scheduled-time>"}',
      ],
      [
        'DescopeAuditReport-weekly',
        'cron(0 6 ? * MON *)',
        '{"scheduledTime":"<aws.scheduler.scheduled-time>"}',
      ],
    ]);
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          REPORT_MONTHLY_RECIPIENTS: 'controller@example.org',
          REPORT_QUARTERLY_RECIPIENTS: 'audit-committee@example.org',
        }),
      },
    });
  });
});
