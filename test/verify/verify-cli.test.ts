import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/shared/errors.js';
import { parseVerifyArgs } from '../../functions/verify/verify-args.js';
import { runVerify } from '../../functions/verify/verify-cli.js';

const io = { print: () => {}, now: () => 0 };

describe('npm run verify arguments', () => {
  it('takes the options and exactly one target', () => {
    expect(
      parseVerifyArgs(['--public-key', 'k.pem', '--json', '--chain', 's3://b/reports/P/2026-W47/']),
    ).toEqual({
      target: 's3://b/reports/P/2026-W47/',
      publicKeyFile: 'k.pem',
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
    const code = await runVerify(['/nonexistent-folder'], {}, { ...io, print: (l) => lines.push(l) });
    expect(lines).toContain('FAIL manifest.json: missing');
    expect(code).toBe(1);
  });
});
