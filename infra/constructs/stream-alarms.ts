import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Properties of {@link StreamAlarms}. */
export interface StreamAlarmsProps {
  readonly namePrefix: string;
  readonly deliveryStreamName: string;
  readonly deadLetterQueue: IQueue;
  /** The stack's alarm topic. */
  readonly topic: ITopic;
  /**
   * Hours without one event before the silence alarm fires.
   * @default 6
   */
  readonly noEventHours?: number;
}

/**
 * The audit stream's alarms: Firehose failing to write to S3, EventBridge failing to hand events to
 * Firehose (they wait in the dead-letter queue), and silence: no event for `noEventHours` hours
 * (Descope's connector stopped, or its principal lost the bus policy). A stream that stops is a
 * week reported with gaps; these say so the day it happens.
 */
export class StreamAlarms extends Construct {
  readonly deliveryFailed: Alarm;
  readonly handOffFailed: Alarm;
  readonly noEvents: Alarm;

  constructor(scope: Construct, id: string, props: StreamAlarmsProps) {
    super(scope, id);
    const firehose = (metricName: string, statistic: string, period: Duration) =>
      new Metric({
        namespace: 'AWS/Firehose',
        metricName,
        dimensionsMap: { DeliveryStreamName: props.deliveryStreamName },
        statistic,
        period,
      });
    const alarm = (
      id: string,
      suffix: string,
      description: string,
      metric: IMetric,
      shape: {
        threshold: number;
        comparisonOperator: ComparisonOperator;
        evaluationPeriods: number;
        treatMissingData: TreatMissingData;
      },
    ) => {
      const created = new Alarm(this, id, {
        alarmName: `${props.namePrefix}-${suffix}`,
        alarmDescription: description,
        metric,
        datapointsToAlarm: shape.evaluationPeriods,
        ...shape,
      });
      created.addAlarmAction(new SnsAction(props.topic));
      created.addOkAction(new SnsAction(props.topic));
      return created;
    };

    this.deliveryFailed = alarm(
      'DeliveryFailed',
      'stream-delivery-failed',
      'Firehose could not write Descope audit events to the evidence bucket (see its DeliveryErrors log and stream/errors/): the week will be reported with gaps unless it recovers.',
      firehose('DeliveryToS3.Success', 'Minimum', Duration.minutes(15)),
      {
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      },
    );
    this.handOffFailed = alarm(
      'HandOffFailed',
      'stream-events-undelivered',
      'EventBridge could not put Descope audit events into Firehose: they wait in the dead-letter queue (replay them with the Firehose PutRecord API).',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      {
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      },
    );
    // Hour-long periods, one per hour of silence; missing data (no event at all) counts as silence.
    this.noEvents = alarm(
      'NoEvents',
      'stream-silent',
      `No Descope audit event reached the stream in ${props.noEventHours ?? 6} hours: check the connector in the Descope console and the bus policy's principal.`,
      firehose('IncomingRecords', 'Sum', Duration.hours(1)),
      {
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: props.noEventHours ?? 6,
        treatMissingData: TreatMissingData.BREACHING,
      },
    );
  }
}
