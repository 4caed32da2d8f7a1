import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import {
  type QueryDefinition,
  sqlQueryDefinitionSchema,
} from '../../../functions/core/catalog/query-definition.js';
import { renderCsv } from '../../../functions/core/view/csv.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { computeTables } from '../../support/compute-table.js';
import { TEST_WEEK } from '../../support/query-result-builder.js';

const sqlQuery = (id: string, sql: string): QueryDefinition =>
  sqlQueryDefinitionSchema.parse({ id, title: id, sql });
const byGeo = BUILTIN_QUERIES.find((q) => q.id === 'failed-logins-by-geo');
if (!byGeo) throw new Error('failed-logins-by-geo is a built-in query');

// The statements below order by id: set here, since the builder numbers records per worker (an id
// past a power of ten would sort before the others).
const records = [
  auditRecord({ id: 'csql-1', geo: 'DE', tenants: ['T1'], data: { attempts: '3' } }),
  auditRecord({ id: 'csql-2', geo: 'DE', tenants: ['T2'], data: { attempts: '4' } }),
  auditRecord({ id: 'csql-3', geo: 'FR', tenants: ['T1'], data: { attempts: '=1+1' } }),
  auditRecord({ id: 'csql-4', geo: 'constructor', tenants: [], data: {} }),
];

describe('custom SQL queries in a run', () => {
  it('give exactly their statement’s result, with DuckDB’s column names, over every record', async () => {
    const query = sqlQuery(
      'by-geo',
      `SELECT geo AS "Country", count(*) AS n, string_agg(data->>'$.attempts', '|' ORDER BY id) AS attempts
FROM records GROUP BY geo ORDER BY n DESC, geo`,
    );
    const { project } = await computeTables([query], records, TEST_WEEK);
    expect(project).toEqual([
      {
        query,
        sql: query.aggregation.kind === 'sql' ? query.aggregation.sql : '',
        records: 4,
        table: {
          columns: ['Country', 'n', 'attempts'],
          rows: [
            ['DE', 2, '3|4'],
            ['FR', 1, '=1+1'],
            ['constructor', 1, ''],
          ],
        },
      },
    ]);
  });

  it('keep integers beyond 2^53 exact, as text', async () => {
    const query = sqlQuery(
      'big',
      'SELECT 18446744073709551615::UBIGINT AS big, sum(1)::HUGEINT AS n, -9007199254740993::BIGINT AS low FROM records ORDER BY 1',
    );
    const { project } = await computeTables([query], records, TEST_WEEK);
    expect(project[0]?.table.rows).toEqual([['18446744073709551615', 4, '-9007199254740993']]);
  });

  it('stay out of every tenant’s tables while the built-ins are split by tenant', async () => {
    const query = sqlQuery('all-geos', 'SELECT geo FROM records ORDER BY geo');
    const tables = await computeTables([byGeo, query], records, TEST_WEEK, {});
    expect(tables.project.map((r) => r.query.id)).toEqual(['failed-logins-by-geo', 'all-geos']);
    expect([...tables.byTenant.keys()].sort()).toEqual(['T1', 'T2']);
    for (const results of tables.byTenant.values())
      expect(results.map((r) => r.query.id)).toEqual(['failed-logins-by-geo']);
  });

  it('that fail on the data leave an empty table and a gap saying why; the other tables stand', async () => {
    const failing = sqlQuery(
      'attempts',
      `SELECT id, (data->>'$.attempts')::INTEGER AS attempts FROM records ORDER BY id`,
    );
    const { project } = await computeTables([failing, byGeo], records, TEST_WEEK);
    const [failed, geo] = project;
    expect(failed?.table).toEqual({ columns: ['id', 'attempts'], rows: [] });
    expect(failed?.records).toBe(4);
    expect(failed?.gaps).toEqual([
      {
        from: TEST_WEEK.from,
        to: TEST_WEEK.to,
        fetched: 0,
        reason: expect.stringMatching(
          /^the statement of attempts failed on this period's records: DuckDB could not run a query: Conversion Error: Could not convert string '=1\+1' to INT32/,
        ),
      },
    ]);
    expect(geo?.table.rows.map((r) => r[0])).toEqual(['DE', 'FR', 'constructor']);
  });

  it('that fail on the data leave a CSV file with the header alone when tables stream to files', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'custom-sql-files-'));
    try {
      const failing = sqlQuery(
        'attempts',
        `SELECT id, (data->>'$.attempts')::INTEGER AS attempts FROM records ORDER BY id`,
      );
      const { project } = await computeTables([failing], records, TEST_WEEK, undefined, { directory });
      const [failed] = project;
      expect(failed?.sqlError).toMatch(/Conversion Error/);
      expect(failed?.csv?.path).toBe(join(directory, 'attempts.csv'));
      expect(await readFile(join(directory, 'attempts.csv'), 'utf8')).toBe('"id","attempts"\r\n');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('write their CSV file in the statement’s own order, byte for byte what the whole table renders', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'custom-sql-order-'));
    try {
      const many = Array.from({ length: 6_000 }, (_, i) =>
        auditRecord({
          loginIds: [i % 9 === 0 ? `=cmd|${i}` : `user-${i}@example.com`],
          geo: i % 2 ? 'DE' : '',
        }),
      );
      // An order no insertion or grouping order would give: by a hash of the ID.
      const query = sqlQuery(
        'hashed',
        `SELECT id, "loginIds"[1] AS login, geo = '' AS no_geo, hash(id) AS h FROM records ORDER BY md5(id)`,
      );
      // Run as a run runs it: in its own sandbox process over the closed evidence database.
      const [held] = (await computeTables([query], many, TEST_WEEK)).project;
      const [written] = (
        await computeTables([query], many, TEST_WEEK, undefined, { directory: join(directory, 'tables') })
      ).project;
      expect(held?.table.rows).toHaveLength(6_000);
      expect(held?.table.rows[0]?.[3]).toMatch(/^\d{17,}$/);
      expect(await readFile(written?.csv?.path ?? '', 'utf8')).toBe(
        renderCsv(held?.table ?? { columns: [], rows: [] }),
      );
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 60_000);
});
