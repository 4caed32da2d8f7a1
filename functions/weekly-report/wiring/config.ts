import { z } from 'zod';
import { ConfigError } from '../../shared/errors.js';
import { awsSdkVariables } from './aws-sdk-variables.js';
import { accessReviewVariables } from './config/access-review-variables.js';
import { athenaVariables } from './config/athena-variables.js';
import {
  awsEndpointVariables,
  awsRegionVariables,
  lambdaEndpointVariables,
} from './config/aws-endpoint-variables.js';
import { binderVariables } from './config/binder-variables.js';
import { catalogCheckVariables, catalogVariables } from './config/catalog-variables.js';
import { dailyReviewVariables } from './config/daily-review-variables.js';
import { deliveryVariables, rollupDeliveryVariables } from './config/delivery-variables.js';
import { descopeKeyVariables, descopeSecretVariables, descopeVariables } from './config/descope-variables.js';
import { findingVariables } from './config/findings-variables.js';
import {
  anchorVariables,
  objectLockVariables,
  signingFileVariables,
  signingKeyVariables,
} from './config/integrity-variables.js';
import { ocsfVariables } from './config/ocsf-variables.js';
import { powertoolsVariables } from './config/powertools-variables.js';
import { projectsVariables } from './config/projects-variables.js';
import { streamVariables } from './config/stream-variables.js';

export { accessReviewSettings, campaignRunSettings } from './config/access-review-variables.js';
export { ocsfSettings } from './config/ocsf-variables.js';

/**
 * Settings shared by every entry point (Lambda, CLI, `npm start`), one file per feature area under
 * `config/`. Each variable's `.meta()` is its entry in docs/configuration.md (`npm run docs:config`
 * writes it). The order below is the order of that reference and of the problems a ConfigError
 * lists: a new variable goes at the end of its area's object.
 */
const commonSchema = z.object({
  ...descopeVariables,
  ...deliveryVariables,
  ...catalogVariables,
  ...objectLockVariables,
  ...findingVariables,
  ...dailyReviewVariables,
  ...ocsfVariables,
  ...accessReviewVariables,
  ...awsRegionVariables,
  ...anchorVariables,
  ...awsEndpointVariables,
  ...awsSdkVariables,
  ...streamVariables,
  ...projectsVariables,
  ...athenaVariables,
});

/**
 * Environment of the Lambda function: credentials come from Secrets Manager. The Powertools
 * variables are read by Powertools itself; the names are fixed because the stack's alarms watch them.
 */
export const lambdaEnvironmentSchema = commonSchema.extend({
  ...rollupDeliveryVariables,
  ...descopeSecretVariables,
  ...catalogCheckVariables,
  ...signingKeyVariables,
  ...lambdaEndpointVariables,
  ...powertoolsVariables,
  ...binderVariables,
});

/** Environment of the CLI (`npm run report`, `npm run doctor`): credentials come from the environment. */
export const cliEnvironmentSchema = commonSchema.extend({
  ...descopeKeyVariables,
  ...signingFileVariables,
});

/** Environment of a dry run (`--dry-run --out DIR`): no bucket, no email. */
export const dryRunEnvironmentSchema = cliEnvironmentSchema.omit({
  REPORT_BUCKET: true,
  REPORT_SENDER: true,
  REPORT_RECIPIENTS: true,
  AWS_REGION: true,
});

type LambdaInput = z.input<typeof lambdaEnvironmentSchema>;
type RequiredKey<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];

/**
 * The variables the CDK stack may set on the function, typed from the schema: a variable the
 * function requires and the stack forgets, or one it sets that the function does not read, is a
 * compile error in `infra/`.
 */
export type LambdaEnvironment = {
  [K in RequiredKey<LambdaInput>]: Exclude<LambdaInput[K], undefined>;
} & {
  [K in Exclude<keyof LambdaInput, RequiredKey<LambdaInput>>]?: Exclude<LambdaInput[K], undefined>;
};

export type CommonConfig = z.output<typeof commonSchema>;
export type LambdaConfig = z.output<typeof lambdaEnvironmentSchema>;
export type CliConfig = z.output<typeof cliEnvironmentSchema>;
export type DryRunConfig = z.output<typeof dryRunEnvironmentSchema>;

/** Validates `env` against `schema`; throws one ConfigError naming every bad variable. */
export function parseEnvironment<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    const message = issue.code === 'invalid_type' ? 'is required' : issue.message;
    return `${variable} ${message}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}
