import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, PROJECT_DIMENSION, SERVICE_NAME } from './constants.js';

/**
 * The job's metrics, written as CloudWatch embedded metric format into the log and published once
 * per invocation by the handler wrapper. `POWERTOOLS_METRICS_DISABLED=true` silences them (tests).
 */
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });

/**
 * Sets the dimensions every metric of the invocation carries: `service`, plus `project` when the
 * function reports one project of several (`REPORT_PROJECT_NAME`), so the stack's per-project alarms
 * see each project apart. Without a name only `service` is left, exactly as a single project
 * publishes. Called on every invocation, so nothing of an earlier one (or another test) lingers.
 */
export function setMetricsProject(projectName: string | undefined): void {
  metrics.clearDefaultDimensions();
  metrics.setDefaultDimensions(
    projectName ? { service: SERVICE_NAME, [PROJECT_DIMENSION]: projectName } : { service: SERVICE_NAME },
  );
}
