import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEvidenceDatabase } from '../../../functions/adapters/duckdb-query-engine.js';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import { findAddressSpikes } from '../../../functions/core/findings/address-findings.js';
import { findPrivilegedGrants } from '../../../functions/core/findings/privileged-grant-findings.js';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';
import type { QueryResult } from '../../../functions/core/report/report-model.js';
import { rowCount, shownRowLimit } from '../../../functions/core/report/rows-held.js';
import { CSV_LINE_COLUMN, withCsvLines } from '../../../functions/core/sql/csv-line-sql.js';
import { renderCsv } from '../../../functions/core/view/csv.js';
import type { SqlResult } from '../../../functions/weekly-report/aggregate/sql-aggregation.js';
import { TableSink } from '../../../functions/weekly-report/aggregate/table-sink.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { computeTables } from '../../support/compute-table.js';
import { builtinResult, TEST_WEEK } from '../../support/query-result-builder.js';

const byId = (id: string) => {
  const query = BUILTIN_QUERIES.find((q) => q.id === id);
  if (!query) throw new Error(id);
  return query;
};
const LOGIN_TABLES = ['failed-logins-by-ip', 'failed-logins-by-login-id', 'failed-logins-by-geo'].map(byId);

/** A stuffing week: `n` failed logins, each with its own login ID and address, tenants alternating. */
const stuffing = (n: number): AuditRecord[] =>
  Array.from({ length: n }, (_, i) =>
    auditRecord({
      occurred: TEST_WEEK.from + i * 1000,
      geo: i % 3 === 0 ? 'DE' : 'US',
      remoteAddress: `10.0.${i >> 8}.${i & 255}`,
      loginIds: [i % 7 === 0 ? `=HYPERLINK("x${i}")` : `victim-${i}@example.com`],
      tenants: [i % 2 === 0 ? 'alpha' : 'bravo'],
    }),
  ).concat(
    // One address far above the others.
    Array.from({ length: 40 }, (_, i) =>
      auditRecord({
        occurred: TEST_WEEK.from + i,
        geo: 'VN',
        remoteAddress: '198.51.100.7',
        tenants: ['alpha'],
      }),
    ),
  );

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'streamed-tables-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const asResult = (r: SqlResult): QueryResult => ({
  ...r,
  evidenceFile: 'evidence/login-failures.ndjson.gz',
  complete: true,
  gaps: [],
});

describe('tables streamed to CSV files', () => {
  it('writes every row to the CSV, byte for byte what the whole table renders, and holds only the shown rows', async () => {
    const records = stuffing(3_000);
    const whole = await computeTables(LOGIN_TABLES, records, TEST_WEEK, {});
    const streamed = await computeTables(
      LOGIN_TABLES,
      records,
      TEST_WEEK,
      {},
      { directory, addressMinimum: 20 },
    );
    const pairs = [
      ...whole.project.map((w, i) => [w, streamed.project[i]] as const),
      ...['alpha', 'bravo'].flatMap((t) =>
        (whole.byTenant.get(t) ?? []).map((w, i) => [w, streamed.byTenant.get(t)?.[i]] as const),
      ),
    ];
    expect(pairs).toHaveLength(9);
    for (const [full, kept] of pairs) {
      if (!kept?.csv) throw new Error(`${full.query.id} has no CSV file`);
      const bytes = await readFile(kept.csv.path);
      expect(bytes.toString('utf8')).toBe(renderCsv(full.table));
      expect(kept.csv).toMatchObject({
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
      expect(kept.records).toBe(full.records);
      expect(rowCount(kept.table)).toBe(full.table.rows.length);
      // The HTML's rows (a group's `top`), or every row of a table the findings read.
      const held =
        full.query.id === 'failed-logins-by-geo' ? full.table.rows.length : shownRowLimit(full.query);
      expect(held).toBeLessThan(100);
      expect(kept.table.rows).toEqual(full.table.rows.slice(0, held));
    }
    const [ip] = streamed.project;
    if (!ip) throw new Error('no by-address result');
    expect(ip.table.rows).toHaveLength(shownRowLimit(ip.query));
    expect(rowCount(ip.table)).toBe(3_001);
    // Each tenant's address totals count only its own records.
    expect(streamed.byTenant.get('alpha')?.[0]?.addressTotals).toEqual({
      addresses: 1_501,
      median: 1,
      heavy: [{ address: '198.51.100.7', count: 40, geos: ['VN'] }],
    });
    expect(streamed.byTenant.get('bravo')?.[0]?.addressTotals).toEqual({
      addresses: 1_500,
      median: 1,
      heavy: [],
    });
    // Tenant files live in the tenant's own folder.
    expect(streamed.byTenant.get('alpha')?.[0]?.csv?.path).toBe(
      join(directory, 'tenants', 'alpha', 'failed-logins-by-ip.csv'),
    );
  });

  it('finds the address spike from totals over the whole table, not the rows held', async () => {
    const records = stuffing(3_000);
    const streamed = await computeTables(LOGIN_TABLES, records, TEST_WEEK, undefined, {
      directory,
      addressMinimum: 20,
    });
    const ip = streamed.project[0];
    if (!ip) throw new Error('no by-address result');
    expect(ip.addressTotals).toEqual({
      addresses: 3_001,
      median: 1,
      heavy: [{ address: '198.51.100.7', count: 40, geos: ['VN'] }],
    });
    const outcome = findAddressSpikes(asResult(ip), 3, 20);
    expect(outcome.findings.map((f) => f.title)).toEqual(['Failed-login spike from address 198.51.100.7']);
  });

  it('leaves a finding not evaluated, with the reason, when its table holds more rows than it reads', async () => {
    const grants = await builtinResult('role-grants', []);
    const partial: QueryResult = {
      ...grants,
      table: { ...grants.table, rows: [], rowCount: 60_000 },
    };
    expect(findPrivilegedGrants(partial, ['Tenant Admin']).status).toBe(
      'not evaluated: the table has 60000 rows, more than the 0 a finding reads; every row is in its CSV',
    );
  });
});

describe('TableSink', () => {
  const columns = { table: ['geo', 'failed_logins'], line: CSV_LINE_COLUMN, count: 'failed_logins' };

  it('writes a header-only CSV for a table without rows', async () => {
    const empty = new TableSink(columns, 10, join(directory, 'empty.csv'));
    const out = await empty.finish();
    const bytes = await readFile(join(directory, 'empty.csv'));
    expect(bytes.toString('utf8')).toBe(renderCsv({ columns: columns.table, rows: [] }));
    expect(out.counted).toBe(0);
    expect(out.csv).toEqual({
      path: join(directory, 'empty.csv'),
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  it('holds the first rows, sums the count column over every row, and takes a chunk in parts', async () => {
    const db = await openEvidenceDatabase([], directory, { threads: 1 });
    try {
      const table = `SELECT * FROM (VALUES ('DE', 5), ('US', 3), ('-cmd', 2)) AS t(geo, failed_logins)`;
      const stream = await db.streamTable(
        withCsvLines(table, [
          { name: 'geo', kind: 'text' },
          { name: 'failed_logins', kind: 'count' },
        ]),
      );
      const sink = new TableSink(columns, 1, join(directory, 'parts.csv'));
      for await (const chunk of stream.chunks) {
        await sink.add(chunk, 0, 2);
        await sink.add(chunk, 2, chunk.size);
      }
      const done = await sink.finish();
      expect(done.counted).toBe(10);
      expect(done.table).toEqual({ columns: columns.table, rows: [['DE', 5]], rowCount: 3 });
      expect(await readFile(join(directory, 'parts.csv'), 'utf8')).toBe(
        renderCsv({
          columns: columns.table,
          rows: [
            ['DE', 5],
            ['US', 3],
            ['-cmd', 2],
          ],
        }),
      );
    } finally {
      db.close();
    }
  });
});
