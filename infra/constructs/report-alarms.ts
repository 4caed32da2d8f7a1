import { Aws, Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { JOB_METRICS, METRICS_NAMESPACE, SERVICE_NAME } from '../../functions/shared/powertools/constants.js';

/** Properties of {@link ReportAlarms}. */
export interface ReportAlarmsProps {
  /** Prefix of the alarm names, e.g. the stack name. */
  readonly namePrefix: string;
  /**
   * Its `Errors` metric is watched (alarm `<prefix>-function-errors`).
   * @default - none: see `projectFunctions`
   */
  readonly reportFunction?: IFunction;
  /**
   * A deployment of several projects: each project's function, its `Errors` watched by an alarm
   * of its own (`<prefix>-<name>-function-errors`).
   * @default - none
   */
  readonly projectFunctions?: ReadonlyArray<{ readonly name: string; readonly reportFunction: IFunction }>;
  /** Any visible message means a run was given up on. */
  readonly failedRunQueue: IQueue;
  /** Encrypts the alarm topic; CloudWatch is allowed to use it. */
  readonly encryptionKey: IKey;
  /**
   * Address subscribed to the topic.
   * @default - no subscription
   */
  readonly alarmEmail?: string;
}

/** A job metric published through Powertools Metrics (its default `service` dimension). */
const jobMetric = (metricName: string, period: Duration): Metric =>
  new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME },
    statistic: 'Sum',
    period,
  });

/**
 * Everything that should wake someone: a failed run, a run that never finished, a report with
 * gaps, an email that may not have gone out, a stored input that failed verification, and silence
 * (no report in a week). All go to one KMS-encrypted, TLS-only topic.
 */
export class ReportAlarms extends Construct {
  readonly topic: Topic;
  /** The single report function's errors (absent with `projectFunctions`). */
  readonly functionErrors?: Alarm;
  /** Each project's function errors, by project name. */
  readonly projectFunctionErrors = new Map<string, Alarm>();
  readonly failedRuns: Alarm;
  readonly incompleteQueries: Alarm;
  readonly unconfirmedEmails: Alarm;
  readonly unverifiedInputs: Alarm;
  /** A routing channel failed after its retries (the report stands). */
  readonly channelDeliveryFailed: Alarm;
  readonly noReportThisWeek: Alarm;

  constructor(scope: Construct, id: string, props: ReportAlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Descope audit report alarms',
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    // CloudWatch publishes to the encrypted topic as a service, so the key policy must admit it:
    // only on behalf of this stack's alarms in this account (no confused deputy).
    props.encryptionKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:${props.namePrefix}-*`,
          },
        },
      }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const alarm = (id: string, suffix: string, description: string, metric: IMetric, extra: AlarmShape) => {
      const created = new Alarm(this, id, {
        alarmName: `${props.namePrefix}-${suffix}`,
        alarmDescription: description,
        metric,
        ...extra,
      });
      created.addAlarmAction(new SnsAction(this.topic));
      created.addOkAction(new SnsAction(this.topic));
      return created;
    };
    const atLeastOnce: AlarmShape = {
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    };

    const errorsOf = (fn: IFunction) => fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' });
    if (props.reportFunction)
      this.functionErrors = alarm(
        'FunctionErrors',
        'function-errors',
        'The report function failed (Lambda retries twice, then the run goes to the failed-run queue). See its log group.',
        errorsOf(props.reportFunction),
        atLeastOnce,
      );
    for (const { name, reportFunction } of props.projectFunctions ?? [])
      this.projectFunctionErrors.set(
        name,
        alarm(
          `FunctionErrors-${name}`,
          `${name}-function-errors`,
          `The report function of project ${name} failed (Lambda retries twice, then the run goes to the failed-run queue). See its log group.`,
          errorsOf(reportFunction),
          atLeastOnce,
        ),
      );
    this.failedRuns = alarm(
      'FailedRuns',
      'failed-runs',
      'A report run was given up on: its input is in the failed-run queue. Fix the cause, then replay the week with aws lambda invoke.',
      props.failedRunQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      atLeastOnce,
    );
    this.incompleteQueries = alarm(
      'IncompleteQueries',
      'incomplete-queries',
      'A report was published with gaps: some Descope audit queries did not complete (rate limits, timeouts). The report marks them.',
      jobMetric(JOB_METRICS.incompleteQueries, Duration.hours(1)),
      atLeastOnce,
    );
    this.unconfirmedEmails = alarm(
      'UnconfirmedEmails',
      'unconfirmed-emails',
      'A report email may or may not have gone out (SES did not answer, or a run died while sending). It is not sent again on its own: check the recipients or SES, then replay the week with "resend": true.',
      jobMetric(JOB_METRICS.unconfirmedEmails, Duration.hours(1)),
      atLeastOnce,
    );
    this.unverifiedInputs = alarm(
      'UnverifiedInputs',
      'unverified-inputs',
      'A run found a stored earlier report (manifest, summary, access snapshot or attestation) that failed verification and did not use it. The report names the file and why: someone may have written to the bucket.',
      jobMetric(JOB_METRICS.unverifiedInputs, Duration.hours(1)),
      atLeastOnce,
    );
    this.channelDeliveryFailed = alarm(
      'ChannelDeliveryFailed',
      'channel-delivery-failed',
      'A routing channel (Slack, Teams, webhook or EventBridge) failed after its retries; the report was stored and the run went on. The log line "Channel delivery failed" names the channel and the reason.',
      jobMetric(JOB_METRICS.channelDeliveryFailed, Duration.hours(1)),
      atLeastOnce,
    );
    // One-day periods: CloudWatch allows period x evaluation periods up to 7 days once the period is
    // at least an hour. Seven breaching days in a row, counting days without data, means a week
    // without a report. Also in ALARM right after the first deploy, until the first report.
    this.noReportThisWeek = alarm(
      'NoReportThisWeek',
      'no-report-this-week',
      'No report was published in the last 7 days. Check the schedule, the function errors and the failed-run queue.',
      jobMetric(JOB_METRICS.reportPublished, Duration.days(1)),
      {
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 7,
        datapointsToAlarm: 7,
        treatMissingData: TreatMissingData.BREACHING,
      },
    );
  }
}

type AlarmShape = {
  threshold: number;
  comparisonOperator: ComparisonOperator;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  treatMissingData: TreatMissingData;
};
