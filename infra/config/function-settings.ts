import { wholeNumber } from './context-values.js';
import {
  DEFAULT_EPHEMERAL_STORAGE_MB,
  DEFAULT_FUNCTION_MEMORY_MB,
  DEFAULT_FUNCTION_TIMEOUT_MINUTES,
  DEFAULT_LOG_RETENTION_DAYS,
} from './defaults.js';
import { logRetentionDays } from './setting-types.js';

/**
 * Deploy settings of the report function's size and its logs. Each `.meta()` is its entry in the
 * configuration reference.
 */
export const functionSettings = {
  logRetentionDays: logRetentionDays().default(DEFAULT_LOG_RETENTION_DAYS).meta({
    description:
      'Retention of the function logs and of the S3 server access logs, in days (a CloudWatch Logs value).',
  }),
  functionMemoryMb: wholeNumber(128, 10_240)
    .default(DEFAULT_FUNCTION_MEMORY_MB)
    .meta({ description: 'Function memory in MB (CPU scales with it).' }),
  functionEphemeralStorageMb: wholeNumber(512, 10_240).default(DEFAULT_EPHEMERAL_STORAGE_MB).meta({
    description:
      "Function ephemeral storage (`/tmp`) in MB: staged evidence, DuckDB's files, the tables' CSVs.",
  }),
  functionTimeoutMinutes: wholeNumber(1, 15).default(DEFAULT_FUNCTION_TIMEOUT_MINUTES).meta({
    description: 'Function timeout in minutes; a longer collection continues in a new invocation.',
  }),
};
