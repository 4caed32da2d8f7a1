import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EvidenceDatabase, openEvidenceDatabase } from '../../functions/adapters/duckdb-query-engine.js';
import { QueryEngineError } from '../../functions/shared/errors.js';

let directory: string;
let db: EvidenceDatabase;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'duckdb-table-chunk-'));
  db = await openEvidenceDatabase([], directory, { threads: 2 });
});

afterAll(async () => {
  db?.close();
  await rm(directory, { recursive: true, force: true });
});

/**
 * 5,000 rows over three chunks: text of every length around the 12 bytes DuckDB keeps inside the
 * vector, multi-byte characters, NUL, and (for `v`) strings computed row by row as a statement's lines are.
 */
const ROWS = `SELECT i, repeat(chr(233), i % 9) || chr(0) || repeat('x', i % 17) || i::VARCHAR AS v,
  CASE WHEN i % 5 = 0 THEN 'short' ELSE 'a longer constant text' END AS c, (i * 2)::BIGINT AS n
FROM range(5000) AS r(i) ORDER BY i`;

describe('a table chunk read from DuckDB', () => {
  it('gives the bytes of a text column, any range of rows, exactly as its strings decode', async () => {
    const stream = await db.streamTable(ROWS);
    expect(stream.columns).toEqual(['i', 'v', 'c', 'n']);
    let rows = 0;
    let sum = 0;
    for await (const chunk of stream.chunks) {
      const strings = Array.from({ length: chunk.size }, (_, row) => chunk.text('v', row));
      expect(chunk.bytes('v').equals(Buffer.from(strings.join(''), 'utf8'))).toBe(true);
      expect(chunk.bytes('v', 3, 700).equals(Buffer.from(strings.slice(3, 700).join(''), 'utf8'))).toBe(true);
      const constants = Array.from({ length: chunk.size }, (_, row) => chunk.text('c', row)).join('');
      expect(chunk.bytes('c').toString('utf8')).toBe(constants);
      expect(chunk.cells(0, ['n', 'v'])).toEqual([chunk.sum('n', 0, 1), strings[0]]);
      rows += chunk.size;
      sum += chunk.sum('n');
    }
    expect(rows).toBe(5000);
    expect(sum).toBe(4999 * 5000);
  });

  it('refuses a NULL line, and a column it does not have', async () => {
    for await (const chunk of (await db.streamTable(`SELECT NULL::VARCHAR AS v, 'x' AS w`)).chunks) {
      expect(() => chunk.bytes('v')).toThrow(QueryEngineError);
      expect(() => chunk.bytes('missing')).toThrow(/no column "missing"/);
      expect(chunk.cells(0, ['v', 'w'])).toEqual(['', 'x']);
    }
  });

  it('names a failure of the statement while its rows stream', async () => {
    const failing = `SELECT (CASE WHEN i < 4000 THEN '1' ELSE 'x' END)::INTEGER AS n FROM range(5000) AS r(i)`;
    const read = async () => {
      for await (const chunk of (await db.streamTable(failing)).chunks) chunk.sum('n');
    };
    await expect(read()).rejects.toThrow(
      /DuckDB could not (run a query|read a query result): Conversion Error/,
    );
  });
});
