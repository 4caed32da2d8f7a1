import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import {
  type DescopeCredentials,
  readDescopeCredentials,
  type SecretCache,
} from '../../adapters/descope-credentials.js';
import { createLambdaRunContinuer } from '../../adapters/run-continuer.js';
import { createS3ReportReader } from '../../adapters/s3-report-reader.js';
import type { RiskExceptions } from '../../core/exceptions/risk-exception.js';
import { createHandler } from '../../shared/create-handler.js';
import { logger } from '../../shared/powertools/logger.js';
import { setMetricsProject } from '../../shared/powertools/metrics.js';
import { runWeeklyReport } from '../run-weekly-report.js';
import { loadAttestationKeys } from '../wiring/attestation-keys.js';
import { awsClientOptions } from '../wiring/aws-sdk-variables.js';
import { buildCampaignDeps } from '../wiring/build-campaigns.js';
import { buildDependencies, createAwsClients } from '../wiring/build-dependencies.js';
import { createKmsSealing } from '../wiring/build-sealing.js';
import { campaignRunSettings, type LambdaConfig, lambdaEnvironmentSchema } from '../wiring/config.js';
import { type LoadedConfig, loadConfig } from '../wiring/load-config.js';
import { loadExceptions } from '../wiring/load-exceptions.js';
import {
  type HandlerResult,
  handlerResult,
  invocationInput,
  invocationOf,
  waitBudget,
} from './lambda-invocation.js';
import { createLambdaProgress, logSearchEvent } from './lambda-progress.js';
import { continuationPayload, parseReportEvent, type ReportRequest } from './report-event.js';
import { runScheduledRollup } from './run-scheduled-rollup.js';

/**
 * The Lambda entry point over an environment: `process.env` in the function (`handler`), a test's
 * own otherwise. Configuration is read on every invocation; the secret is kept between invocations
 * of one handler, as a warm container keeps it.
 */
export function createReportHandler(env: Record<string, string | undefined>) {
  const secretCache: SecretCache = {};
  return createHandler(async (event: unknown, context: Context): Promise<HandlerResult> => {
    // The catalog is the file bundled with the function; synth checked its SQL (a hash shows it).
    const config = await loadConfig(lambdaEnvironmentSchema, env);
    // One project of several publishes under its own `project` dimension (its own alarms).
    setMetricsProject(config.REPORT_PROJECT_NAME);
    const exceptions = await loadExceptions(config);
    const request = parseReportEvent(event);
    logger.appendKeys({ period: request.period.label, trigger: request.trigger });
    if (request.rollup) return runScheduledRollup(config, request);
    const aws = awsClientOptions(config);
    const secrets = new SecretsManagerClient({ ...aws, endpoint: config.AWS_ENDPOINT_URL_SECRETS_MANAGER });
    const credentials = await readDescopeCredentials(
      secrets,
      config.DESCOPE_SECRET_ARN,
      config.DESCOPE_PROJECT_ID,
      secretCache,
    );
    const lambda = new LambdaClient({ ...aws, endpoint: config.AWS_ENDPOINT_URL_LAMBDA });
    return runReport(config, { request, exceptions }, context, credentials, lambda);
  });
}

/**
 * Lambda entry point for the schedule (`{ "scheduledTime": ISO }` or a classic scheduled event),
 * manual runs (`{ "week": "YYYY-Www", "resend": false }`) and the run continuing itself.
 * Configuration, credentials, dependencies, then the use case; a paused run hands itself on.
 */
export const handler = createReportHandler(process.env);

/** The weekly run of one invocation; a paused run hands itself on through `lambda`. */
async function runReport(
  config: LoadedConfig<LambdaConfig>,
  { request, exceptions }: { request: ReportRequest; exceptions: RiskExceptions | undefined },
  context: Context,
  credentials: DescopeCredentials,
  lambda: LambdaClient,
): Promise<HandlerResult> {
  const deps = buildDependencies(config, credentials, logSearchEvent, waitBudget(context));
  const campaigns = campaignRunSettings(config);
  const campaignDeps = campaigns
    ? await buildCampaignDeps({
        store: deps.store,
        reader: createS3ReportReader(createAwsClients(config).s3, config.REPORT_BUCKET),
        attestation: config.REPORT_ATTESTATION_KEY_ARN
          ? { kmsKeyArn: config.REPORT_ATTESTATION_KEY_ARN }
          : undefined,
        connection: deps.sdkOptions,
        directoryLimiter: deps.directoryLimiter,
      })
    : undefined;
  const progress = createLambdaProgress(deps.search.stats);
  const { runId, invocation } = invocationOf(request, context);
  try {
    const input = { ...invocationInput(config, request, context, Date.now()), exceptions };
    const run = await runWeeklyReport(input, {
      ...deps,
      campaigns: campaignDeps,
      sealing: createKmsSealing(config),
      attestationKeys: await loadAttestationKeys(deps.store, config),
      events: progress.events,
    });
    // Another run holds the period, or a continuation disagreed with its checkpoint: nothing to retry.
    if (run.state === 'refused') progress.refused(run, runId);
    else if (run.state === 'paused') {
      await createLambdaRunContinuer(lambda, context.functionName).continueRun(
        continuationPayload(request.period, request.resend, runId, run.invocations + 1),
      );
      progress.paused(run, invocation);
    } else progress.finished(run);
    return handlerResult(run, request, invocation);
  } finally {
    await deps.search.stop();
  }
}
