import { TrinoSQL } from 'dt-sql-parser';
import { describe, expect, it } from 'vitest';
import { partitionDays } from '../../../../functions/core/engine/athena-cost-guard.js';
import { parseIsoWeek } from '../../../../functions/core/period/period.js';
import { describeShape, lambdaNames, readRoleNames } from '../../../../functions/core/sql/role-change-sql.js';
import { compileTrinoQuery } from '../../../../functions/core/sql/trino/compile-trino-query.js';
import { streamRecordsTrino } from '../../../../functions/core/sql/trino/stream-records-trino.js';
import { TRINO_DIALECT } from '../../../../functions/core/sql/trino/trino-dialect.js';
import { demoCatalogQueries } from './both-dialects.js';

/*
 * The grammar's parser takes minutes on the role-change reader's nesting (its shape descriptions
 * nest three lists deep, twice): these run under `npm run test:full` only.
 */
const parser = new TrinoSQL();
const problems = (sql: string) =>
  parser.validate(sql).map((e) => `${e.startLine}:${e.startColumn} ${e.message}`);
const week = parseIsoWeek('2026-W47');

describe('the role-change statements in Trino parse with Trino’s grammar', () => {
  it('the reading and the shape description', () => {
    const json = 'json_parse(v)';
    const sql = `SELECT ${readRoleNames(json, lambdaNames(), TRINO_DIALECT)}, ${describeShape(json, lambdaNames(), 3, TRINO_DIALECT)} FROM t`;
    expect(problems(sql)).toEqual([]);
  }, 900_000);

  it('each expansion’s whole statement, for the project', async () => {
    const relations = {
      records: streamRecordsTrino({ database: 'd', table: 't' }, week, partitionDays(week, 1)),
      tenants: [],
    };
    const expansions = (await demoCatalogQueries()).filter(
      (q) => q.aggregation.kind === 'rows' && q.aggregation.expand,
    );
    expect(expansions.length).toBe(3);
    for (const query of expansions) {
      const { sql } = compileTrinoQuery(query, week, { tenant: false }, relations);
      expect({ id: query.id, problems: problems(sql) }).toEqual({ id: query.id, problems: [] });
    }
  }, 2_400_000);
});
