import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createCampaignStore } from '../adapters/campaign-store.js';
import { createDirectoryReportReader } from '../adapters/directory-report-reader.js';
import { createDirectoryReportStore } from '../adapters/directory-report-store.js';
import { createReliableAuditSearch } from '../adapters/reliable-audit-search.js';
import { createDescopeReviewerLookup } from '../adapters/reviewer-lookup.js';
import { createS3ReportReader } from '../adapters/s3-report-reader.js';
import { createS3ReportStore } from '../adapters/s3-report-store.js';
import { createSesMailer } from '../adapters/ses-mailer.js';
import { announceCampaign } from '../campaigns/announce-campaign.js';
import { createCampaign } from '../campaigns/create-campaign.js';
import { keyFingerprint, pemToSpki } from '../core/integrity/signing-key.js';
import { ConfigError } from '../shared/errors.js';
import type { CliIo } from '../weekly-report/cli/cli-io.js';
import { awsSdkVariables } from '../weekly-report/wiring/aws-sdk-variables.js';
import { createAwsClients } from '../weekly-report/wiring/build-dependencies.js';
import { cliEnvironmentSchema, parseEnvironment } from '../weekly-report/wiring/config.js';
import { CAMPAIGN_USAGE, parseCampaignArgs } from './campaign-args.js';

/** What `npm run campaign` reads: Descope (reviewer lookup), the settings, the store and, to announce, SES. */
export const campaignEnvironmentSchema = cliEnvironmentSchema
  .pick({
    DESCOPE_PROJECT_ID: true,
    DESCOPE_MANAGEMENT_KEY: true,
    DESCOPE_BASE_URL: true,
    DESCOPE_REQUEST_TIMEOUT_MS: true,
    DESCOPE_DIRECTORY_RPM: true,
    DESCOPE_MAX_ATTEMPTS: true,
    ACCESS_CAMPAIGNS: true,
    REVIEW_PAGE_URL: true,
    ACCESS_REVIEW_DORMANT_DAYS: true,
    ACCESS_REVIEW_KEY_EXPIRY_HORIZON_DAYS: true,
    REPORT_SIGNING_KEY_FILE: true,
    REPORT_BUCKET: true,
    REPORT_SENDER: true,
    AWS_REGION: true,
    AWS_ENDPOINT_URL_S3: true,
    AWS_ENDPOINT_URL_SESV2: true,
  })
  .extend(awsSdkVariables)
  .partial({ REPORT_BUCKET: true, REPORT_SENDER: true, AWS_REGION: true });

async function publicKeyOf(file: string, option: string) {
  const pem = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new ConfigError(`${option}: cannot read ${file}`, { cause: error });
  });
  try {
    const publicKeyPem = createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
    return { publicKeyPem, fingerprint: keyFingerprint(pemToSpki(publicKeyPem)) };
  } catch {
    throw new ConfigError(`${option}: ${file} is not a PEM key`);
  }
}

/**
 * `npm run campaign -- --create …`: opens a campaign over a stored, signed snapshot, as the
 * schedule does, and tells its reviewers when SES is configured. Returns the campaign's ID.
 */
export async function runCampaignCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<string | undefined> {
  const args = parseCampaignArgs(argv);
  if (args.help) {
    io.print(CAMPAIGN_USAGE);
    return undefined;
  }
  const config = parseEnvironment(campaignEnvironmentSchema, env);
  if (!config.ACCESS_CAMPAIGNS)
    throw new ConfigError('Invalid configuration: ACCESS_CAMPAIGNS (the campaign settings) is required');
  const keyFile = args.publicKey ?? config.REPORT_SIGNING_KEY_FILE;
  if (!keyFile)
    throw new ConfigError(
      'Give --public-key FILE (or REPORT_SIGNING_KEY_FILE): the snapshot must verify with the report signing key',
    );
  const reportKey = await publicKeyOf(keyFile, args.publicKey ? '--public-key' : 'REPORT_SIGNING_KEY_FILE');
  let reports: Parameters<typeof createCampaignStore>[0];
  let reader: Parameters<typeof createCampaignStore>[1];
  if (args.dir) {
    reports = createDirectoryReportStore(args.dir);
    reader = createDirectoryReportReader(args.dir, '');
  } else {
    if (!config.REPORT_BUCKET || !config.AWS_REGION)
      throw new ConfigError('Invalid configuration: REPORT_BUCKET and AWS_REGION are required without --dir');
    const client = createAwsClients({ ...config, AWS_REGION: config.AWS_REGION }).s3;
    reports = createS3ReportStore({
      client,
      bucket: config.REPORT_BUCKET,
      region: config.AWS_REGION,
      endpoint: config.AWS_ENDPOINT_URL_S3,
    });
    reader = createS3ReportReader(client, config.REPORT_BUCKET);
  }
  const limiter = createReliableAuditSearch(
    { search: () => Promise.reject(new Error('the directory limiter runs directory calls only')) },
    { requestsPerMinute: config.DESCOPE_DIRECTORY_RPM, maxAttempts: config.DESCOPE_MAX_ATTEMPTS },
  );
  try {
    const campaigns = createCampaignStore(reports, reader);
    const connection = {
      projectId: config.DESCOPE_PROJECT_ID,
      managementKey: config.DESCOPE_MANAGEMENT_KEY,
      baseUrl: config.DESCOPE_BASE_URL,
      timeoutMs: config.DESCOPE_REQUEST_TIMEOUT_MS,
    };
    const settings = {
      ...config.ACCESS_CAMPAIGNS,
      coverage: args.coverage ?? config.ACCESS_CAMPAIGNS.coverage,
    };
    const campaign = await createCampaign(
      { reports, campaigns, reportKey, reviewers: createDescopeReviewerLookup(connection, limiter) },
      {
        projectId: config.DESCOPE_PROJECT_ID,
        period: args.period,
        scope: args.scope,
        settings,
        hygiene: {
          dormantDays: config.ACCESS_REVIEW_DORMANT_DAYS,
          keyExpiryHorizonDays: config.ACCESS_REVIEW_KEY_EXPIRY_HORIZON_DAYS,
        },
        now: io.now(),
        createdBy: 'cli',
        dueAt: args.dueAt,
      },
    );
    io.print(
      `Opened campaign ${campaign.id}: ${campaign.items.length} items, due ${campaign.dueAt}, over ${campaign.snapshot.key} (SHA-256 ${campaign.snapshot.sha256})`,
    );
    for (const note of campaign.notes) io.print(`note: ${note}`);
    if (config.REPORT_SENDER && config.REVIEW_PAGE_URL && config.AWS_REGION && !args.dir) {
      const mailer = createSesMailer(createAwsClients({ ...config, AWS_REGION: config.AWS_REGION }).ses);
      const pageUrl = config.REVIEW_PAGE_URL.endsWith('/')
        ? config.REVIEW_PAGE_URL
        : `${config.REVIEW_PAGE_URL}/`;
      if (
        await announceCampaign(
          campaigns,
          { mailer, sender: config.REPORT_SENDER, pageUrl },
          campaign,
          io.now(),
        )
      )
        io.print('Reviewers were told by email.');
    } else
      io.print(
        'No email sent (set REPORT_SENDER and REVIEW_PAGE_URL, without --dir, to tell the reviewers).',
      );
    return campaign.id;
  } finally {
    await limiter.stop();
  }
}
