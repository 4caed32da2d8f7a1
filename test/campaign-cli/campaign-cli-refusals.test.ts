import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMPAIGN_USAGE } from '../../functions/campaign-cli/campaign-args.js';
import { runCampaignCli } from '../../functions/campaign-cli/campaign-cli.js';
import { ConfigError } from '../../functions/shared/errors.js';

let dir: string;
let publicKey: string;
const base = {
  DESCOPE_PROJECT_ID: 'P2campaigncli',
  DESCOPE_MANAGEMENT_KEY: 'K2-campaign-cli-key',
  ACCESS_CAMPAIGNS: JSON.stringify({ reviewers: { fallback: ['ops@corp.example'] } }),
};
const lines: string[] = [];
const io = {
  print: (l: string) => void lines.push(l),
  error: (l: string) => void lines.push(l),
  now: () => 0,
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'campaign-cli-refusals-'));
  publicKey = join(dir, 'public.pem');
  const { publicKey: key } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  await writeFile(publicKey, key.export({ type: 'spki', format: 'pem' }));
  await writeFile(join(dir, 'garbage.pem'), 'not a key');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function refusal(argv: string[], env: Record<string, string | undefined>): Promise<string> {
  const error = await runCampaignCli(argv, env, io).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as Error).message;
}

const create = ['--create', '--period', '2026-W47'];

describe('npm run campaign refusals, before anything is read', () => {
  it('prints the usage for --help and opens nothing', async () => {
    lines.length = 0;
    expect(await runCampaignCli(['--help'], {}, io)).toBeUndefined();
    expect(lines).toEqual([CAMPAIGN_USAGE]);
  });

  it('needs the campaign settings', async () => {
    const { ACCESS_CAMPAIGNS: _, ...env } = base;
    expect(await refusal([...create, '--dir', dir], env)).toBe(
      'Invalid configuration: ACCESS_CAMPAIGNS (the campaign settings) is required',
    );
  });

  it('needs the report signing key to verify the snapshot with', async () => {
    expect(await refusal([...create, '--dir', dir], base)).toMatch(
      /^Give --public-key FILE \(or REPORT_SIGNING_KEY_FILE\)/,
    );
  });

  it('names the option or variable of a key it cannot read or that is not a key', async () => {
    const absent = join(dir, 'absent.pem');
    expect(await refusal([...create, '--dir', dir], { ...base, REPORT_SIGNING_KEY_FILE: absent })).toBe(
      `REPORT_SIGNING_KEY_FILE: cannot read ${absent}`,
    );
    const garbage = join(dir, 'garbage.pem');
    expect(await refusal([...create, '--public-key', garbage, '--dir', dir], base)).toBe(
      `--public-key: ${garbage} is not a PEM key`,
    );
  });

  it('needs a bucket and region without --dir', async () => {
    expect(await refusal([...create, '--public-key', publicKey], base)).toBe(
      'Invalid configuration: REPORT_BUCKET and AWS_REGION are required without --dir',
    );
  });
});
