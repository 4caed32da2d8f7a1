import { Aws } from 'aws-cdk-lib';
import type { IRuleTarget, Rule } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** The delivery stream the rule puts events into, its dead-letter queue, and the rule (once made). */
export interface FirehoseRuleTargetProps {
  deliveryStream: CfnDeliveryStream;
  deadLetterQueue: Queue;
  rule: () => Rule;
}

/** Firehose as the rule's target: the event as is, retried for a day, then to the dead-letter queue. */
export function firehoseRuleTarget(
  scope: Construct,
  { deliveryStream, deadLetterQueue: queue, rule }: FirehoseRuleTargetProps,
): IRuleTarget {
  const role = new Role(scope, 'RuleRole', {
    assumedBy: new ServicePrincipal('events.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    }),
    description: 'EventBridge puts Descope audit events into the delivery stream',
  });
  role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
      resources: [deliveryStream.attrArn],
    }),
  );
  return {
    bind: () => {
      queue.addToResourcePolicy(
        new PolicyStatement({
          sid: 'RuleSendsUndelivered',
          principals: [new ServicePrincipal('events.amazonaws.com')],
          actions: ['sqs:SendMessage'],
          resources: [queue.queueArn],
          conditions: { ArnEquals: { 'aws:SourceArn': rule().ruleArn } },
        }),
      );
      return {
        arn: deliveryStream.attrArn,
        role,
        deadLetterConfig: { arn: queue.queueArn },
        retryPolicy: { maximumEventAgeInSeconds: 86_400, maximumRetryAttempts: 185 },
      };
    },
  };
}
