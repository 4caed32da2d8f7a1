import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { readDescopeCredentials } from '../../adapters/descope-credentials.js';
import { createLambdaRunContinuer } from '../../adapters/run-continuer.js';
import { createHandler } from '../../shared/create-handler.js';
import { logger } from '../../shared/powertools/logger.js';
import { runWeeklyReport } from '../run-weekly-report.js';
import { loadAttestationKeys } from '../wiring/attestation-keys.js';
import { buildDependencies } from '../wiring/build-dependencies.js';
import { createKmsSealing } from '../wiring/build-sealing.js';
import { lambdaEnvironmentSchema } from '../wiring/config.js';
import { loadConfig } from '../wiring/load-config.js';
import {
  type HandlerResult,
  handlerResult,
  invocationInput,
  invocationOf,
  waitBudget,
} from './lambda-invocation.js';
import { createLambdaProgress, logSearchEvent } from './lambda-progress.js';
import { continuationPayload, parseReportEvent } from './report-event.js';
import { runScheduledRollup } from './run-scheduled-rollup.js';

const secrets = new SecretsManagerClient({});
const lambda = new LambdaClient({});

/**
 * Lambda entry point for the schedule (`{ "scheduledTime": ISO }` or a classic scheduled event),
 * manual runs (`{ "week": "YYYY-Www", "resend": false }`) and the run continuing itself.
 * Configuration, credentials, dependencies, then the use case; a paused run hands itself on.
 */
export const handler = createHandler(async (event: unknown, context: Context): Promise<HandlerResult> => {
  // The catalog is the file bundled with the function; synth checked its SQL (a hash shows it).
  const config = await loadConfig(lambdaEnvironmentSchema, process.env);
  const request = parseReportEvent(event);
  logger.appendKeys({ period: request.period.label, trigger: request.trigger });
  if (request.rollup) return runScheduledRollup(config, request);
  const credentials = await readDescopeCredentials(
    secrets,
    config.DESCOPE_SECRET_ARN,
    config.DESCOPE_PROJECT_ID,
  );
  const deps = buildDependencies(config, credentials, logSearchEvent, waitBudget(context));
  const progress = createLambdaProgress(deps.search.stats);
  const { runId, invocation } = invocationOf(request, context);
  try {
    const run = await runWeeklyReport(invocationInput(config, request, context, Date.now()), {
      ...deps,
      sealing: createKmsSealing(config.REPORT_SIGNING_KEY_ARN),
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
});
