import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * Dead-letter queue of report runs that never finished: schedules EventBridge Scheduler could
 * not deliver, and asynchronous invocations that failed after Lambda's retries. Each message
 * holds the run's input, so it can be replayed with `aws lambda invoke`.
 */
export class FailedRunQueue extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      // SQS-managed SSE: the messages carry only run inputs (timestamps, week ids) and error
      // text, and a KMS key would need grants for Scheduler's role, which its L2 does not add.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the schedule and of the function; it has no consumer to fail.',
    });
  }
}
