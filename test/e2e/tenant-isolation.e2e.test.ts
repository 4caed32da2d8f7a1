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
import type { StoredEmail } from '../../functions/local/ses-stand-in.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const week = parseIsoWeek('2026-W47');
const now = Date.parse('2026-11-25T10:00:00Z');
const prefix = `reports/${LOCAL_PROJECT_ID}/2026-W47/`;

/** Tenant IDs an attacker would pick (Object.prototype members) and two plain ones. */
const TENANTS = ['constructor', '__proto__', 'tenant-alpha', 'tenant-bravo'] as const;
const recipientOf = (tenant: string) => `sec-${tenant.replaceAll('_', 'u')}@tenants.example`;

let n = 0;
const record = (fields: Partial<AuditRecord> & Pick<AuditRecord, 'action'>): AuditRecord => {
  n += 1;
  return {
    id: `iso-${String(n).padStart(3, '0')}`,
    projectId: LOCAL_PROJECT_ID,
    userId: `U${n}`,
    occurred: week.from + n * 3_600_000,
    device: 'Desktop',
    method: 'password',
    geo: 'US',
    remoteAddress: `198.51.100.${n}`,
    loginIds: [`user${n}@example.com`],
    tenants: [],
    data: {},
    type: 'info',
    actorId: 'admin@example.com',
    ...fields,
  };
};
const failed = (tenants: string[], loginId: string, geo: string) =>
  record({ action: 'LoginFailed', type: 'warn', tenants, loginIds: [loginId], geo, userId: loginId });

/** The user who belongs to both prototype-named tenants. */
const BOTH = { userId: 'hasOwnProperty', loginIds: ['toString'] };
const ONE_MB = 1024 * 1024;

const records: AuditRecord[] = [
  // Object.prototype member names as login IDs, users and countries.
  failed(['constructor'], 'toString', 'valueOf'),
  failed(['constructor'], 'valueOf', 'valueOf'),
  failed(['constructor'], '__defineGetter__', 'isPrototypeOf'),
  failed(['__proto__'], 'toString', 'valueOf'),
  failed(['__proto__'], 'toLocaleString', 'propertyIsEnumerable'),
  // One event naming several tenants: in each report, with the other IDs removed.
  failed(['constructor', '__proto__', 'tenant-alpha'], 'isPrototypeOf', 'valueOf'),
  failed([], 'hasOwnProperty', 'valueOf'),
  failed(['tenant-alpha'], 'alpha@example.com', 'DE'),
  failed(['tenant-bravo'], 'bravo@example.com', 'FR'),
  record({ action: 'LoginExceedMaxAttempts', type: 'warn', tenants: ['__proto__', 'tenant-bravo'] }),
  // The user of two tenants is made Tenant Admin in one of them.
  record({
    action: 'UserModified',
    ...BOTH,
    tenants: ['constructor', '__proto__'],
    data: {
      Change: { added_multi_tenant_roles: [{ tenantId: 'constructor', roleNames: ['Tenant Admin'] }] },
    },
  }),
  // Tenant roles given as an object of tenant → roles, one per tenant.
  record({
    action: 'UserModified',
    userId: 'U-ab',
    tenants: ['tenant-alpha', 'tenant-bravo'],
    data: {
      Change: { added_multi_tenant_roles: { 'tenant-alpha': ['Tenant Admin'], 'tenant-bravo': ['viewer'] } },
    },
  }),
  // A project-wide role granted to a user of a tenant: only in the project report.
  record({
    action: 'UserModified',
    ...BOTH,
    tenants: ['__proto__'],
    data: { Change: { added_roles: ['owner'] } },
  }),
  record({
    action: 'SCIMEvent',
    tenants: ['tenant-alpha'],
    data: { scim_action: 'create', scim_result: { userName: 'alpha@example.com' } },
  }),
  record({
    action: 'SCIMEvent',
    tenants: ['tenant-bravo'],
    data: { scim_action: 'create', error: 'uniqueness' },
  }),
  // A 1 MB record (the IdP controls the SCIM request body).
  record({
    action: 'SCIMEvent',
    tenants: ['tenant-bravo'],
    data: { scim_action: 'replace', scim_request: `{"note":"${'x'.repeat(ONE_MB)}"}`, error: 'too large' },
  }),
];

const catalog = {
  privilegedRoles: ['Tenant Admin', 'owner'],
  tenants: { enabled: true, recipients: Object.fromEntries(TENANTS.map((t) => [t, [recipientOf(t)]])) },
  queries: [
    {
      // A query whose filter names tenants: each tenant's summary must name only its own.
      id: 'named-tenants',
      title: 'Failed logins of the named tenants',
      filter: { actions: ['LoginFailed'], tenants: [...TENANTS] },
      where: [{ field: 'tenants', notIn: ['tenant-bravo'] }],
      aggregation: { kind: 'rows', columns: [{ column: 'login_ids', field: 'loginIds' }] },
    },
    {
      // Change details shown raw: a tenant must not see another tenant's part of them.
      id: 'change-details',
      title: 'Change details',
      filter: { actions: ['UserModified', 'UsersModified'] },
      collection: 'role-changes',
      aggregation: {
        kind: 'rows',
        columns: [
          { column: 'occurred', field: 'occurred' },
          { column: 'change', field: 'data.Change' },
          { column: 'tenants', field: 'tenants' },
        ],
      },
    },
  ],
};

let local: LocalEnvironment;
let s3: S3Client;
let emails: StoredEmail[];

async function getText(key: string): Promise<string> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key: key }));
  const bytes = (await answer.Body?.transformToByteArray()) ?? new Uint8Array();
  // A compressed file a tenant folder may hold is read as what it holds, never as gzip bytes.
  return (key.endsWith('.gz') ? gunzipSync(bytes) : Buffer.from(bytes)).toString('utf8');
}
async function listKeys(under: string): Promise<string[]> {
  const answer = await s3.send(new ListObjectsV2Command({ Bucket: LOCAL_BUCKET, Prefix: under }));
  return (answer.Contents ?? []).map((o) => o.Key ?? '').sort();
}
const csv = async (key: string) => parse(await getText(key), { columns: true }) as Record<string, string>[];
const tenantPrefix = (tenant: string) => `${prefix}tenants/${tenant}/`;
const emailTo = (address: string) => emails.filter((e) => e.destination.to.includes(address));

beforeAll(async () => {
  local = await startLocalEnvironment({
    records,
    now: () => now,
    rateLimit: { requests: 600, windowMs: 60_000 },
  });
  s3 = standInS3Client(local.s3.endpoint);
  // The catalog travels as JSON text: `__proto__` stays a key.
  const env = { ...local.env, DESCOPE_AUDIT_RPM: '600', REPORT_QUERIES: JSON.stringify(catalog) };
  const io = { print: () => {}, error: () => {}, now: () => now };
  const result = await runCli(['--week', '2026-W47'], env, io);
  expect(result?.complete).toBe(true);
  emails = await local.ses.emails();
}, 60_000);

afterAll(async () => {
  s3?.destroy();
  await local?.close();
});

describe('tenant isolation', () => {
  it.each(TENANTS)(
    '%s: report, CSVs, summary, manifest, findings and email never name another tenant',
    async (tenant) => {
      const keys = await listKeys(tenantPrefix(tenant));
      expect(keys.map((k) => k.slice(tenantPrefix(tenant).length))).toEqual(
        expect.arrayContaining([
          'report.html',
          'summary.json',
          'manifest.json',
          'gaps.csv',
          'delivery.json',
          'lockouts.csv',
        ]),
      );
      const [email] = emailTo(recipientOf(tenant));
      expect(email?.destination.to).toEqual([recipientOf(tenant)]);
      const texts = [
        ...(await Promise.all(keys.map(getText))),
        email?.subject ?? '',
        email?.body.text ?? '',
        email?.body.html ?? '',
      ];
      for (const other of TENANTS.filter((t) => t !== tenant)) {
        for (const [i, text] of texts.entries())
          expect(text, `${keys[i] ?? 'email'} names ${other}`).not.toContain(other);
      }
    },
  );

  it('lists an event naming several tenants in each of them, with only that tenant in its tenants column', async () => {
    for (const tenant of ['constructor', '__proto__', 'tenant-alpha']) {
      const rows = await csv(`${tenantPrefix(tenant)}failed-logins-by-login-id.csv`);
      expect(rows.find((r) => r.login_id === 'isPrototypeOf')?.failed_logins, tenant).toBe('1');
    }
    expect((await csv(`${tenantPrefix('tenant-bravo')}lockouts.csv`)).map((r) => r.tenants)).toEqual([
      'tenant-bravo',
    ]);
    expect((await csv(`${tenantPrefix('__proto__')}lockouts.csv`)).map((r) => r.tenants)).toEqual([
      '__proto__',
    ]);
    // The project report names every tenant of the event.
    expect((await csv(`${prefix}lockouts.csv`)).map((r) => r.tenants)).toEqual(['__proto__; tenant-bravo']);
  });

  it('counts a role change only in the tenant it was made in, project-wide roles only project-wide', async () => {
    const grants = async (at: string) =>
      (await csv(`${at}role-grants.csv`)).map((r) => [r.login_ids, r.role, r.tenant, r.scope]);
    expect(await grants(tenantPrefix('constructor'))).toEqual([
      ['toString', 'Tenant Admin', 'constructor', 'tenant'],
    ]);
    expect(await grants(tenantPrefix('__proto__'))).toEqual([]);
    expect(await grants(tenantPrefix('tenant-alpha'))).toEqual([
      ['user12@example.com', 'Tenant Admin', 'tenant-alpha', 'tenant'],
    ]);
    expect(await grants(tenantPrefix('tenant-bravo'))).toEqual([
      ['user12@example.com', 'viewer', 'tenant-bravo', 'tenant'],
    ]);
    expect(await grants(prefix)).toEqual([
      ['toString', 'Tenant Admin', 'constructor', 'tenant'],
      ['user12@example.com', 'Tenant Admin', 'tenant-alpha', 'tenant'],
      ['user12@example.com', 'viewer', 'tenant-bravo', 'tenant'],
      ['toString', 'owner', '', 'project'],
    ]);
  });
});

describe('a week of tenants and login IDs named after Object.prototype members', () => {
  it('produces exact numbers, project-wide and per tenant', async () => {
    const byGeo = async (at: string) =>
      (await csv(`${at}failed-logins-by-geo.csv`)).map((r) => [r.geo, r.failed_logins, r.distinct_login_ids]);
    expect(await byGeo(prefix)).toEqual([
      ['valueOf', '5', '4'],
      ['DE', '1', '1'],
      ['FR', '1', '1'],
      ['isPrototypeOf', '1', '1'],
      ['propertyIsEnumerable', '1', '1'],
    ]);
    expect(await byGeo(tenantPrefix('constructor'))).toEqual([
      ['valueOf', '3', '3'],
      ['isPrototypeOf', '1', '1'],
    ]);
    expect(await byGeo(tenantPrefix('__proto__'))).toEqual([
      ['valueOf', '2', '2'],
      ['propertyIsEnumerable', '1', '1'],
    ]);
    const summary = JSON.parse(await getText(`${tenantPrefix('__proto__')}summary.json`)) as {
      scope: unknown;
      queries: Array<{ id: string; records: number }>;
    };
    expect(summary.scope).toEqual({ kind: 'tenant', tenantId: '__proto__' });
    expect(summary.queries.find((q) => q.id === 'lockouts')?.records).toBe(1);
    expect(summary.queries.find((q) => q.id === 'role-grants')?.records).toBe(2);
    // The 1 MB record is read, counted and listed whole in its tenant's failures.
    const failures = await csv(`${tenantPrefix('tenant-bravo')}scim-failures.csv`);
    expect(failures).toHaveLength(2);
    expect(failures.map((r) => Object.values(r).join('').length).sort((a, b) => b - a)[0]).toBeGreaterThan(
      ONE_MB,
    );
    expect(await csv(`${tenantPrefix('tenant-alpha')}scim-failures.csv`)).toHaveLength(0);
  });

  it('sends every email, each tenant its own, and the grant finding only where it was made', () => {
    expect(emails.map((e) => e.destination.to.join()).sort()).toEqual(
      ['security-lead@example.com,auditor@example.com', ...TENANTS.map(recipientOf)].sort(),
    );
    const subject = (tenant: string) => emailTo(recipientOf(tenant))[0]?.subject;
    expect(subject('constructor')).toMatch(
      /^Descope audit report 2026-W47 · tenant constructor · \d+ findings?$/,
    );
    expect(emailTo(recipientOf('constructor'))[0]?.body.text).toContain(
      'Privileged role granted: Tenant Admin\n  To toString in tenant constructor',
    );
    expect(emailTo(recipientOf('__proto__'))[0]?.body.text).not.toContain('Privileged role granted');
    const project = emailTo('security-lead@example.com')[0]?.body.text ?? '';
    expect(project).toContain('Privileged role granted: owner');
    expect(project).toContain('Privileged role granted: Tenant Admin');
  });

  it('lists every tenant report in the project report, prototype-named ones included', async () => {
    const html = await getText(`${prefix}report.html`);
    for (const tenant of TENANTS) expect(html).toContain(`href="tenants/${tenant}/report.html"`);
    const manifest = JSON.parse(await getText(`${prefix}manifest.json`)) as {
      files: Array<{ name: string }>;
    };
    expect(manifest.files.map((f) => f.name)).toEqual(
      expect.arrayContaining(TENANTS.map((t) => `tenants/${t}/manifest.json`)),
    );
  });
});
