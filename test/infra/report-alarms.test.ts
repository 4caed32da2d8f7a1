import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { getAtt, idAt, onlyResource, ref, type Synthesized, synth } from './support/synth.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

const jobDimension = [{ Name: 'service', Value: 'descope-audit-reporter' }];

describe('alarms', () => {
  let s: Synthesized;
  let topic: { Ref: string };
  const alarm = (name: string) => {
    const found = Object.values(s.json.Resources as Resources).find(
      (r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.AlarmName === `DescopeAuditReport-${name}`,
    );
    if (!found) throw new Error(`no alarm ${name}`);
    return found.Properties;
  };

  beforeAll(() => {
    s = synth({ alarmEmail: 'oncall@example.com' });
    topic = ref(idAt(s, 'Alarms', 'Topic'));
  });

  it('has exactly seven alarms, each notifying the topic on ALARM and OK', () => {
    s.template.resourceCountIs('AWS::CloudWatch::Alarm', 7);
    for (const name of [
      'function-errors',
      'failed-runs',
      'incomplete-queries',
      'unconfirmed-emails',
      'unverified-inputs',
      'channel-delivery-failed',
      'no-report-this-week',
    ]) {
      expect(alarm(name)).toMatchObject({ AlarmActions: [topic], OKActions: [topic] });
    }
  });

  it('fires on any function error', () => {
    expect(alarm('function-errors')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: ref(idAt(s, 'ReportFunction', 'Function')) }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('fires when the dead-letter queue holds a message', () => {
    expect(alarm('failed-runs')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(idAt(s, 'FailedRuns', 'Queue'), 'QueueName') }],
      Statistic: 'Maximum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('fires when the job reports incomplete queries', () => {
    expect(alarm('incomplete-queries')).toMatchObject({
      Namespace: 'DescopeAuditReporter',
      MetricName: 'IncompleteQueries',
      Dimensions: jobDimension,
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it.each([
    ['unconfirmed-emails', 'UnconfirmedEmails'],
    ['unverified-inputs', 'UnverifiedInputs'],
  ])('fires on %s when the job counts one', (name, metric) => {
    expect(alarm(name)).toMatchObject({
      Namespace: 'DescopeAuditReporter',
      MetricName: metric,
      Dimensions: jobDimension,
      Statistic: 'Sum',
      Period: 3600,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('fires when no report was published for 7 days, silence included, within CloudWatch limits', () => {
    const props = alarm('no-report-this-week');
    expect(props).toMatchObject({
      Namespace: 'DescopeAuditReporter',
      MetricName: 'ReportPublished',
      Dimensions: jobDimension,
      Statistic: 'Sum',
      Period: 86_400,
      EvaluationPeriods: 7,
      DatapointsToAlarm: 7,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    // PutMetricAlarm: period × evaluation periods ≤ 7 days, and ≤ 1 day when the period is under an hour.
    const window = (props.Period as number) * (props.EvaluationPeriods as number);
    expect(window).toBeLessThanOrEqual(7 * 86_400);
    expect(props.Period as number).toBeGreaterThanOrEqual(3600);
  });

  it('publishes to a KMS-encrypted, TLS-only topic that CloudWatch may use the key for', () => {
    const keyId = idAt(s, 'ReportKey', 'Key');
    expect(onlyResource(s.template, 'AWS::SNS::Topic').props.KmsMasterKeyId).toEqual(getAtt(keyId));
    s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topic],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
    s.template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowCloudWatchAlarmsToPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
            // Only for this stack's alarms, in this account: CloudWatch is no confused deputy.
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:',
                      { Ref: 'AWS::Partition' },
                      ':cloudwatch:',
                      { Ref: 'AWS::Region' },
                      ':',
                      { Ref: 'AWS::AccountId' },
                      ':alarm:DescopeAuditReport-*',
                    ],
                  ],
                },
              },
            },
          },
        ]),
      },
    });
  });

  it('subscribes alarmEmail to the topic', () => {
    s.template.resourceCountIs('AWS::SNS::Subscription', 1);
    s.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
      TopicArn: topic,
    });
  });
});

describe('alarms without alarmEmail', () => {
  it('creates no subscription', () => {
    synth().template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});
