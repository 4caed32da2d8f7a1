import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/shared/errors.js';
import { parseVerifyArgs } from '../../functions/verify/verify-args.js';
import { runVerify } from '../../functions/verify/verify-cli.js';

const io = { print: () => {}, now: () => 0 };

describe('npm run verify arguments', () => {
  it('takes the options and exactly one target', () => {
    expect(
      parseVerifyArgs([
        '--public-key',
        'k.pem',
        '--public-key',
        'old.pem',
        '--attestation-key',
        'reviewer.pem',
        '--json',
        '--chain',
        's3://b/reports/P/2026-W47/',
      ]),
    ).toEqual({
      target: 's3://b/reports/P/2026-W47/',
      publicKeyFiles: ['k.pem', 'old.pem'],
      attestationKeyFiles: ['reviewer.pem'],
      folder: { period: undefined, project: undefined, tenant: undefined, revision: undefined },
      json: true,
      chain: true,
      anchor: false,
      help: false,
    });
    expect(() => parseVerifyArgs([])).toThrow(/exactly one report folder/);
    expect(() => parseVerifyArgs(['a', 'b'])).toThrow(ConfigError);
    expect(() => parseVerifyArgs(['--bogus', 'a'])).toThrow(ConfigError);
  });

  it('names the missing Descope variables for --anchor before reading anything', async () => {
    await expect(runVerify(['--anchor', '/nonexistent'], {}, io)).rejects.toThrow(
      /DESCOPE_PROJECT_ID is required; DESCOPE_MANAGEMENT_KEY is required/,
    );
  });

  it('names an unreadable public key file', async () => {
    await expect(runVerify(['--public-key', '/nonexistent/key.pem', '/nonexistent'], {}, io)).rejects.toThrow(
      /--public-key: cannot read \/nonexistent\/key.pem/,
    );
  });

  it('fails a folder without a manifest, naming it', async () => {
    const lines: string[] = [];
    const code = await runVerify(['/nonexistent/2026-W47'], {}, { ...io, print: (l) => lines.push(l) });
    expect(lines).toContain('FAIL manifest.json: missing');
    expect(code).toBe(1);
  });

  it('refuses an S3 prefix that is not a report folder, and a --revision that is not a number', async () => {
    await expect(runVerify(['s3://b/reports/P/'], {}, io)).rejects.toThrow(/is not a report folder/);
    expect(() => parseVerifyArgs(['--revision', 'two', 'x'])).toThrow(/--revision must be a whole number/);
  });
});
