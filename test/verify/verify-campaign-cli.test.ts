import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/shared/errors.js';
import { runVerifyCampaign, VERIFY_CAMPAIGN_USAGE } from '../../functions/verify/verify-campaign-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verify-campaign-cli-'));
  await writeFile(join(dir, 'not-a-key.pem'), 'hello');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function run(argv: string[]) {
  const lines: string[] = [];
  const code = await runVerifyCampaign(argv, {}, { print: (l) => lines.push(l) });
  return { code, lines };
}

async function refusal(argv: string[]): Promise<ConfigError> {
  const error = await run(argv).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, argv.join(' ')).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('npm run verify -- --campaign', () => {
  it('prints the usage for --help and exits 0', async () => {
    expect(await run(['--help'])).toEqual({ code: 0, lines: [VERIFY_CAMPAIGN_USAGE] });
  });

  it('refuses an unknown option, a malformed campaign ID, or anything but one target, with the usage', async () => {
    for (const argv of [
      ['--campain', '2026-W48-project', dir],
      ['--campaign', '../etc', dir],
      ['--campaign', '2026-W48-project'],
      ['--campaign', '2026-W48-project', dir, dir],
    ]) {
      expect((await refusal(argv)).message).toContain('Usage: npm run verify -- --campaign ID');
    }
  });

  it('refuses a bucket given with a key path', async () => {
    const error = await refusal(['--campaign', '2026-W48-project', 's3://bucket/access/']);
    expect(error.message).toBe('Give the bucket as s3://bucket/, not s3://bucket/access/');
  });

  it('names the option and the file of a key it cannot read or that is not a PEM public key', async () => {
    const missing = join(dir, 'absent.pem');
    expect((await refusal(['--campaign', '2026-W48-project', '--public-key', missing, dir])).message).toBe(
      `--public-key: cannot read ${missing}`,
    );
    const garbage = join(dir, 'not-a-key.pem');
    expect(
      (await refusal(['--campaign', '2026-W48-project', '--attestation-key', garbage, dir])).message,
    ).toBe(`--attestation-key: ${garbage} is not a PEM public key`);
  });

  it('does not verify a folder that holds no such campaign, in words and in JSON', async () => {
    const text = await run(['--campaign', '2026-W48-project', dir]);
    expect(text.code).toBe(1);
    expect(text.lines[0]).toBe('Verifying campaign 2026-W48-project');
    expect(text.lines.at(-1)).toMatch(/^NOT VERIFIED: [1-9]\d* problem\(s\); not sealed\.$/);
    const json = await run(['--campaign', '2026-W48-project', '--json', dir]);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.lines.join('\n'));
    expect(parsed).toMatchObject({ verdict: 'not-verified', campaignId: '2026-W48-project', sealed: false });
    expect(parsed.problems.length).toBeGreaterThan(0);
  });
});
