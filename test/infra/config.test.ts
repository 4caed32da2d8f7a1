import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { defaultReportCatalog } from '../../functions/core/catalog/report-catalog.js';
import { catalogTextSha256 } from '../../functions/weekly-report/wiring/check-catalog-sql.js';
import { checkQueryCatalogSql } from '../../infra/config/query-catalog.js';
import { DeployConfigError, loadDeployConfig, parseDeployConfig } from '../../infra/config.js';
import { testTempDir } from '../support/test-temp.js';
import { BASE_SETTINGS } from './support/synth.js';

const valid = { ...BASE_SETTINGS, recipients: [...BASE_SETTINGS.recipients] };

const errorOf = (raw: Record<string, unknown>, cwd?: string): string => {
  try {
    parseDeployConfig(raw, cwd);
  } catch (error) {
    expect(error).toBeInstanceOf(DeployConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be rejected');
};

const tempDir = () => testTempDir('deploy-config-');
const writeJson = (dir: string, name: string, content: unknown) => {
  writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return name;
};

describe('deploy configuration defaults', () => {
  it('fills every optional setting with its documented default', () => {
    expect(parseDeployConfig(valid)).toEqual({
      ...valid,
      stackName: 'DescopeAuditReport',
      sesSandbox: false,
      scheduleCron: '0 6 ? * MON *',
      scheduleTimezone: 'UTC',
      monthlyReportCron: '0 8 2 * ? *',
      quarterlyReportCron: '0 8 2 1,4,7,10 ? *',
      auditRpm: 10,
      requestTimeoutMs: 30_000,
      objectLockMode: 'GOVERNANCE',
      retentionDays: 400,
      archiveAfterDays: 90,
      accessReviewEnabled: true,
      accessReviewDormantDays: 90,
      accessReviewKeyExpiryHorizonDays: 365,
      accessReviewDirectoryRead: 'role-holders',
      directoryRpm: 100,
      reviewPageThrottleRps: 10,
      reviewPageRateLimit: 300,
      logRetentionDays: 365,
      functionMemoryMb: 1024,
      functionEphemeralStorageMb: 4096,
      functionTimeoutMinutes: 15,
      queryCatalog: undefined,
      frameworkSet: {
        files: [],
        include: undefined,
        reported: ['soc2', 'iso27001', 'pci-dss', 'nist-800-53', 'hipaa', 'cis-controls'],
      },
      source: 'api',
      streamPath: 'eventbridge',
      streamEventSource: 'descope.audit',
      streamLateDays: 1,
      streamNoEventHours: 6,
      engine: 'duckdb',
      athenaThresholdBytes: 350_000_000,
      athenaBytesScannedCutoff: 100_000_000_000,
      dailyScheduleTimezone: 'UTC',
      projectSet: [
        {
          projectId: valid.projectId,
          scheduleOffsetMinutes: 0,
          scheduleCron: '0 6 ? * MON *',
          monthlyReportCron: '0 8 2 * ? *',
          quarterlyReportCron: '0 8 2 1,4,7,10 ? *',
          recipients: valid.recipients,
          frameworkSet: {
            files: [],
            include: undefined,
            reported: ['soc2', 'iso27001', 'pci-dss', 'nist-800-53', 'hipaa', 'cis-controls'],
          },
        },
      ],
    });
  });

  it('accepts the string spellings `-c key=value` produces', () => {
    const config = parseDeployConfig({
      ...valid,
      recipients: 'a@example.org, b@example.org',
      auditorPrincipalArns: '["arn:aws:iam::111122223333:role/Auditor"]',
      auditRpm: '20',
      sesSandbox: 'true',
      objectLockMode: 'compliance',
      scheduleCron: 'cron(30 7 ? * TUE *)',
      scheduleTimezone: 'Europe/Berlin',
      accessReviewEnabled: 'false',
      accessReviewDormantDays: '45',
    });
    expect(config).toMatchObject({
      recipients: ['a@example.org', 'b@example.org'],
      auditorPrincipalArns: ['arn:aws:iam::111122223333:role/Auditor'],
      auditRpm: 20,
      sesSandbox: true,
      objectLockMode: 'COMPLIANCE',
      scheduleCron: '30 7 ? * TUE *',
      scheduleTimezone: 'Europe/Berlin',
      accessReviewEnabled: false,
      accessReviewDormantDays: 45,
    });
  });
});

describe('invalid deploy configuration', () => {
  it.each([
    [{ projectId: undefined }, 'projectId is required'],
    [{ projectId: 'not a project' }, 'projectId must be a Descope project ID'],
    [{ sender: 'reports' }, 'sender must be an email address'],
    [{ recipients: [] }, 'recipients must list at least one email address'],
    [{ recipients: 'a@example.org,nobody' }, 'recipients[1] must be an email address'],
    [{ scheduleCron: '0 6 * * MON *' }, 'scheduleCron must be an EventBridge Scheduler cron expression'],
    [{ scheduleCron: '0 6 * *' }, 'scheduleCron must be an EventBridge Scheduler cron expression'],
    [{ scheduleTimezone: 'Mars/Olympus_Mons' }, 'scheduleTimezone must be an IANA time zone'],
    [{ auditRpm: 0 }, 'auditRpm must be a whole number from 1 to 600'],
    [{ auditRpm: 'ten' }, 'auditRpm must be a whole number'],
    [{ requestTimeoutMs: 1.5 }, 'requestTimeoutMs must be a whole number'],
    [{ objectLockMode: 'LEGAL_HOLD' }, 'objectLockMode must be GOVERNANCE or COMPLIANCE'],
    [{ retentionDays: -1 }, 'retentionDays must be a whole number'],
    [{ archiveAfterDays: 0 }, 'archiveAfterDays must be a whole number'],
    [{ alarmEmail: 'ops' }, 'alarmEmail must be an email address'],
    [{ auditorPrincipalArns: ['arn:aws:s3:::bucket'] }, 'auditorPrincipalArns[0] every entry must be an IAM'],
    [{ logRetentionDays: 42 }, 'logRetentionDays must be one of 1, 3, 5'],
    [{ functionMemoryMb: 64 }, 'functionMemoryMb must be a whole number from 128 to 10240'],
    [
      { functionEphemeralStorageMb: 20_000 },
      'functionEphemeralStorageMb must be a whole number from 512 to 10240',
    ],
    [{ functionTimeoutMinutes: 16 }, 'functionTimeoutMinutes must be a whole number from 1 to 15'],
    [{ sesSandbox: 'yes' }, 'sesSandbox must be true or false'],
    [{ stackName: '1-bad' }, 'stackName must be letters, digits and hyphens'],
    [{ descopeBaseUrl: 'http://api.descope.com' }, 'descopeBaseUrl must be an https URL'],
    [{ senderDomain: 'other.example' }, 'senderDomain must be the domain of sender'],
    [
      { functionTimeoutMinutes: 1, requestTimeoutMs: 60_000 },
      'requestTimeoutMs must be shorter than functionTimeoutMinutes',
    ],
  ])('%j → "%s"', (override, message) => {
    const raw: Record<string, unknown> = { ...valid, ...override };
    for (const [key, value] of Object.entries(override)) if (value === undefined) delete raw[key];
    const error = errorOf(raw);
    expect(error).toMatch(/^Invalid deploy configuration: /);
    expect(error).toContain(message);
  });

  it('names every bad setting at once', () => {
    const error = errorOf({ projectId: 'x', sender: 'y', recipients: 'z' });
    expect(error).toContain('projectId');
    expect(error).toContain('sender');
    expect(error).toContain('recipients[0]');
  });
});

describe('configuration sources', () => {
  const appWith = (context: Record<string, unknown>) => new App({ context });

  it('reads context values (cdk.json, -c)', () => {
    const config = loadDeployConfig(appWith({ ...valid, auditRpm: '7' }));
    expect(config.auditRpm).toBe(7);
  });

  it('reads the configFile, and context overrides it key by key', () => {
    const dir = tempDir();
    const file = writeJson(dir, 'prod.json', { ...valid, auditRpm: 5, retentionDays: 800 });
    const config = loadDeployConfig(appWith({ configFile: file, auditRpm: 6 }), dir);
    expect(config).toMatchObject({ projectId: valid.projectId, auditRpm: 6, retentionDays: 800 });
  });

  it('names configFile when the file is missing, not JSON, or not an object', () => {
    const dir = tempDir();
    expect(() => loadDeployConfig(appWith({ configFile: 'nope.json' }), dir)).toThrow(
      /configFile cannot be read/,
    );
    const broken = writeJson(dir, 'broken.json', '{ "projectId": ');
    expect(() => loadDeployConfig(appWith({ configFile: broken }), dir)).toThrow(
      /configFile is not valid JSON/,
    );
    const list = writeJson(dir, 'list.json', []);
    expect(() => loadDeployConfig(appWith({ configFile: list }), dir)).toThrow(
      /configFile must hold a JSON object/,
    );
  });

  it('rejects unknown keys in the configFile (typos) but allows $comment', () => {
    const dir = tempDir();
    const file = writeJson(dir, 'typo.json', { ...valid, $comment: 'ok', recipient: 'x@example.org' });
    expect(() => loadDeployConfig(appWith({ configFile: file }), dir)).toThrow(
      /recipient in configFile typo\.json is not a setting/,
    );
  });

  it('refuses a management key in context or in the configFile', () => {
    expect(() => loadDeployConfig(appWith({ ...valid, managementKey: 'K2secret' }))).toThrow(
      /managementKey \(in context\) must not be set: .*Secrets Manager/,
    );
    const dir = tempDir();
    const file = writeJson(dir, 'leaky.json', { ...valid, DESCOPE_MANAGEMENT_KEY: 'K2secret' });
    expect(() => loadDeployConfig(appWith({ configFile: file }), dir)).toThrow(
      /DESCOPE_MANAGEMENT_KEY \(in configFile leaky\.json\) must not be set/,
    );
  });

  it('refuses the old name retentionMode, naming objectLockMode, rather than ignore a COMPLIANCE wish', () => {
    expect(() => loadDeployConfig(appWith({ ...valid, retentionMode: 'COMPLIANCE' }))).toThrow(
      'retentionMode (in context) is now called objectLockMode',
    );
    const dir = tempDir();
    const file = writeJson(dir, 'old.json', { ...valid, retentionMode: 'COMPLIANCE' });
    expect(() => loadDeployConfig(appWith({ configFile: file }), dir)).toThrow(
      'retentionMode (in configFile old.json) is now called objectLockMode',
    );
    expect(loadDeployConfig(appWith({ ...valid, objectLockMode: 'COMPLIANCE' })).objectLockMode).toBe(
      'COMPLIANCE',
    );
  });

  it("takes reviewers' principals and their own P-256 public keys, refusing anything else", () => {
    const pem = (curve: string) =>
      generateKeyPairSync('ec', { namedCurve: curve })
        .publicKey.export({ type: 'spki', format: 'pem' })
        .toString();
    const good = pem('prime256v1');
    expect(
      parseDeployConfig({
        ...valid,
        reviewerPrincipalArns: ['arn:aws:iam::111122223333:role/Reviewer'],
        attestationPublicKeys: [good],
      }),
    ).toMatchObject({
      reviewerPrincipalArns: ['arn:aws:iam::111122223333:role/Reviewer'],
      attestationPublicKeys: [good],
    });
    expect(errorOf({ ...valid, attestationPublicKeys: [pem('secp384r1')] })).toContain(
      'attestationPublicKeys[0] every entry must be an ECDSA P-256 public key in PEM',
    );
    expect(errorOf({ ...valid, reviewerPrincipalArns: ['someone'] })).toContain(
      'reviewerPrincipalArns[0] every entry must be an IAM',
    );
  });
});

describe('query catalog', () => {
  it("is read as it is and validated with the function's catalog rules, whatever its size", () => {
    const dir = tempDir();
    const file = writeJson(dir, 'queries.json', '{\n  "disable": ["lockouts"]\n}\n');
    const config = parseDeployConfig({ ...valid, queryCatalogFile: file }, dir);
    expect(config.queryCatalog).toMatchObject({
      path: join(dir, file),
      text: '{\n  "disable": ["lockouts"]\n}\n',
    });
    // Far past the 4 KB Lambda allows its whole environment: the file is bundled, not put there.
    const big = writeJson(dir, 'big.json', {
      privilegedRoles: Array.from({ length: 2000 }, (_, i) => `role-${i}`),
    });
    expect(
      parseDeployConfig({ ...valid, queryCatalogFile: big }, dir).queryCatalog?.text.length,
    ).toBeGreaterThan(20_000);
    const unknown = writeJson(dir, 'unknown.json', { failedLogins: { actions: ['LoginFailed'] } });
    expect(errorOf({ ...valid, queryCatalogFile: unknown }, dir)).toContain(
      'queryCatalogFile Unrecognized key: "failedLogins"',
    );
  });

  it('has DuckDB check the statements of SQL queries at synth', async () => {
    const dir = tempDir();
    const good = { id: 'by-action', title: 'By action', sql: 'SELECT action FROM records ORDER BY 1' };
    const bad = { id: 'steal', title: 'Steal', sql: "SELECT * FROM read_csv('/etc/passwd') ORDER BY 1" };
    const config = parseDeployConfig(
      { ...valid, queryCatalogFile: writeJson(dir, 'q.json', { queries: [good, bad] }) },
      dir,
    );
    const check = checkQueryCatalogSql(config.queryCatalog);
    await expect(check).rejects.toThrow(DeployConfigError);
    await expect(check).rejects.toThrow(
      /^Invalid deploy configuration: queryCatalogFile query "steal" sql: table function read_csv\(\) \(line 1, column 15\) is not allowed/,
    );
    // What it accepted, it names by the hash of its text, for the function to compare.
    const text = JSON.stringify({ queries: [good] });
    await expect(
      checkQueryCatalogSql({ path: 'q.json', text, catalog: defaultReportCatalog() }),
    ).resolves.toBe(catalogTextSha256(text));
    await expect(checkQueryCatalogSql(undefined)).resolves.toBeUndefined();
  });

  it("refuses a query id reserved for the report's own files, with the same rule as the function", () => {
    const dir = tempDir();
    const query = {
      id: 'summary',
      title: 'Clashes with summary.json',
      filter: { actions: ['AcmeExportRequested'] },
      aggregation: { kind: 'rows', columns: [{ column: 'user_id', field: 'userId' }] },
    };
    const file = writeJson(dir, 'reserved.json', { queries: [query] });
    expect(errorOf({ ...valid, queryCatalogFile: file }, dir)).toContain(
      'queryCatalogFile queries[0] ("summary") id: "summary" is reserved for the report\'s own files',
    );
  });

  it('names queryCatalogFile when it is missing, not JSON or a scalar', () => {
    const dir = tempDir();
    expect(errorOf({ ...valid, queryCatalogFile: 'missing.json' }, dir)).toContain(
      'queryCatalogFile cannot be read',
    );
    const broken = writeJson(dir, 'broken.json', '{');
    expect(errorOf({ ...valid, queryCatalogFile: broken }, dir)).toContain(
      'queryCatalogFile is not valid JSON',
    );
    const scalar = writeJson(dir, 'scalar.json', '42');
    expect(errorOf({ ...valid, queryCatalogFile: scalar }, dir)).toContain(
      'queryCatalogFile must hold a JSON object or array',
    );
  });
});
