import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../functions/shared/errors.js';
import { lambdaEnvironmentSchema, parseEnvironment } from '../../../functions/weekly-report/wiring/config.js';
import { loadConfig } from '../../../functions/weekly-report/wiring/load-config.js';
import { buildFunctionEnvironment } from '../../../infra/constructs/report-function-environment.js';

/** What the stack sets, plus what Lambda sets itself. */
const deployed = (queryCatalogFile?: string) => ({
  ...buildFunctionEnvironment({
    projectId: 'P2abcdefgh',
    secretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:descope-AbCdEf',
    auditRpm: 10,
    requestTimeoutMs: 30_000,
    bucketName: 'evidence-bucket',
    sender: 'reports@example.org',
    recipients: ['a@example.org', 'b@example.org'],
    accessReviewEnabled: true,
    accessReviewDormantDays: 90,
    accessReviewKeyExpiryHorizonDays: 365,
    accessReviewDirectoryRead: 'role-holders',
    directoryRpm: 100,
    signingKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/0e3b5f6a-1111-2222-3333-444455556666',
    queryCatalogFile,
    objectLock: { mode: 'COMPLIANCE', retentionDays: 2555 },
  }),
  AWS_REGION: 'eu-west-1',
});

describe('the function environment the stack sets', () => {
  it('is valid for the function, the bundled query catalog included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bundled-catalog-'));
    const file = join(dir, 'report-queries.json');
    await writeFile(file, '{"disable":["failed-logins-by-device"]}');
    const config = await loadConfig(lambdaEnvironmentSchema, deployed(file));
    expect(config.REPORT_RECIPIENTS).toEqual(['a@example.org', 'b@example.org']);
    expect(config.REPORT_QUERIES.queries.map((q) => q.id)).not.toContain('failed-logins-by-device');
    expect(config.POWERTOOLS_LOG_LEVEL).toBe('INFO');
    expect(config.AWS_ENDPOINT_URL_S3).toBeUndefined();
    expect(config.compliance.deployment).toEqual({
      objectLock: { mode: 'COMPLIANCE', retentionDays: 2555 },
      anchored: false,
      cadence: 'weekly',
    });
  });

  it.each([
    ['AWS_ENDPOINT_URL_S3', 'not a url'],
    ['AWS_ENDPOINT_URL_SECRETS_MANAGER', 'localhost:4566'],
    ['POWERTOOLS_SERVICE_NAME', 'another-service'],
    ['POWERTOOLS_METRICS_NAMESPACE', 'Other'],
    ['POWERTOOLS_LOG_LEVEL', 'LOUD'],
    ['REPORT_QUERIES', '{"disable":["no-such-query"]}'],
  ])('rejects %s=%s, naming the variable', (variable, value) => {
    const run = () => parseEnvironment(lambdaEnvironmentSchema, { ...deployed(), [variable]: value });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
  });

  it('accepts a custom endpoint and a log level in any case', () => {
    const config = parseEnvironment(lambdaEnvironmentSchema, {
      ...deployed(),
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4569',
      POWERTOOLS_LOG_LEVEL: 'silent',
    });
    expect(config.AWS_ENDPOINT_URL_S3).toBe('http://127.0.0.1:4569');
    expect(config.POWERTOOLS_LOG_LEVEL).toBe('SILENT');
  });
});
