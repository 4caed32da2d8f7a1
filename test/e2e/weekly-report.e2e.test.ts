import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIsoWeek } from '../../functions/core/period/period.js';
import type { AuditRecord } from '../../functions/core/records/audit-record.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { ReportDeliveryError, ReportStorageError } from '../../functions/shared/errors.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import type { CliIo } from '../../functions/weekly-report/cli/cli-io.js';
import { disableAllBut } from '../support/lean-catalog.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const week = parseIsoWeek('2026-W47');
const now = Date.parse('2026-11-25T10:00:00Z');
const prefix = `reports/${LOCAL_PROJECT_ID}/2026-W47/`;
const hostileLogin = '<img src=x onerror=alert(1)>@evil.test';
const hostileRole = '=HYPERLINK("http://evil.test","x")';

let n = 0;
const record = (fields: Partial<AuditRecord> & Pick<AuditRecord, 'action' | 'occurred'>): AuditRecord => {
  n += 1;
  return {
    id: `e2e-${String(n).padStart(4, '0')}`,
    projectId: LOCAL_PROJECT_ID,
    userId: `U${n}`,
    device: 'Desktop',
    method: 'password',
    geo: 'US',
    remoteAddress: `198.51.100.${n % 250}`,
    loginIds: [`user${n}@example.com`],
    tenants: [],
    data: {},
    type: 'info',
    actorId: '',
    ...fields,
  };
};

/** Known data: boundary events, noise actions and hostile strings, with the answers worked out by hand. */
const records: AuditRecord[] = [
  record({
    action: 'LoginFailed',
    occurred: week.from,
    geo: 'DE',
    userId: 'U-de-1',
    remoteAddress: '10.0.0.1',
  }),
  record({
    action: 'LoginFailed',
    occurred: week.from + 1,
    geo: 'DE',
    userId: 'U-de-1',
    remoteAddress: '10.0.0.2',
  }),
  record({
    action: 'LoginFailed',
    occurred: week.from + 2,
    geo: 'DE',
    userId: 'U-de-2',
    remoteAddress: '10.0.0.1',
  }),
  record({ action: 'LoginFailed', occurred: week.to - 1, geo: '', userId: 'U-x', loginIds: [hostileLogin] }),
  record({ action: 'LoginFailed', occurred: week.from + 5000, geo: 'BR', userId: 'U-br' }),
  // Outside the week: the edges belong to the neighbouring weeks.
  record({ action: 'LoginFailed', occurred: week.to, geo: 'DE' }),
  record({ action: 'LoginFailed', occurred: week.from - 1, geo: 'DE' }),
  // Noise: other actions never count.
  record({ action: 'LoginSucceed', occurred: week.from + 10, geo: 'DE' }),
  record({ action: 'LoginExceedMaxAttempts', occurred: week.from + 11, geo: 'DE' }),
  record({ action: 'AcmeCustomThing', occurred: week.from + 12, geo: 'DE' }),
  record({
    action: 'UserModified',
    occurred: week.from + 100,
    userId: 'U-grant',
    loginIds: [hostileLogin],
    actorId: 'admin-key',
    data: { Change: { added_roles: ['admin', hostileRole] } },
  }),
  record({
    action: 'UserModified',
    occurred: week.from + 200,
    userId: 'U-tenant',
    tenants: ['T-acme'],
    data: { Change: { added_multi_tenant_roles: ['Tenant Admin'], display_name: 'New Name' } },
  }),
  record({ action: 'UserModified', occurred: week.from + 300, data: { Change: { phone: '+15550100' } } }),
  record({ action: 'UserModified', occurred: week.to, data: { Change: { added_roles: ['next-week'] } } }),
];

let local: LocalEnvironment;
let s3: S3Client;

function io(lines: string[]): CliIo {
  return { print: (l) => lines.push(l), error: (l) => lines.push(l), now: () => now };
}

const run = (argv: string[], env: Record<string, string> = local.env) => runCli(argv, env, io([]));

async function getObject(key: string): Promise<Buffer> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key: key }));
  return Buffer.from(await (answer.Body?.transformToByteArray() ?? new Uint8Array()));
}

async function listKeys(): Promise<string[]> {
  const answer = await s3.send(new ListObjectsV2Command({ Bucket: LOCAL_BUCKET, Prefix: prefix }));
  return (answer.Contents ?? []).map((o) => o.Key ?? '').sort();
}

beforeAll(async () => {
  local = await startLocalEnvironment({
    records,
    now: () => now,
    rateLimit: { requests: 600, windowMs: 60_000 },
  });
  local.env.DESCOPE_AUDIT_RPM = '600';
  s3 = standInS3Client(local.s3.endpoint);
});

afterAll(async () => {
  s3?.destroy();
  await local?.close();
});

describe('the weekly report against the stand-ins', () => {
  it('stores every file, with a manifest whose hashes match, and mails every recipient once', async () => {
    const result = await run(['--week', '2026-W47']);
    expect(result?.complete).toBe(true);
    const files = [
      'access-keys.csv',
      // The access review's snapshot (the stand-in serves an empty directory here).
      'access/access-keys.csv',
      'access/role-holders.csv',
      'access/snapshot.json',
      // One coverage table per framework: each control's status, evidence files (with SHA-256) and findings.
      'compliance/cis-controls.csv',
      'compliance/hipaa.csv',
      'compliance/iso27001.csv',
      'compliance/nist-800-53.csv',
      'compliance/pci-dss.csv',
      'compliance/soc2.csv',
      // One evidence file per search: queries sharing a filter share its records.
      'evidence/administration/part-0001.ndjson.gz',
      'evidence/impersonations/part-0001.ndjson.gz',
      'evidence/login-failures/part-0001.ndjson.gz',
      'evidence/role-changes/part-0001.ndjson.gz',
      'failed-logins-by-device.csv',
      'failed-logins-by-geo.csv',
      'failed-logins-by-ip.csv',
      'failed-logins-by-login-id.csv',
      'failed-logins-by-method.csv',
      'failed-logins-per-day.csv',
      'gaps.csv',
      'impersonations.csv',
      'lockouts.csv',
      // The evidence and findings as OCSF 1.8.0 events, one file per class (docs/ocsf.md).
      'ocsf/account_change.ndjson.gz',
      'ocsf/authentication.ndjson.gz',
      'ocsf/compliance_finding.ndjson.gz',
      'ocsf/entity_management.ndjson.gz',
      'ocsf/user_access.ndjson.gz',
      'permission-changes.csv',
      // The SQL of every table, runnable against the evidence above.
      'queries.sql',
      'report.html',
      'role-changes-not-understood.csv',
      'role-grants.csv',
      'role-revocations.csv',
      'scim-failures.csv',
      'scim-provisioning.csv',
      'summary.json',
      'user-lifecycle.csv',
    ];
    expect(await listKeys()).toEqual(
      [...files, 'collection-state.json', 'delivery.json', 'manifest.json', 'run-lock.json']
        .map((f) => `${prefix}${f}`)
        .sort(),
    );
    const manifest = JSON.parse((await getObject(`${prefix}manifest.json`)).toString()) as {
      files: Array<{ name: string; bytes: number; sha256: string }>;
    };
    expect(manifest.files.map((f) => f.name)).toEqual(files);
    for (const file of manifest.files) {
      const body = await getObject(`${prefix}${file.name}`);
      expect(body.length).toBe(file.bytes);
      expect(createHash('sha256').update(body).digest('hex')).toBe(file.sha256);
    }

    const emails = await local.ses.emails();
    expect(emails).toHaveLength(1);
    // Findings: a Tenant Admin grant (privileged by default) and BR, unseen in the weeks before (DE
    // failed once, a millisecond before the week).
    expect(emails[0]?.subject).toBe('Descope audit report 2026-W47 · 2 findings');
    expect(emails[0]?.body.text).toContain('Failed logins from a new country: BR');
    expect(emails[0]?.body.text).toContain('Failed logins: 5 · ▲ 4 (+400%) · vs 1 in 2026-W46');
    expect(emails[0]?.destination.to).toEqual(['security-lead@example.com', 'auditor@example.com']);
    expect(emails[0]?.body.text).toContain(`s3://${LOCAL_BUCKET}/${prefix}`);
    expect(emails[0]?.body.text).toContain('Failed logins: 5');
    expect(emails[0]?.body.html).not.toContain('<img src=x');
  });

  it('computes exact numbers from the boundaries and ignores other actions', async () => {
    const geo = parse(await getObject(`${prefix}failed-logins-by-geo.csv`), { columns: true }) as Record<
      string,
      string
    >[];
    expect(
      geo.map((r) => [r.geo, r.failed_logins, r.distinct_users, r.distinct_login_ids, r.distinct_ips]),
    ).toEqual([
      ['DE', '3', '2', '3', '2'],
      ['BR', '1', '1', '1', '1'],
      ['unknown', '1', '1', '1', '1'],
    ]);
    const grants = parse(await getObject(`${prefix}role-grants.csv`), { columns: true }) as Record<
      string,
      string
    >[];
    expect(Object.keys(grants[0] ?? {})).toEqual([
      'occurred',
      'user_id',
      'login_ids',
      'role',
      'tenant',
      'scope',
      'actor_id',
      'remote_address',
      'record_id',
    ]);
    expect(
      grants.map((g) => [g.occurred, g.user_id, g.login_ids, g.role, g.tenant, g.scope, g.actor_id]),
    ).toEqual([
      [
        new Date(week.from + 100).toISOString(),
        'U-grant',
        hostileLogin,
        `'${hostileRole}`,
        '',
        'project',
        'admin-key',
      ],
      [new Date(week.from + 100).toISOString(), 'U-grant', hostileLogin, 'admin', '', 'project', 'admin-key'],
      [
        new Date(week.from + 200).toISOString(),
        'U-tenant',
        'user12@example.com',
        'Tenant Admin',
        'T-acme',
        'tenant',
        '',
      ],
    ]);
    const summary = JSON.parse((await getObject(`${prefix}summary.json`)).toString()) as {
      complete: boolean;
      queries: Array<{ id: string; records: number; rows: number; complete: boolean }>;
    };
    expect(summary.complete).toBe(true);
    const counts = new Map(summary.queries.map((q) => [q.id, [q.records, q.rows, q.complete]]));
    expect(counts.get('failed-logins-by-geo')).toEqual([5, 3, true]);
    expect(counts.get('failed-logins-per-day')).toEqual([5, 7, true]);
    expect(counts.get('lockouts')).toEqual([1, 1, true]);
    expect(counts.get('role-grants')).toEqual([3, 3, true]);
    expect(counts.get('impersonations')).toEqual([0, 0, true]);
    const evidence = gunzipSync(await getObject(`${prefix}evidence/login-failures/part-0001.ndjson.gz`))
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; action: string });
    expect(evidence.map((e) => e.action).sort()).toEqual(
      [...Array(5).fill('LoginFailed'), 'LoginExceedMaxAttempts'].sort(),
    );
  });

  it('keeps audit markup out of the HTML', async () => {
    const html = (await getObject(`${prefix}report.html`)).toString('utf8');
    expect(html).not.toContain(hostileLogin);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;@evil.test');
    expect(html).toContain('&#x3D;HYPERLINK(&quot;http://evil.test&quot;,&quot;x&quot;)');
  });

  it('re-running the week rewrites the same bytes and sends no second email', async () => {
    const before = new Map<string, Buffer>();
    for (const key of await listKeys()) before.set(key, await getObject(key));
    const result = await run(['--week', '2026-W47']);
    expect(result?.email.status).toBe('already-sent');
    for (const key of await listKeys())
      expect((await getObject(key)).equals(before.get(key) ?? Buffer.alloc(0)), key).toBe(true);
    expect(await local.ses.emails()).toHaveLength(1);
  });

  it('--resend sends the email again', async () => {
    const result = await run(['--week', '2026-W47', '--resend']);
    expect(result?.email.status).toBe('sent');
    expect(await local.ses.emails()).toHaveLength(2);
  });

  it('refuses a week beyond the 30-day retention before any request', async () => {
    const before = local.descope.requests.length;
    await expect(run(['--week', '2026-W42'])).rejects.toThrow(/30-day audit retention/);
    expect(local.descope.requests.length).toBe(before);
  });

  it('names the bad variable and sends no request when configuration is invalid', async () => {
    const before = local.descope.requests.length;
    const env = { ...local.env, REPORT_RECIPIENTS: 'not-an-address', DESCOPE_AUDIT_RPM: 'fast' };
    await expect(run(['--week', '2026-W47'], env)).rejects.toThrow(
      /DESCOPE_AUDIT_RPM.*REPORT_RECIPIENTS|REPORT_RECIPIENTS.*DESCOPE_AUDIT_RPM/,
    );
    expect(local.descope.requests.length).toBe(before);
  });

  it('sends nothing when the report cannot be stored', async () => {
    const emailsBefore = (await local.ses.emails()).length;
    const env = { ...local.env, REPORT_BUCKET: 'no-such-bucket-here' };
    await expect(run(['--week', '2026-W46'], env)).rejects.toThrow(ReportStorageError);
    expect(await local.ses.emails()).toHaveLength(emailsBefore);
  });

  it('keeps the stored report and fails when the email cannot be sent', async () => {
    // A week of its own, about delivery, not the tables: one table.
    const env = {
      ...local.env,
      AWS_ENDPOINT_URL_SESV2: 'http://127.0.0.1:9',
      REPORT_QUERIES: JSON.stringify({ disable: disableAllBut('failed-logins-by-geo') }),
    };
    await expect(run(['--week', '2026-W46'], env)).rejects.toThrow(ReportDeliveryError);
    const keys = (
      await s3.send(
        new ListObjectsV2Command({ Bucket: LOCAL_BUCKET, Prefix: `reports/${LOCAL_PROJECT_ID}/2026-W46/` }),
      )
    ).Contents?.map((o) => o.Key?.split('/').pop());
    expect(keys).toContain('manifest.json');
    expect(keys).toContain('report.html');
    // The email's claim records the failure, so the next run may claim it and send.
    const delivery = JSON.parse(
      (await getObject(`reports/${LOCAL_PROJECT_ID}/2026-W46/delivery.json`)).toString(),
    );
    expect(delivery).toMatchObject({ status: 'failed' });
  });
});
