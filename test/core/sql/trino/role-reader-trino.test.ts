import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseIsoWeek } from '../../../../functions/core/period/period.js';
import { describeShape, lambdaNames, readRoleNames } from '../../../../functions/core/sql/role-change-sql.js';
import { TRINO_DIALECT } from '../../../../functions/core/sql/trino/trino-dialect.js';
import { trinoOnDuckDb } from '../../../../functions/core/sql/trino/trino-on-duckdb.js';
import { CHANGE_DETAIL_RECORDS } from '../change-detail-records.js';
import { hostileWeeks } from '../hostile-weeks.js';
import { ROLE_SHAPE_RECORDS } from '../role-shape-records.js';
import { openBothDialects } from './both-dialects.js';

const week = parseIsoWeek('2026-W47');

/** Every value inside a record's `data` (the whole, each member, each element), as JSON text. */
function valuesOf(value: unknown, into: Set<string>): Set<string> {
  into.add(JSON.stringify(value));
  if (Array.isArray(value)) for (const v of value) valuesOf(v, into);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) valuesOf(v, into);
  return into;
}

const READING = z.object({ v: z.string(), reading: z.string(), shape: z.string() });

/** The role-name reading and the shape of each value, in one dialect (the Trino one through the layer). */
function readingSql(trino: boolean): string {
  const d = trino ? TRINO_DIALECT : undefined;
  const json = trino ? 'json_parse(v)' : 'CAST(v AS JSON)';
  const select = `SELECT v, ${readRoleNames(json, lambdaNames(), d)} AS r, ${describeShape(json, lambdaNames(), 3, d)} AS shape FROM role_values`;
  return trino ? trinoOnDuckDb(select) : select;
}

describe('the role-name reader in Trino reads every shape as the DuckDB reader does', () => {
  it('on every value of the role shapes, the change details and hostile weeks', async () => {
    const values = new Set<string>();
    const records = [...ROLE_SHAPE_RECORDS, ...CHANGE_DETAIL_RECORDS, ...hostileWeeks(week, 4).flat()];
    for (const record of records) valuesOf(record.data, values);
    const both = await openBothDialects(ROLE_SHAPE_RECORDS);
    try {
      const read = async (trino: boolean) => {
        const db = trino ? both.database : both.duckDatabase;
        await db.query(
          'CREATE OR REPLACE TABLE role_values AS SELECT unnest($1::VARCHAR[]) AS v',
          z.unknown(),
          [[...values]],
        );
        return db.query(
          `SELECT v, to_json(r)::VARCHAR AS reading, shape FROM (${readingSql(trino)}) ORDER BY v`,
          READING,
        );
      };
      const duckdb = await read(false);
      const trino = await read(true);
      expect(duckdb.length).toBe(values.size);
      expect(duckdb.filter((r) => r.reading.includes('"ok":true')).length).toBeGreaterThan(20);
      expect(duckdb.filter((r) => r.reading.includes('"ok":false')).length).toBeGreaterThan(5);
      expect(trino).toEqual(duckdb);
    } finally {
      await both.close();
    }
  }, 120_000);
});
