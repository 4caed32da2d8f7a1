import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { computeTables } from '../../support/compute-table.js';
import { TEST_WEEK } from '../../support/query-result-builder.js';

const lockouts = BUILTIN_QUERIES.filter((q) => q.id === 'lockouts');
/** `count` records naming `tenant`. */
const named = (tenant: string, count: number) =>
  Array.from({ length: count }, () => auditRecord({ action: 'LoginExceedMaxAttempts', tenants: [tenant] }));

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tenant-census-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

describe('choosing the tenants of the week before any per-tenant work', () => {
  const records = [
    ...named('T-quiet', 1),
    ...named('T-busy', 5),
    ...named('T-mid', 3),
    ...named('T-mailed', 1),
    ...named('../../etc', 2),
    ...named('constructor', 4),
  ];

  it('takes tenants with recipients first, then the most events, then by ID, up to maxReports', async () => {
    const tables = await computeTables(lockouts, records, TEST_WEEK, {
      recipients: ['T-mailed', 'T-silent'],
      maxReports: 4,
    });
    // T-silent has recipients but no records: it still gets its (empty) report.
    expect(tables.census?.reported).toEqual(['T-busy', 'T-mailed', 'T-silent', 'constructor']);
    expect([...tables.byTenant.keys()].sort()).toEqual(['T-busy', 'T-mailed', 'T-silent', 'constructor']);
    expect(tables.census?.notReported).toMatchObject({
      tenants: 2,
      records: 4,
      table: {
        columns: ['tenant_id', 'records'],
        rows: [
          ['T-mid', 3],
          ['T-quiet', 1],
        ],
      },
    });
    expect([...(tables.census?.rejected ?? [])]).toEqual([['../../etc', 2]]);
  });

  it('does no per-tenant work for a tenant past the cap', async () => {
    const tables = await computeTables(lockouts, records, TEST_WEEK, { maxReports: 1 }, { directory });
    expect([...tables.byTenant.keys()]).toEqual(['T-busy']);
    // Only the reported tenant has a table file; the rest are one CSV listing them all.
    const listed = await readFile(join(directory, 'tenants-not-reported.csv'), 'utf8');
    expect(listed.trim().split('\r\n')).toEqual([
      '"tenant_id","records"',
      '"constructor",4',
      '"T-mid",3',
      '"T-mailed",1',
      '"T-quiet",1',
    ]);
    await expect(readFile(join(directory, 'tenants', 'T-mid', 'lockouts.csv'))).rejects.toThrow();
  });

  it('reports only included tenants, with or without records', async () => {
    const tables = await computeTables(lockouts, records, TEST_WEEK, { include: ['T-quiet', 'T-none'] });
    expect(tables.census?.reported).toEqual(['T-none', 'T-quiet']);
    expect(tables.census?.notReported.tenants).toBe(0);
  });
});
