import { z } from 'zod';
import { email, recipients } from './environment-values.js';

/** Where the reports are stored and who is mailed the summary. */
export const deliveryVariables = {
  REPORT_BUCKET: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
    .meta({ description: 'S3 bucket the reports and evidence are stored in (under `reports/`).' }),
  REPORT_SENDER: email.meta({
    description: 'From address of the summary email: an SES identity verified for sending.',
  }),
  REPORT_RECIPIENTS: recipients.meta({
    description: 'Recipients of the project summary email, comma-separated.',
    examples: ['security@example.com,ciso@example.com'],
  }),
};

/** Recipients of the scheduled rollups; the Lambda only, set by the stack with each schedule. */
export const rollupDeliveryVariables = {
  REPORT_MONTHLY_RECIPIENTS: recipients.optional().meta({
    description: 'Recipients of the monthly rollup, comma-separated; the stack sets it with its schedule.',
    unset: 'no monthly rollup',
  }),
  REPORT_QUARTERLY_RECIPIENTS: recipients.optional().meta({
    description: 'Recipients of the quarterly rollup, comma-separated; the stack sets it with its schedule.',
    unset: 'no quarterly rollup',
  }),
};
