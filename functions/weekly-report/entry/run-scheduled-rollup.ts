import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { createLambdaPdfPrinter } from '../../adapters/lambda-pdf-printer.js';
import { createS3ReportReader } from '../../adapters/s3-report-reader.js';
import { createSesMailer } from '../../adapters/ses-mailer.js';
import { ConfigError } from '../../shared/errors.js';
import { JOB_METRICS } from '../../shared/powertools/constants.js';
import { logger } from '../../shared/powertools/logger.js';
import { metrics } from '../../shared/powertools/metrics.js';
import { runRollup } from '../run-rollup.js';
import { awsClientOptions } from '../wiring/aws-sdk-variables.js';
import { createAwsClients, createBucketStore } from '../wiring/build-dependencies.js';
import { createKmsSealing } from '../wiring/build-sealing.js';
import type { LambdaConfig } from '../wiring/config.js';
import { frontDoorSettings } from '../wiring/front-door-settings.js';
import type { LoadedConfig } from '../wiring/load-config.js';
import { sourceCatalog } from '../wiring/source-catalog.js';
import type { HandlerResult } from './lambda-invocation.js';
import type { ReportRequest } from './report-event.js';

/**
 * Why a scheduled rollup holds no `binder.pdf` when no binder printer function is configured
 * (`BINDER_PRINTER_FUNCTION`): the function runs on ARM64 (Graviton) and the `@sparticuz/chromium`
 * on npm ships an x86-64 Chromium only (its arm64 build is published outside npm, as a GitHub
 * release asset). Stated in the rollup's summary.json and report, never silent.
 */
export const SCHEDULED_BINDER_GAP =
  'the report function runs on ARM64 and the Chromium it could bundle (@sparticuz/chromium on npm) is x86-64 only; print it from the same stored weeks with npm run binder -- --month|--quarter <period>, which seals it as a new revision of this period';

/**
 * The monthly or quarterly schedule: the rollup of the period just ended, built from the stored
 * weeks (no Descope credentials read, no Descope request) and mailed once to its own recipients.
 */
export async function runScheduledRollup(
  config: LoadedConfig<LambdaConfig>,
  request: ReportRequest,
): Promise<HandlerResult> {
  const variable = request.rollup === 'month' ? 'REPORT_MONTHLY_RECIPIENTS' : 'REPORT_QUARTERLY_RECIPIENTS';
  const recipients = config[variable];
  if (!recipients)
    throw new ConfigError(`${variable} is not set: the ${request.rollup}ly report has no recipients`);
  const clients = createAwsClients(config);
  // The x86-64 binder printer function prints the binder; the page and PDF pass through the bucket.
  const printer = config.BINDER_PRINTER_FUNCTION
    ? createLambdaPdfPrinter({
        lambda: new LambdaClient({ ...awsClientOptions(config), endpoint: config.AWS_ENDPOINT_URL_LAMBDA }),
        s3: clients.s3,
        bucket: config.REPORT_BUCKET,
        projectId: config.DESCOPE_PROJECT_ID,
        functionName: config.BINDER_PRINTER_FUNCTION,
        timeoutMs: config.BINDER_PRINT_TIMEOUT_MS,
      })
    : undefined;
  const result = await runRollup(
    {
      projectId: config.DESCOPE_PROJECT_ID,
      period: request.period,
      now: Date.now(),
      catalog: sourceCatalog(config),
      compliance: config.compliance,
      binderUnavailable: SCHEDULED_BINDER_GAP,
    },
    {
      store: createBucketStore(config, clients.s3),
      frontDoor: frontDoorSettings(config, createS3ReportReader(clients.s3, config.REPORT_BUCKET)),
      sealing: createKmsSealing(config),
      mail: { mailer: createSesMailer(clients.ses), sender: config.REPORT_SENDER, recipients },
      printer,
    },
  );
  const unverified = result.data.unverifiedInputs ?? [];
  metrics.addMetric(JOB_METRICS.unverifiedInputs, MetricUnit.Count, unverified.length);
  if (unverified.length > 0)
    logger.warn('Stored inputs failed verification', { unverifiedInputs: unverified });
  const unconfirmed = result.email.status === 'unconfirmed' ? 1 : 0;
  metrics.addMetric(JOB_METRICS.unconfirmedEmails, MetricUnit.Count, unconfirmed);
  if (result.email.status === 'unconfirmed')
    logger.warn('Email delivery unconfirmed', { reason: result.email.reason });
  const binderGap = result.data.rollup?.binderNotProduced;
  if (binderGap !== undefined) logger.warn('Binder not produced', { reason: binderGap });
  logger.info('Rollup stored', {
    location: result.location.uri,
    complete: result.complete,
    weeksDrawnOn: result.data.rollup?.sources.length ?? 0,
    weeksMissing: result.data.rollup?.missing.length ?? 0,
    email: result.email.status,
  });
  return {
    status: 'finished',
    period: request.period.label,
    location: result.location.uri,
    complete: result.complete,
    files: result.keys.length,
    email: result.email.status,
  };
}
