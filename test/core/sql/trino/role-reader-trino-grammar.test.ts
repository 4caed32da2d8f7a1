import { TrinoSQL } from 'dt-sql-parser';
import { describe, expect, it } from 'vitest';
import { describeShape, lambdaNames, readRoleNames } from '../../../../functions/core/sql/role-change-sql.js';
import { TRINO_DIALECT } from '../../../../functions/core/sql/trino/trino-dialect.js';

/*
 * The grammar's parser takes minutes on the reader's nesting (its shape descriptions nest three
 * lists deep, twice): `npm run test:full` only.
 */
const parser = new TrinoSQL();

describe('the role-name reader in Trino parses with Trino’s grammar', () => {
  it('the reading and the shape description', () => {
    const json = 'json_parse(v)';
    const sql = `SELECT ${readRoleNames(json, lambdaNames(), TRINO_DIALECT)}, ${describeShape(json, lambdaNames(), 3, TRINO_DIALECT)} FROM t`;
    expect(parser.validate(sql).map((e) => e.message)).toEqual([]);
  }, 600_000);
});
