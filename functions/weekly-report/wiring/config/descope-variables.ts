import { z } from 'zod';
import { EVIDENCE_PART_RECORDS } from '../../../core/records/evidence-part-rule.js';
import { positiveInt, url } from './environment-values.js';

/** Which Descope project is read, where, and how fast: shared by every entry point. */
export const descopeVariables = {
  DESCOPE_PROJECT_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{8,}$/, 'must be a Descope project ID (letters and digits)')
    .meta({ description: 'Descope project ID (not a secret).', examples: ['P2abc123def456'] }),
  DESCOPE_BASE_URL: url.optional().meta({
    description: 'Descope API base URL: a regional host or a custom domain.',
    unset: 'the SDK derives the regional host from a project ID of 32+ characters',
    examples: ['https://api.euc1.descope.com'],
  }),
  DESCOPE_AUDIT_RPM: positiveInt(10).meta({
    description:
      'Descope requests per minute for the whole run (audit, analytics, user and access-key searches share one limiter); Descope allows 10 audit searches a minute.',
  }),
  DESCOPE_REQUEST_TIMEOUT_MS: positiveInt(30_000).meta({
    description: 'Timeout of one Descope request in milliseconds, body included.',
  }),
  DESCOPE_MAX_RESULT_WINDOW: positiveInt(10_000).meta({
    description:
      'Deepest `page × size` an audit search is paged to; past it, reading continues from the time of the last record read.',
  }),
  DESCOPE_MAX_ATTEMPTS: positiveInt(6).meta({
    description:
      'Attempts per request on timeouts, 5xx, connection resets, non-JSON or truncated bodies; when they are spent the time range becomes a gap.',
  }),
  REPORT_EVIDENCE_PART_RECORDS: positiveInt(EVIDENCE_PART_RECORDS).meta({
    description:
      'Records per evidence part (a part closes at the first new millisecond past it); a Lambda invocation may pause between parts. Every run of a period must use the same value, or its evidence files differ and seal a new revision.',
  }),
};

/** The Lambda's Descope credential: a Secrets Manager secret the stack names. */
export const descopeSecretVariables = {
  DESCOPE_SECRET_ARN: z
    .string()
    .trim()
    .startsWith('arn:', 'must be a Secrets Manager secret ARN')
    .meta({ description: 'Secrets Manager secret holding `{"managementKey":"…"}`; set by the stack.' }),
};

/** The CLI's Descope credential, given in its environment. */
export const descopeKeyVariables = {
  DESCOPE_MANAGEMENT_KEY: z.string().min(1, 'must be set (a Descope management key)').meta({
    description: 'Descope management key; the Lambda reads it from Secrets Manager instead. Never printed.',
  }),
};
