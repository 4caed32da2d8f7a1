import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, SERVICE_NAME } from './constants.js';

/**
 * The job's metrics, written as CloudWatch embedded metric format into the log and published once
 * per invocation by the handler wrapper. `POWERTOOLS_METRICS_DISABLED=true` silences them (tests).
 */
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
