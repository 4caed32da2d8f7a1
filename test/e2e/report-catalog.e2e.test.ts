import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordCondition } from '../../functions/core/catalog/query-definition.js';
import { isSafeTenantId } from '../../functions/core/catalog/tenant-id.js';
import { parseIsoWeek } from '../../functions/core/period/period.js';
import type { AuditRecord } from '../../functions/core/records/audit-record.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import { meetsConditions } from '../support/reference-conditions.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const week = parseIsoWeek('2026-W47');
const now = Date.parse('2026-11-25T10:00:00Z');
const prefix = `reports/${LOCAL_PROJECT_ID}/2026-W47/`;
const MARKUP = '<img src=x onerror=alert(1)>';
const ESCAPED_MARKUP = '&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;';
const FORMULA_START = /^[=+\-@\t\r]/;

let n = 0;
const record = (fields: Partial<AuditRecord> & Pick<AuditRecord, 'action'>): AuditRecord => {
  n += 1;
  return {
    id: `cat-${String(n).padStart(4, '0')}`,
    projectId: LOCAL_PROJECT_ID,
    userId: `U${n}`,
    occurred: week.from + n * 60_000,
    device: 'Desktop',
    method: 'password',
    geo: 'US',
    remoteAddress: `198.51.100.${n}`,
    loginIds: [`user${n}@example.com`],
    tenants: [],
    data: {},
    type: 'info',
    actorId: '',
    ...fields,
  };
};

/** Every kind of event the catalog reads, with formula- and markup-shaped values in every free-text field. */
const records: AuditRecord[] = [
  record({ action: 'LoginFailed', tenants: ['T1'], geo: 'DE' }),
  record({ action: 'LoginFailed', tenants: ['T1'], geo: 'DE', method: '=cmd|"/c calc"!A1' }),
  record({ action: 'LoginFailed', tenants: ['T1'], geo: MARKUP, loginIds: [`-${MARKUP}@evil.test`] }),
  record({ action: 'LoginFailed', tenants: ['T2'], geo: '+DE', remoteAddress: '@198.51.100.9' }),
  record({ action: 'LoginFailed', tenants: ['T2'], geo: 'DE', device: 'Bot' }),
  record({ action: 'LoginFailed', tenants: ['T1', 'T2'], geo: 'FR' }),
  record({ action: 'LoginFailed', tenants: [], geo: 'NZ' }),
  record({ action: 'LoginFailed', tenants: [], geo: 'NZ' }),
  record({ action: 'LoginFailed', tenants: ['../../evil'], geo: 'DE' }),
  record({
    action: 'LoginExceedMaxAttempts',
    tenants: ['T1'],
    data: { error_message: '=HYPERLINK("http://evil.test","x")' },
  }),
  record({ action: 'LoginSucceed', method: 'Impersonate', actorId: `@${MARKUP}`, tenants: ['T2'] }),
  record({
    action: 'UserModified',
    tenants: ['T1'],
    actorId: '\t=tab',
    data: { Change: { added_roles: ['=evil-role', MARKUP], removed_roles: ['+revoked'] } },
  }),
  record({ action: 'UserCreated', tenants: ['T2'], actorId: '=actor', loginIds: [MARKUP] }),
  record({ action: 'UsersDeleted', userId: '', loginIds: [], data: { count: '-12' } }),
  record({ action: 'AccessKeyCreated', tenants: ['T1'], data: { key_id: '=key', name: MARKUP } }),
  record({
    action: 'SCIMEvent',
    tenants: ['T1'],
    data: {
      scim_action: '@create',
      scim_request: '-POST /scim',
      error: `=err ${MARKUP}`,
    },
  }),
  record({ action: 'PermissionModified', data: { permission_id: '+perm:write' } }),
  record({ action: 'AcmeExportRequested', tenants: ['T2'], data: { format: '=csv', rows: 12 } }),
  record({ action: 'AcmeExportRequested', tenants: [], data: { format: MARKUP, rows: 3 } }),
];

/** Added only through configuration: no code knows this query. */
const catalog = {
  disable: ['failed-logins-by-device'],
  privilegedRoles: ['=evil-role'],
  tenants: { enabled: true, recipients: { T1: ['security@t1.example'] } },
  queries: [
    {
      id: 'data-exports',
      title: 'Data exports requested',
      headline: 'Data exports',
      controls: ['SOC 2 C1.1'],
      filter: { actions: ['AcmeExportRequested'] },
      aggregation: {
        kind: 'rows',
        columns: [
          { column: 'occurred', field: 'occurred' },
          { column: 'user_id', field: 'userId' },
          { column: 'format', field: 'data.format' },
          { column: 'rows', field: 'data.rows' },
        ],
      },
    },
  ],
};

let local: LocalEnvironment;
let s3: S3Client;

async function getObject(key: string): Promise<Buffer> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key: key }));
  return Buffer.from(await (answer.Body?.transformToByteArray() ?? new Uint8Array()));
}
async function listKeys(): Promise<string[]> {
  const answer = await s3.send(new ListObjectsV2Command({ Bucket: LOCAL_BUCKET, Prefix: prefix }));
  return (answer.Contents ?? []).map((o) => o.Key ?? '').sort();
}
const text = async (key: string) => (await getObject(key)).toString('utf8');
const csv = async (key: string) => parse(await getObject(key), { columns: true }) as Record<string, string>[];

interface Summary {
  queries: Array<{
    id: string;
    records: number;
    filter: { actions?: string[]; methods?: string[] };
    where: RecordCondition[];
  }>;
  tenants?: { reports: Array<{ tenantId: string }>; rejected: Array<{ tenantId: string; records: number }> };
}

beforeAll(async () => {
  local = await startLocalEnvironment({
    records,
    now: () => now,
    rateLimit: { requests: 600, windowMs: 60_000 },
  });
  s3 = standInS3Client(local.s3.endpoint);
  const env = { ...local.env, DESCOPE_AUDIT_RPM: '600', REPORT_QUERIES: JSON.stringify(catalog) };
  const io = { print: () => {}, error: () => {}, now: () => now };
  const result = await runCli(['--week', '2026-W47'], env, io);
  expect(result?.complete).toBe(true);
});

afterAll(async () => {
  s3?.destroy();
  await local?.close();
});

describe('a catalog configured without code', () => {
  it('adds a custom query with its CSV, section and evidence, and leaves out a disabled one', async () => {
    const keys = await listKeys();
    expect(keys).toContain(`${prefix}data-exports.csv`);
    expect(keys).toContain(`${prefix}evidence/data-exports/part-0001.ndjson.gz`);
    expect(keys).not.toContain(`${prefix}failed-logins-by-device.csv`);
    expect((await csv(`${prefix}data-exports.csv`)).map((r) => [r.format, r.rows])).toEqual([
      ["'=csv", '12'],
      [MARKUP, '3'],
    ]);
    const html = await text(`${prefix}report.html`);
    expect(html).toContain('<section id="data-exports"');
    expect(html).toMatch(/<div class="label">Data exports<\/div>\s*<div class="value">2<\/div>/);
  });

  it('raises findings from configured privileged roles', async () => {
    const emails = await local.ses.emails();
    const project = emails.find((e) => e.destination.to.includes('security-lead@example.com'));
    expect(project?.body.text).toContain('Privileged role granted: =evil-role');
  });
});

describe('per-tenant reports', () => {
  it('stores each tenant’s report under its prefix, listed in its own and the project manifest', async () => {
    const keys = await listKeys();
    for (const tenant of ['T1', 'T2']) {
      const tenantPrefix = `${prefix}tenants/${tenant}/`;
      const manifest = JSON.parse(await text(`${tenantPrefix}manifest.json`)) as {
        files: Array<{ name: string; bytes: number; sha256: string }>;
      };
      expect(manifest.files.map((f) => f.name)).toContain('data-exports.csv');
      for (const file of manifest.files) {
        const body = await getObject(`${tenantPrefix}${file.name}`);
        expect(createHash('sha256').update(body).digest('hex')).toBe(file.sha256);
      }
    }
    const project = JSON.parse(await text(`${prefix}manifest.json`)) as { files: Array<{ name: string }> };
    expect(project.files.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'tenants/T1/report.html',
        'tenants/T1/manifest.json',
        'tenants/T2/summary.json',
      ]),
    );
    // The refused tenant ID got no folder anywhere and is named in the project report.
    expect(keys.filter((k) => k.includes('evil'))).toEqual([]);
    const summary = JSON.parse(await text(`${prefix}summary.json`)) as Summary;
    expect(summary.tenants?.rejected).toEqual([{ tenantId: '../../evil', records: 1 }]);
    expect(await text(`${prefix}report.html`)).toContain(
      'Tenant ID &quot;../../evil&quot; (1 record) cannot name a folder',
    );
  });

  it('sums to the project-wide numbers for the events that name a tenant', async () => {
    const project = JSON.parse(await text(`${prefix}summary.json`)) as Summary;
    const tenants = await Promise.all(
      ['T1', 'T2'].map(async (t) => JSON.parse(await text(`${prefix}tenants/${t}/summary.json`)) as Summary),
    );
    for (const query of project.queries) {
      // Expected from the raw evidence: each record counts once for every (usable) tenant it names.
      const expected = records
        .filter((r) => r.occurred >= week.from && r.occurred < week.to)
        .filter((r) => query.filter.actions?.includes(r.action) ?? true)
        .filter((r) => query.filter.methods?.includes(r.method) ?? true)
        .filter((r) => meetsConditions(r, query.where))
        .reduce((sum, r) => sum + r.tenants.filter(isSafeTenantId).length, 0);
      const summed = tenants.reduce(
        (sum, t) => sum + (t.queries.find((q) => q.id === query.id)?.records ?? 0),
        0,
      );
      expect(summed, query.id).toBe(expected);
    }
    const geo = async (key: string) =>
      Object.fromEntries((await csv(key)).map((r) => [r.geo, Number(r.failed_logins)]));
    expect(await geo(`${prefix}tenants/T1/failed-logins-by-geo.csv`)).toEqual({ DE: 2, FR: 1, [MARKUP]: 1 });
    expect(await geo(`${prefix}tenants/T2/failed-logins-by-geo.csv`)).toEqual({ "'+DE": 1, DE: 1, FR: 1 });
    // Events without a tenant are only in the project-wide report.
    expect((await geo(`${prefix}failed-logins-by-geo.csv`)).NZ).toBe(2);
  });

  it('mails a tenant its own report only when it has recipients', async () => {
    const emails = await local.ses.emails();
    // Every country is new (no earlier weeks), plus, project-wide only, the privileged grant (a
    // project role: it counts in no tenant's report) and the impersonation.
    expect(emails.map((e) => [e.destination.to.join(), e.subject]).sort()).toEqual([
      ['security-lead@example.com,auditor@example.com', 'Descope audit report 2026-W47 · 7 findings'],
      ['security@t1.example', 'Descope audit report 2026-W47 · tenant T1 · 3 findings'],
    ]);
    const keys = await listKeys();
    expect(keys).toContain(`${prefix}tenants/T1/delivery.json`);
    expect(keys).not.toContain(`${prefix}tenants/T2/delivery.json`);
  });
});

describe('hostile audit values', () => {
  it('are neutralised in every CSV, project-wide and per tenant', async () => {
    const files = (await listKeys()).filter((k) => k.endsWith('.csv'));
    expect(files.length).toBeGreaterThan(40);
    let quoted = 0;
    for (const key of files) {
      for (const row of parse(await getObject(key), { relax_column_count: false }) as string[][]) {
        for (const cell of row) {
          expect(cell, `${key}: ${cell}`).not.toMatch(FORMULA_START);
          if (/^'[=+\-@\t\r]/.test(cell)) quoted += 1;
        }
      }
    }
    expect(quoted).toBeGreaterThan(20);
    const lockouts = await csv(`${prefix}lockouts.csv`);
    expect(lockouts[0]?.reason).toBe(`'=HYPERLINK("http://evil.test","x")`);
  });

  it('are escaped in every HTML report and email', async () => {
    const pages = (await listKeys()).filter((k) => k.endsWith('report.html'));
    expect(pages).toHaveLength(3);
    const emails = (await local.ses.emails()).map((e) => e.body.html ?? '');
    for (const html of [...(await Promise.all(pages.map(text))), ...emails]) {
      expect(html).not.toContain(MARKUP);
      expect(html).not.toMatch(/<img|<script|onerror=/);
    }
    const report = await text(`${prefix}report.html`);
    expect(report).toContain(ESCAPED_MARKUP);
    // The geo chart draws the hostile country name as escaped text.
    expect(report).toMatch(new RegExp(`<text class="axis"[^>]*>${ESCAPED_MARKUP.slice(0, 20)}`));
  });

  it('re-running rewrites every file, tenants’ included, byte for byte, and mails no one twice', async () => {
    const before = new Map<string, Buffer>();
    for (const key of await listKeys()) before.set(key, await getObject(key));
    const emails = (await local.ses.emails()).length;
    const env = { ...local.env, DESCOPE_AUDIT_RPM: '600', REPORT_QUERIES: JSON.stringify(catalog) };
    const io = { print: () => {}, error: () => {}, now: () => now };
    const again = await runCli(['--week', '2026-W47'], env, io);
    expect(again?.tenants.map((t) => t.email.status)).toEqual(['already-sent', 'not-sent']);
    expect(await listKeys()).toEqual([...before.keys()]);
    for (const [key, body] of before) expect((await getObject(key)).equals(body), key).toBe(true);
    expect(await local.ses.emails()).toHaveLength(emails);
  });

  it('keep the evidence verbatim', async () => {
    const lines = gunzipSync(await getObject(`${prefix}evidence/administration/part-0001.ndjson.gz`))
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { data: Record<string, unknown> });
    expect(lines.some((l) => l.data.key_id === '=key')).toBe(true);
  });
});
