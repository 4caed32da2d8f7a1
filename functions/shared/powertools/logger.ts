import { Logger } from '@aws-lambda-powertools/logger';
import { SERVICE_NAME } from './constants.js';

/**
 * The one structured logger. Messages are constant; data goes in keys. Never pass it a secret, a
 * request's headers or the Descope SDK's raw `response`. The level comes from `POWERTOOLS_LOG_LEVEL`.
 */
export const logger = new Logger({ serviceName: SERVICE_NAME });
