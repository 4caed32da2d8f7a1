import { z } from 'zod';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../../shared/powertools/constants.js';
import { logLevel } from './environment-values.js';

/**
 * Read by Powertools itself in the Lambda; the names are fixed because the stack's alarms watch
 * the metrics under them.
 */
export const powertoolsVariables = {
  POWERTOOLS_SERVICE_NAME: z
    .literal(SERVICE_NAME)
    .optional()
    .meta({
      description: "Read by Powertools; fixed because the stack's alarms watch the metrics under it.",
      unset: `\`${SERVICE_NAME}\``,
    }),
  POWERTOOLS_METRICS_NAMESPACE: z
    .literal(METRICS_NAMESPACE)
    .optional()
    .meta({
      description: "Read by Powertools; fixed because the stack's alarms watch this namespace.",
      unset: `\`${METRICS_NAMESPACE}\``,
    }),
  POWERTOOLS_LOG_LEVEL: logLevel.optional().meta({
    description: 'Log level (any case); `SILENT` is for tests.',
    unset: '`INFO`',
  }),
  POWERTOOLS_METRICS_DISABLED: z.enum(['true', 'false']).optional().meta({
    description: '`true` keeps metrics out of the log (tests).',
    unset: '`false`',
  }),
};
