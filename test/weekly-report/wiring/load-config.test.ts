import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../functions/shared/errors.js';
import { catalogTextSha256 } from '../../../functions/weekly-report/wiring/check-catalog-sql.js';
import {
  cliEnvironmentSchema,
  lambdaEnvironmentSchema,
} from '../../../functions/weekly-report/wiring/config.js';
import { loadConfig } from '../../../functions/weekly-report/wiring/load-config.js';

const common = {
  DESCOPE_PROJECT_ID: 'P2abcdefgh',
  REPORT_BUCKET: 'evidence-bucket',
  REPORT_SENDER: 'reports@example.org',
  REPORT_RECIPIENTS: 'a@example.org',
  AWS_REGION: 'eu-west-1',
};
const lambda = {
  ...common,
  DESCOPE_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:d-AbCdEf',
};
const cli = { ...common, DESCOPE_MANAGEMENT_KEY: 'K2test' };

const badSql = JSON.stringify({
  queries: [{ id: 'steal', title: 'Steal', sql: "SELECT * FROM read_csv('/etc/passwd') ORDER BY 1" }],
});
const catalogFile = async (text: string) => {
  const file = join(await mkdtemp(join(tmpdir(), 'catalog-file-')), 'report-queries.json');
  await writeFile(file, text);
  return file;
};

describe('an entry point’s configuration', () => {
  it('reads the catalog from REPORT_QUERIES_FILE as from REPORT_QUERIES', async () => {
    const text = '{"disable":["failed-logins-by-device"]}';
    const fromFile = await loadConfig(cliEnvironmentSchema, {
      ...cli,
      REPORT_QUERIES_FILE: await catalogFile(text),
    });
    const fromVariable = await loadConfig(cliEnvironmentSchema, { ...cli, REPORT_QUERIES: text });
    expect(fromFile.REPORT_QUERIES).toEqual(fromVariable.REPORT_QUERIES);
    expect(fromFile.REPORT_QUERIES.queries.map((q) => q.id)).not.toContain('failed-logins-by-device');
  });

  it('refuses bad SQL naming where the catalog came from, unless synth checked this very text', async () => {
    const file = await catalogFile(badSql);
    const refused =
      /^Invalid configuration: REPORT_QUERIES_FILE query "steal" sql: table function read_csv\(\)/;
    await expect(
      loadConfig(lambdaEnvironmentSchema, { ...lambda, REPORT_QUERIES_FILE: file }),
    ).rejects.toThrow(refused);
    const other = catalogTextSha256('{}');
    await expect(
      loadConfig(lambdaEnvironmentSchema, {
        ...lambda,
        REPORT_QUERIES_FILE: file,
        REPORT_QUERIES_SHA256: other,
      }),
    ).rejects.toThrow(refused);
    // The hash synth records once DuckDB accepted the text: no DuckDB at the function's start.
    const skipped = await loadConfig(lambdaEnvironmentSchema, {
      ...lambda,
      REPORT_QUERIES_FILE: file,
      REPORT_QUERIES_SHA256: catalogTextSha256(badSql),
    });
    expect(skipped.REPORT_QUERIES.queries.at(-1)?.id).toBe('steal');
    await expect(loadConfig(cliEnvironmentSchema, { ...cli, REPORT_QUERIES: badSql })).rejects.toThrow(
      /^Invalid configuration: REPORT_QUERIES query "steal"/,
    );
  });

  it('names a missing file, both variables set, and a malformed hash', async () => {
    await expect(
      loadConfig(lambdaEnvironmentSchema, { ...lambda, REPORT_QUERIES_FILE: '/nonexistent/queries.json' }),
    ).rejects.toThrow(
      /^Invalid configuration: REPORT_QUERIES_FILE \/nonexistent\/queries\.json cannot be read/,
    );
    const file = await catalogFile('{}');
    await expect(
      loadConfig(lambdaEnvironmentSchema, { ...lambda, REPORT_QUERIES_FILE: file, REPORT_QUERIES: '{}' }),
    ).rejects.toThrow('set REPORT_QUERIES or REPORT_QUERIES_FILE, not both');
    const malformed = loadConfig(lambdaEnvironmentSchema, { ...lambda, REPORT_QUERIES_SHA256: 'abc' });
    await expect(malformed).rejects.toThrow(ConfigError);
    await expect(malformed).rejects.toThrow(/REPORT_QUERIES_SHA256 must be a SHA-256/);
  });
});
