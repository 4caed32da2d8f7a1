import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { createDirectoryReportReader } from '../adapters/directory-report-reader.js';
import type { ReportReader } from '../adapters/report-reader.js';
import { createS3ReportReader } from '../adapters/s3-report-reader.js';
import { CAMPAIGN_ID } from '../core/access/campaign-files.js';
import { keyFingerprint, pemToSpki } from '../core/integrity/signing-key.js';
import { ConfigError } from '../shared/errors.js';
import { parseCommandLine } from '../shared/parse-command-line.js';
import { awsClientOptions } from '../weekly-report/wiring/aws-sdk-variables.js';
import { parseEnvironment } from '../weekly-report/wiring/config.js';
import { verifyS3EnvironmentSchema } from './open-target.js';
import { type CampaignVerifyResult, verifyCampaign } from './verify-campaign.js';
import type { GivenKey } from './verify-context.js';

export const VERIFY_CAMPAIGN_USAGE = `Usage: npm run verify -- --campaign ID [--public-key FILE] [--attestation-key FILE] [--json] <s3://bucket/ | DIR>

  --campaign ID          the campaign under access/campaigns/ID/ of the bucket (or of DIR, a copy of it)
  --public-key FILE      the report signing key's public half (PEM): it signs seal.json
  --attestation-key FILE the attestation key's public half (PEM): it signs every decision

Exit code 0 only when the campaign is sealed and every check passed with both keys given.
`;

async function readKey(option: string, file: string): Promise<GivenKey> {
  const pem = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new ConfigError(`${option}: cannot read ${file}`, { cause: error });
  });
  try {
    return { pem, fingerprint: keyFingerprint(pemToSpki(pem)) };
  } catch {
    throw new ConfigError(`${option}: ${file} is not a PEM public key`);
  }
}

function readerOf(target: string, env: Record<string, string | undefined>): ReportReader {
  const s3 = /^s3:\/\/([^/]+)\/?$/.exec(target);
  if (s3) {
    const config = parseEnvironment(verifyS3EnvironmentSchema, env);
    const endpoint = config.AWS_ENDPOINT_URL_S3;
    const client = new S3Client({ ...awsClientOptions(config), endpoint, forcePathStyle: !!endpoint });
    return createS3ReportReader(client, s3[1] ?? '');
  }
  if (target.startsWith('s3://')) throw new ConfigError(`Give the bucket as s3://bucket/, not ${target}`);
  return createDirectoryReportReader(resolve(target), '');
}

/** The result for people: a line per problem, the notes, then the verdict. */
export function formatCampaignResult(result: CampaignVerifyResult): string[] {
  return [
    `Verifying campaign ${result.campaignId}`,
    ...result.problems.map((p) => `FAIL ${p.file}: ${p.problem}`),
    ...result.notes.map((n) => `note: ${n}`),
    `Checked: ${result.items} items, ${result.decisions} decision records${result.sealed ? ', the seal' : ''}.`,
    result.verified
      ? 'VERIFIED: every decision is signed, chained and within the rules; the sealed files match seal.json, signed by the given key.'
      : `NOT VERIFIED: ${result.problems.length} problem(s)${result.sealed ? '' : '; not sealed'}.`,
  ];
}

/** The options of `npm run verify -- --campaign`. */
const VERIFY_CAMPAIGN_OPTIONS = {
  campaign: { type: 'string' },
  'public-key': { type: 'string' },
  'attestation-key': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `npm run verify -- --campaign …`: returns the exit code. */
export async function runVerifyCampaign(
  argv: string[],
  env: Record<string, string | undefined>,
  io: { print: (line: string) => void },
): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, VERIFY_CAMPAIGN_OPTIONS, VERIFY_CAMPAIGN_USAGE, {
    positionals: true,
  });
  if (values.help) {
    io.print(VERIFY_CAMPAIGN_USAGE);
    return 0;
  }
  const id = values.campaign ?? '';
  if (!CAMPAIGN_ID.test(id) || positionals.length !== 1 || !positionals[0])
    throw new ConfigError(`Give --campaign ID and exactly one bucket or folder\n${VERIFY_CAMPAIGN_USAGE}`);
  const report = values['public-key'] ? await readKey('--public-key', values['public-key']) : undefined;
  const attestation = values['attestation-key']
    ? await readKey('--attestation-key', values['attestation-key'])
    : undefined;
  const result = await verifyCampaign(readerOf(positionals[0], env), id, { report, attestation });
  if (values.json)
    io.print(JSON.stringify({ verdict: result.verified ? 'verified' : 'not-verified', ...result }, null, 2));
  else for (const line of formatCampaignResult(result)) io.print(line);
  return result.verified && report && attestation ? 0 : 1;
}
