import { z } from 'zod';
import { channelsSchema } from '../../functions/core/routing/channel-config.js';
import { accessReviewSettings } from './access-review-settings.js';
import { athenaSettings, checkAthenaSettings } from './athena-settings.js';
import { contentSettings } from './content-settings.js';
import { text, wholeNumber } from './context-values.js';
import { dailySettings } from './daily-settings.js';
import { functionSettings } from './function-settings.js';
import { checkMailSettings, mailSettings } from './mail-settings.js';
import { principalSettings } from './principal-settings.js';
import { checkProjectSettings, projectSettings } from './project-settings.js';
import { retentionSettings } from './retention-settings.js';
import { scheduleSettings } from './schedule-settings.js';
import { checkStreamSettings, streamSettings } from './stream-settings.js';

export { DEFAULT_SCHEDULE_CRON } from './defaults.js';

/** JSON text as a value; text that is not JSON stays text, for the schema to refuse by name. */
const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/**
 * Deploy-time settings of the stack. Read from CDK context (cdk.json, `-c key=value`) and the
 * optional JSON file named by context `configFile`; see `loadDeployConfig`. Each setting's
 * `.meta()` is its entry in docs/configuration.md (`npm run docs:config` writes it).
 */
export const deployConfigSchema = z
  .object({
    stackName: text('must be a stack name')
      .pipe(
        z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,47}$/, {
          error: 'must be letters, digits and hyphens (at most 48)',
        }),
      )
      .default('DescopeAuditReport')
      .meta({
        description:
          'CloudFormation stack name; also prefixes the function, secret, schedule and alarm names, so two copies (e.g. staging and production) can live in one account.',
      }),
    projectId: text('is required')
      .pipe(
        z.string().regex(/^[A-Za-z0-9]{8,}$/, { error: 'must be a Descope project ID (letters and digits)' }),
      )
      .optional()
      .meta({
        description:
          'Descope project ID (Project settings in the Descope console); not a secret. The function reads it as `DESCOPE_PROJECT_ID`.',
        examples: ['P2abc123def456'],
        unset: 'required unless `projects` lists several',
      }),
    descopeBaseUrl: text('must be an https URL')
      .pipe(z.url({ protocol: /^https$/, error: 'must be an https URL' }))
      .optional()
      .meta({
        description:
          'Descope API base URL (https), for projects outside the default region; `DESCOPE_BASE_URL` of the function.',
        examples: ['https://api.euc1.descope.com'],
        unset: "the SDK's default endpoint",
      }),
    ...mailSettings,
    ...scheduleSettings,
    auditRpm: wholeNumber(1, 600).default(10).meta({
      description:
        'Descope requests per minute for the whole run (`DESCOPE_AUDIT_RPM`); Descope allows 10 audit searches a minute.',
    }),
    requestTimeoutMs: wholeNumber(1_000, 300_000).default(30_000).meta({
      description: 'Timeout of one Descope request, in milliseconds (`DESCOPE_REQUEST_TIMEOUT_MS`).',
    }),
    ...retentionSettings,
    ...principalSettings,
    ...contentSettings,
    channels: z
      .preprocess((value) => (typeof value === 'string' ? safeJson(value) : value), channelsSchema)
      .optional()
      .meta({
        description:
          'Routing channels (docs/routing.md): a JSON list of Slack, Teams, signed webhook and EventBridge channels, each with `name`, `minSeverity`, `tenants`, `timeoutMs`, `attempts`; webhook URLs and signing secrets are named as Secrets Manager secrets. Sets `REPORT_CHANNELS` and grants the function exactly those secrets and buses.',
        unset: 'no channel: the email only',
      }),
    anchorTenantId: text('must be a Descope tenant ID')
      .pipe(z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, { error: 'must be a Descope tenant ID' }))
      .optional()
      .meta({
        description:
          "Descope tenant the `ComplianceReportSealed` anchor events are filed under (Descope's create-audit-event call requires a tenant). Set it to anchor each report's manifest hash in Descope's audit trail.",
        unset: 'reports are not anchored',
      }),
    ...accessReviewSettings,
    ...functionSettings,
    ...streamSettings,
    ...athenaSettings,
    ...dailySettings,
    ...projectSettings,
  })
  .superRefine((config, ctx) => {
    checkStreamSettings(config, ctx);
    checkAthenaSettings(config, ctx);
    checkProjectSettings(config, ctx);
    // Only runs once every field is valid, so a second synth may report these after the first fix.
    checkMailSettings(config, ctx);
    const { requestTimeoutMs, functionTimeoutMinutes } = config;
    if (requestTimeoutMs >= functionTimeoutMinutes * 60_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['requestTimeoutMs'],
        message: 'must be shorter than functionTimeoutMinutes',
      });
    }
  });

/** The validated settings, defaults applied. */
export type DeployConfigValues = z.output<typeof deployConfigSchema>;

/** The setting names, in documentation order. */
export const DEPLOY_CONFIG_KEYS = Object.keys(deployConfigSchema.shape) as (keyof DeployConfigValues)[];
