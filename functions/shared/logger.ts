import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one structured logger. Messages are constant; data goes in keys. Never pass it a secret, a
 * request's headers or the Descope SDK's raw `response`.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'descope-audit-reporter',
});
