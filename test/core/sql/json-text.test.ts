import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openEvidenceDatabase } from '../../../functions/adapters/duckdb-query-engine.js';
import { jsonText } from '../../../functions/core/sql/json-text.js';

/** Each value as DuckDB stores it in `data` and gives it back through `jsonText`, by position. */
async function throughDuckDb(values: readonly unknown[]): Promise<string[]> {
  const directory = await mkdtemp(join(tmpdir(), 'json-text-'));
  try {
    const file = join(directory, 'values.ndjson.gz');
    const lines = values.map((v, i) => `${JSON.stringify({ id: String(i), data: { v } })}\n`);
    await writeFile(file, gzipSync(lines.join('')));
    const db = await openEvidenceDatabase([file], directory, { threads: 1 });
    try {
      const rows = await db.query(
        `SELECT ${jsonText('data')} AS text FROM records ORDER BY id::INTEGER`,
        z.object({ text: z.string() }),
      );
      return rows.map((row) => row.text);
    } finally {
      db.close();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

describe('JSON text from DuckDB', () => {
  it('is what JSON.stringify writes, for any JSON value (all of Unicode, any number)', async () => {
    const values: unknown[] = [
      { big: 1e21, max: 1.7976931348623157e308, small: 1.5e-7, int: 12345678901234567000 },
      ['\u001f\u000b\u007f', '\\u001F', 'x1e21', '"1e21"', { '\u001b': -2e-300 }],
      ...fc.sample(fc.jsonValue({ stringUnit: 'binary' }), { numRuns: 2000, seed: 21 }),
    ];
    const texts = await throughDuckDb(values);
    const expected = values.map((v) => JSON.stringify({ v }));
    expect(texts.filter((t, i) => t !== expected[i])).toEqual([]);
    expect(texts).toHaveLength(values.length);
  }, 60_000);
});
