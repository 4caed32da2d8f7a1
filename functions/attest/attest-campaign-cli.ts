import { createCampaignStore } from '../adapters/campaign-store.js';
import { createDirectoryReportReader } from '../adapters/directory-report-reader.js';
import { createDirectoryReportStore } from '../adapters/directory-report-store.js';
import { createS3ReportReader } from '../adapters/s3-report-reader.js';
import { createS3ReportStore } from '../adapters/s3-report-store.js';
import { loadCampaign, withDecision } from '../campaigns/load-campaign.js';
import { recordDecision, trustedKeysOf } from '../campaigns/record-decision.js';
import { sameLogin } from '../core/access/campaign.js';
import { CAMPAIGN_ID } from '../core/access/campaign-files.js';
import { ConfigError } from '../shared/errors.js';
import { parseCommandLine } from '../shared/parse-command-line.js';
import type { CliIo } from '../weekly-report/cli/cli-io.js';
import { awsSdkVariables } from '../weekly-report/wiring/aws-sdk-variables.js';
import { createAwsClients } from '../weekly-report/wiring/build-dependencies.js';
import { cliEnvironmentSchema, parseEnvironment } from '../weekly-report/wiring/config.js';
import { loadAttestationSigner } from './attestation-signer.js';
import { readDecisionFile } from './decision-file.js';

export const ATTEST_CAMPAIGN_USAGE = `Usage: npm run attest -- --campaign ID --reviewer LOGIN_ID --decisions FILE [--dir DIR]

  --campaign   the campaign (access/campaigns/<ID>/campaign.json)
  --reviewer   the reviewer's Descope login ID: a reviewer of the campaign (first or second level)
  --decisions  a JSON file: { "decisions": [ { "item": "<item ID>", "decision": "keep|revoke|change|approve|reject", "justification": "…" } ] }
  --dir        a local folder holding access/campaigns/… instead of REPORT_BUCKET

Every decision goes through the review page's rules (self-review refused, justifications, second
level) and is signed with the attestation key: ATTESTATION_SIGNING_KEY_FILE, or ATTESTATION_SIGNING_KEY_ARN
for the stack's attestation KMS key (with the reviewer role's credentials). Records name the reviewer as given here
(source attest-cli), not a Descope session.
`;

/** What `npm run attest -- --campaign` reads: the signer and, without `--dir`, the bucket. */
export const attestCampaignEnvironmentSchema = cliEnvironmentSchema
  .pick({
    ATTESTATION_SIGNING_KEY_FILE: true,
    ATTESTATION_SIGNING_KEY_ARN: true,
    REPORT_BUCKET: true,
    AWS_REGION: true,
    AWS_ENDPOINT_URL_S3: true,
  })
  .extend(awsSdkVariables)
  .partial({ REPORT_BUCKET: true, AWS_REGION: true });

/** The options of `npm run attest -- --campaign`. */
const ATTEST_CAMPAIGN_OPTIONS = {
  campaign: { type: 'string' },
  reviewer: { type: 'string' },
  decisions: { type: 'string' },
  dir: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * `npm run attest -- --campaign …`: a thin client of the campaign's decision store. Returns how many
 * decisions were recorded; throws when the file or a reviewer is wrong (nothing recorded), and
 * reports each refused decision (the run then fails).
 */
export async function runCampaignAttest(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
  const args = parseCommandLine(argv, ATTEST_CAMPAIGN_OPTIONS, ATTEST_CAMPAIGN_USAGE).values;
  if (args.help) {
    io.print(ATTEST_CAMPAIGN_USAGE);
    return 0;
  }
  if (!args.campaign || !CAMPAIGN_ID.test(args.campaign))
    throw new ConfigError(`--campaign must be a campaign ID\n${ATTEST_CAMPAIGN_USAGE}`);
  if (!args.reviewer || !args.decisions)
    throw new ConfigError(`--reviewer and --decisions are required\n${ATTEST_CAMPAIGN_USAGE}`);
  const config = parseEnvironment(attestCampaignEnvironmentSchema, env);
  const signer = await loadAttestationSigner(config);
  if (!signer)
    throw new ConfigError(
      'Invalid configuration: set ATTESTATION_SIGNING_KEY_FILE or ATTESTATION_SIGNING_KEY_ARN to sign decisions',
    );
  let store: ReturnType<typeof createCampaignStore>;
  if (args.dir)
    store = createCampaignStore(
      createDirectoryReportStore(args.dir),
      createDirectoryReportReader(args.dir, ''),
    );
  else {
    if (!config.REPORT_BUCKET || !config.AWS_REGION)
      throw new ConfigError('Invalid configuration: REPORT_BUCKET and AWS_REGION are required without --dir');
    const client = createAwsClients({ ...config, AWS_REGION: config.AWS_REGION }).s3;
    const reports = createS3ReportStore({
      client,
      bucket: config.REPORT_BUCKET,
      region: config.AWS_REGION,
      endpoint: config.AWS_ENDPOINT_URL_S3,
    });
    store = createCampaignStore(reports, createS3ReportReader(client, config.REPORT_BUCKET));
  }
  const deps = { store, signer };
  let loaded = await loadCampaign(store, args.campaign, await trustedKeysOf(deps));
  const { campaign } = loaded;
  const reviewer = [...campaign.reviewers, ...(campaign.secondLevel?.reviewers ?? [])].find((r) =>
    sameLogin(r.loginId, args.reviewer ?? ''),
  );
  if (!reviewer || reviewer.userId === '')
    throw new ConfigError(`--reviewer ${args.reviewer} is not a reviewer of campaign ${campaign.id}`);
  const decisions = await readDecisionFile(args.decisions, campaign);
  let recorded = 0;
  const refused: string[] = [];
  for (const d of decisions) {
    const result = await recordDecision(
      deps,
      {
        campaignId: campaign.id,
        itemId: d.itemId,
        reviewer,
        source: 'attest-cli',
        request: d.request,
        now: io.now(),
      },
      loaded,
    );
    if (result.ok) {
      recorded += 1;
      io.print(`entry ${d.line}: ${d.request.outcome} recorded (${result.key})`);
      loaded = withDecision(loaded, result.stored);
    } else refused.push(`entry ${d.line} (item ${d.itemId}): ${result.refusal.reason}`);
  }
  for (const line of refused) io.error(`Refused: ${line}`);
  io.print(
    `${recorded} of ${decisions.length} decisions recorded for campaign ${campaign.id} as ${reviewer.loginId}`,
  );
  if (refused.length > 0) throw new ConfigError(`${refused.length} decisions were refused`);
  return recorded;
}
