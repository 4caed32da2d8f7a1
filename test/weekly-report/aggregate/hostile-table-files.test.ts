import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import { sqlQueryDefinitionSchema } from '../../../functions/core/catalog/query-definition.js';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';
import { renderCsv } from '../../../functions/core/view/csv.js';
import type { CollectionTables } from '../../../functions/weekly-report/aggregate/collection-tables.js';
import type { SqlResult } from '../../../functions/weekly-report/aggregate/sql-aggregation.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { computeTables } from '../../support/compute-table.js';
import { TEST_WEEK } from '../../support/query-result-builder.js';

/** Without a lone surrogate (`String#isWellFormed`, which TypeScript's ES2022 library does not know). */
const wellFormed = (text: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

/** Text an attacker could put in a login ID, an address or an error message (DuckDB holds valid UTF-8 only). */
const hostile = fc
  .oneof(
    fc.string({
      unit: fc.oneof(
        fc.constantFrom(
          '"',
          ',',
          ';',
          '\n',
          '\r',
          '=',
          '+',
          '-',
          '@',
          '\t',
          ' ',
          '\u00a0',
          '\u2028',
          '\uff1d',
          'x',
        ),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      ),
      maxLength: 12,
    }),
    fc.string({ unit: 'binary', maxLength: 30 }),
  )
  .filter(wellFormed);

const TENANTS = ['alpha', 'bravo', 'constructor'];

const records: AuditRecord[] = fc
  .sample(fc.tuple(hostile, hostile, hostile, hostile, fc.nat(TENANTS.length), fc.boolean()), {
    numRuns: 1_500,
    seed: 4,
  })
  .map(([loginId, address, geo, reason, tenant, lockout], i) =>
    auditRecord({
      action: lockout ? 'LoginExceedMaxAttempts' : 'LoginFailed',
      occurred: TEST_WEEK.from + i * 401_000,
      loginIds: [loginId],
      remoteAddress: address,
      geo,
      userId: i % 4 === 0 ? '' : `=U${i % 60}`,
      tenants: TENANTS.slice(0, tenant),
      data: { error_message: reason },
    }),
  );

const custom = sqlQueryDefinitionSchema.parse({
  id: 'hostile-sql',
  title: 'Every field a custom statement can show',
  sql: `SELECT "remoteAddress" AS address, array_to_string("loginIds", '|') AS "Login, IDs", count(*) AS n,
    -count(*)::HUGEINT * 9007199254740993 AS huge, bool_or(geo = '') AS no_geo, max(data->>'$.error_message') AS reason
  FROM records GROUP BY ALL ORDER BY n DESC, address, "Login, IDs"`,
});
const queries = [...BUILTIN_QUERIES.filter((q) => q.collection === 'login-failures'), custom];

let directory: string;
let held: CollectionTables;
let written: CollectionTables;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'hostile-table-files-'));
  const tenants = {};
  held = await computeTables(queries, records, TEST_WEEK, tenants);
  written = await computeTables(queries, records, TEST_WEEK, tenants, { directory, addressMinimum: 3 });
}, 120_000);

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const pairsOf = (
  tables: CollectionTables,
  files: CollectionTables,
): Array<[SqlResult, SqlResult | undefined]> => [
  ...tables.project.map((r, i) => [r, files.project[i]] as [SqlResult, SqlResult | undefined]),
  ...[...tables.byTenant].flatMap(([tenant, list]) =>
    list.map((r, i) => [r, files.byTenant.get(tenant)?.[i]] as [SqlResult, SqlResult | undefined]),
  ),
];

describe('table files written from lines DuckDB computed, on hostile text', () => {
  it('have the bytes the report’s CSV writer gives every table, project, tenants and custom SQL', async () => {
    const pairs = pairsOf(held, written);
    expect(pairs.length).toBe(queries.length + (queries.length - 1) * TENANTS.length);
    for (const [whole, file] of pairs) {
      if (!file?.csv) throw new Error(`${whole.query.id} has no CSV file`);
      const bytes = await readFile(file.csv.path);
      expect({ id: whole.query.id, csv: bytes.toString('utf8') }).toEqual({
        id: whole.query.id,
        csv: renderCsv(whole.table),
      });
      expect(file.csv.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(file.records).toBe(whole.records);
    }
    // The data did reach the tables: formulas were neutralised in some cells.
    const ip = await readFile(join(directory, 'failed-logins-by-ip.csv'), 'utf8');
    expect(ip).toMatch(/"'[=+\-@\t\r]/);
    expect(held.project.find((r) => r.query.id === 'hostile-sql')?.table.rows.length).toBeGreaterThan(100);
  });
});
