import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type EvidenceDatabase,
  openEvidenceDatabase,
} from '../../../functions/adapters/duckdb-query-engine.js';
import { type CsvCell, csvLineSql } from '../../../functions/core/sql/csv-line-sql.js';
import { renderCsv } from '../../../functions/core/view/csv.js';

let directory: string;
let db: EvidenceDatabase;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'csv-line-sql-'));
  db = await openEvidenceDatabase([], directory, { threads: 1 });
});

afterAll(async () => {
  db?.close();
  await rm(directory, { recursive: true, force: true });
});

/** The line the report's CSV writer gives one row (its file without the header). */
const jsLine = (columns: string[], row: Array<string | number>) =>
  renderCsv({ columns, rows: [row] }).slice(renderCsv({ columns, rows: [] }).length);

/** Characters the neutralisation and quoting treat specially, and others around them. */
/** Without a lone surrogate (`String#isWellFormed`, which TypeScript's ES2022 library does not know). */
const wellFormed = (text: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

const special = fc.constantFrom(
  ...['"', ',', ';', '\n', '\r', '\r\n', '=', '+', '-', '@', '\t', ' ', "'", 'x', '1', 'é', '😀', '\u0000'],
  // JavaScript's \s beyond ASCII, and the full-width = + - @ csv-stringify escapes first in a value.
  ...['\u000b', '\u000c', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f'],
  ...['\u3000', '\ufeff', '\u200b', '\uff1d', '\uff0b', '\uff0d', '\uff20'],
);
const text = fc.oneof(
  fc.string({
    unit: fc.oneof(special, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
    maxLength: 14,
  }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

const lineRow = z.object({ i: z.number(), line: z.string() });

/** Each value's line through DuckDB, by position. */
async function linesOf(values: readonly string[], cells: CsvCell[], from: string): Promise<string[]> {
  const sql = `SELECT i, ${csvLineSql(cells)} AS line FROM (${from}) ORDER BY i`;
  const rows = await db.query(sql, lineRow, [values]);
  expect(rows).toHaveLength(values.length);
  return rows.map((r) => r.line);
}

describe("a row's CSV line computed by DuckDB", () => {
  it('is what the report’s CSV writer gives, for any text (formulas, quotes, separators, line breaks, all of Unicode)', async () => {
    // DuckDB holds valid UTF-8 only (its JSON reader refuses a lone surrogate), so values are well formed.
    const values = [
      ...[
        '',
        '=1+1',
        ' =x',
        '"=x',
        'a,=b',
        'a;\t\t-b',
        '\t',
        '\r',
        '\r\r',
        'x\r',
        'x\t=',
        '-5',
        '+1',
        '@SUM(A1)',
      ],
      ...[
        '\uff1d1',
        'a,\uff1d',
        ' \uff1d',
        '\u00a0=x',
        '\u000b@',
        'a\n\u3000-b',
        'quote "x"',
        '12345678901234567890',
      ],
      ...fc.sample(text, { numRuns: 5_000, seed: 19 }).filter(wellFormed),
    ];
    const lines = await linesOf(
      values,
      [
        { sql: 'v', kind: 'text' },
        { sql: 'n', kind: 'count' },
        { sql: 'v', kind: 'text' },
      ],
      'SELECT unnest($1::VARCHAR[]) AS v, generate_subscripts($1::VARCHAR[], 1) AS i, 7::BIGINT AS n',
    );
    const expected = values.map((v) => jsLine(['a', 'n', 'b'], [v, 7, v]));
    expect(lines.filter((line, i) => line !== expected[i])).toEqual([]);
  });

  it('writes NULL text as an empty cell, whole numbers bare within ±(2^53 − 1) and as text beyond, booleans as text', async () => {
    const numbers = [
      '0',
      '-1',
      '9007199254740991',
      '-9007199254740991',
      '9007199254740992',
      '-9007199254740992',
    ];
    const huge = ['-9223372036854775808', '18446744073709551615', '-170141183460469231731687303715884105728'];
    const values = [...numbers, ...huge];
    const lines = await linesOf(
      values,
      [
        { sql: 'h', kind: 'integer' },
        { sql: 'u', kind: 'integer' },
        { sql: 'h > 0', kind: 'boolean' },
        { sql: 'NULL::INTEGER', kind: 'integer' },
        { sql: 'NULL::VARCHAR', kind: 'text' },
        { sql: 'NULL::BOOLEAN', kind: 'boolean' },
      ],
      `SELECT v::HUGEINT AS h, 18446744073709551615::UHUGEINT AS u, i FROM (SELECT unnest($1::VARCHAR[]) AS v, generate_subscripts($1::VARCHAR[], 1) AS i)`,
    );
    // As the engine hands such values to the report: beyond 2^53 exact as text, booleans as text, NULL as ''.
    const asReport = (v: string) => (Number.isSafeInteger(Number(v)) ? Number(v) : v);
    const expected = values.map((v) =>
      jsLine(
        ['h', 'u', 'b', 'z', 't', 'f'],
        [asReport(v), '18446744073709551615', String(BigInt(v) > 0n), '', '', ''],
      ),
    );
    expect(lines).toEqual(expected);
    expect(lines[4]).toBe('"9007199254740992","18446744073709551615","true","","",""\r\n');
    expect(lines[5]).toBe('"\'-9007199254740992","18446744073709551615","false","","",""\r\n');
  });

  it('checks only the first character of a time DuckDB formatted: a year before 0 starts with -', async () => {
    const times = [
      '-62198755200000',
      '-80000000000000',
      '0',
      '1795000000000',
      '253402300799999',
      '300000000000000',
    ];
    const from = `SELECT strftime(epoch_ms(ms::BIGINT), '%Y-%m-%dT%H:%M:%S.%gZ') AS t, i
      FROM (SELECT unnest($1::VARCHAR[]) AS ms, generate_subscripts($1::VARCHAR[], 1) AS i)`;
    const lines = await linesOf(times, [{ sql: 't', kind: 'time' }], from);
    const texts = await db.query(`${from} ORDER BY i`, z.object({ t: z.string(), i: z.number() }), [times]);
    expect(lines).toEqual(texts.map(({ t }) => jsLine(['t'], [t])));
    expect(lines[0]).toBe(`"'-1-01-01T00:00:00.000Z"\r\n`);
  });
});
