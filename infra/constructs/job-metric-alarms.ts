import { Duration } from 'aws-cdk-lib';
import {
  type Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import {
  JOB_METRICS,
  METRICS_NAMESPACE,
  PROJECT_DIMENSION,
  SERVICE_NAME,
} from '../../functions/shared/powertools/constants.js';

/** How an alarm fires: the part of its properties beside its name, description and metric. */
export type AlarmShape = {
  threshold: number;
  comparisonOperator: ComparisonOperator;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  treatMissingData: TreatMissingData;
};

/** Creates one alarm (id, name suffix, description, metric, shape) wired to the alarm topic. */
export type AlarmFactory = (
  id: string,
  suffix: string,
  description: string,
  metric: IMetric,
  shape: AlarmShape,
) => Alarm;

/** Fires on any datapoint of at least one. */
export const AT_LEAST_ONCE: AlarmShape = {
  threshold: 1,
  comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  evaluationPeriods: 1,
  treatMissingData: TreatMissingData.NOT_BREACHING,
};

/** The alarms that read the job's own metrics, for the deployment's project or one of several. */
export interface JobMetricAlarms {
  readonly incompleteQueries: Alarm;
  readonly unconfirmedEmails: Alarm;
  readonly unverifiedInputs: Alarm;
  /** A routing channel failed after its retries (the report stands). */
  readonly channelDeliveryFailed: Alarm;
  readonly noReportThisWeek: Alarm;
}

/**
 * A job metric published through Powertools Metrics: under its `service` dimension, plus the
 * `project` dimension when the function reports one project of several (`REPORT_PROJECT_NAME`).
 */
export const jobMetric = (metricName: string, period: Duration, project?: string): Metric =>
  new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: project
      ? { service: SERVICE_NAME, [PROJECT_DIMENSION]: project }
      : { service: SERVICE_NAME },
    statistic: 'Sum',
    period,
  });

/**
 * The job-metric alarms. Without `project` (a single project) their ids and names are the
 * deployment's own (`<prefix>-incomplete-queries`); for a project of several they carry its name
 * (`IncompleteQueries-<name>`, `<prefix>-<name>-incomplete-queries`) and watch its dimension alone,
 * so one silent project raises its own "no report this week".
 */
export function addJobMetricAlarms(alarm: AlarmFactory, project?: string): JobMetricAlarms {
  const id = (base: string) => (project ? `${base}-${project}` : base);
  const suffix = (base: string) => (project ? `${project}-${base}` : base);
  const of = project ? ` (project ${project})` : '';
  const hourly = (name: string) => jobMetric(name, Duration.hours(1), project);
  return {
    incompleteQueries: alarm(
      id('IncompleteQueries'),
      suffix('incomplete-queries'),
      `A report${of} was published with gaps: some Descope audit queries did not complete (rate limits, timeouts). The report marks them.`,
      hourly(JOB_METRICS.incompleteQueries),
      AT_LEAST_ONCE,
    ),
    unconfirmedEmails: alarm(
      id('UnconfirmedEmails'),
      suffix('unconfirmed-emails'),
      `A report email${of} may or may not have gone out (SES did not answer, or a run died while sending). It is not sent again on its own: check the recipients or SES, then replay the week with "resend": true.`,
      hourly(JOB_METRICS.unconfirmedEmails),
      AT_LEAST_ONCE,
    ),
    unverifiedInputs: alarm(
      id('UnverifiedInputs'),
      suffix('unverified-inputs'),
      `A run${of} found a stored earlier report (manifest, summary, access snapshot or attestation) that failed verification and did not use it. The report names the file and why: someone may have written to the bucket.`,
      hourly(JOB_METRICS.unverifiedInputs),
      AT_LEAST_ONCE,
    ),
    channelDeliveryFailed: alarm(
      id('ChannelDeliveryFailed'),
      suffix('channel-delivery-failed'),
      `A routing channel (Slack, Teams, webhook or EventBridge) failed after its retries${of}; the report was stored and the run went on. The log line "Channel delivery failed" names the channel and the reason.`,
      hourly(JOB_METRICS.channelDeliveryFailed),
      AT_LEAST_ONCE,
    ),
    // One-day periods: CloudWatch allows period x evaluation periods up to 7 days once the period is
    // at least an hour. Seven breaching days in a row, counting days without data, means a week
    // without a report. Also in ALARM right after the first deploy, until the first report.
    noReportThisWeek: alarm(
      id('NoReportThisWeek'),
      suffix('no-report-this-week'),
      `No report${of} was published in the last 7 days. Check the schedule, the function errors and the failed-run queue.`,
      jobMetric(JOB_METRICS.reportPublished, Duration.days(1), project),
      {
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 7,
        datapointsToAlarm: 7,
        treatMissingData: TreatMissingData.BREACHING,
      },
    ),
  };
}
