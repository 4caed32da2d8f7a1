import { Aws, Duration } from 'aws-cdk-lib';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  type AlarmFactory,
  AT_LEAST_ONCE,
  addJobMetricAlarms,
  type JobMetricAlarms,
} from './job-metric-alarms.js';

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
  /** The job-metric alarms of the single project (absent with `projectFunctions`). */
  readonly jobAlarms?: JobMetricAlarms;
  /** Each project's job-metric alarms, on its own `project` dimension, by project name. */
  readonly projectJobAlarms = new Map<string, JobMetricAlarms>();

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

    const alarm: AlarmFactory = (id, suffix, description, metric, extra) => {
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
    const errorsOf = (fn: IFunction) => fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' });
    if (props.reportFunction)
      this.functionErrors = alarm(
        'FunctionErrors',
        'function-errors',
        'The report function failed (Lambda retries twice, then the run goes to the failed-run queue). See its log group.',
        errorsOf(props.reportFunction),
        AT_LEAST_ONCE,
      );
    for (const { name, reportFunction } of props.projectFunctions ?? [])
      this.projectFunctionErrors.set(
        name,
        alarm(
          `FunctionErrors-${name}`,
          `${name}-function-errors`,
          `The report function of project ${name} failed (Lambda retries twice, then the run goes to the failed-run queue). See its log group.`,
          errorsOf(reportFunction),
          AT_LEAST_ONCE,
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
      AT_LEAST_ONCE,
    );
    // Several projects publish under their own `project` dimension: each has its own set, or one
    // silent project would hide behind the others' reports.
    if (props.projectFunctions)
      for (const { name } of props.projectFunctions)
        this.projectJobAlarms.set(name, addJobMetricAlarms(alarm, name));
    else this.jobAlarms = addJobMetricAlarms(alarm);
  }
}
