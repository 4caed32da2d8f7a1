import { describe, expect, it } from 'vitest';
import { checkColumnNames, checkSelectTree } from '../../../functions/core/sql/custom-sql-rules.js';

const baseTable = (table_name: string, query_location = 0, schema_name = '') => ({
  type: 'BASE_TABLE',
  table_name,
  schema_name,
  catalog_name: '',
  query_location,
});
const ordered = [{ type: 'ORDER_MODIFIER', orders: [] }];
const NONE = new Set<string>();
const select = (from_table: unknown, extra: Record<string, unknown> = {}) => ({
  node: { type: 'SELECT_NODE', modifiers: ordered, cte_map: { map: [] }, from_table, ...extra },
});

describe('rules of a custom statement', () => {
  it('accepts records and the names its WITH defines, in any case', () => {
    const tree = select(baseTable('t'), {
      cte_map: { map: [{ key: 't', value: { query: select(baseTable('RECORDS')) } }] },
    });
    expect(checkSelectTree(tree, 'WITH t AS (…) SELECT …', NONE)).toEqual([]);
  });

  it('does not let a WITH name of a subquery reach outside it', () => {
    const inner = select(baseTable('records'), {
      cte_map: { map: [{ key: 'mine', value: { query: select(baseTable('records')) } }] },
    });
    const tree = select(baseTable('mine', 4), { where_clause: { class: 'SUBQUERY', subquery: inner } });
    expect(checkSelectTree(tree, 'abc\nd', NONE)).toEqual([
      'relation mine (line 2, column 1) is not allowed: a query reads only the records relation (and the names its own WITH defines before they are used)',
    ]);
  });

  it('refuses a table function wherever it is', () => {
    const fn = { type: 'TABLE_FUNCTION', query_location: 2, function: { function_name: 'read_csv' } };
    const tree = select(baseTable('records'), { select_list: [{ subquery: select(fn) }] });
    expect(checkSelectTree(tree, 'SELECT', NONE)).toEqual([
      'table function read_csv() (line 1, column 3) is not allowed: a query reads only the records relation',
    ]);
  });

  it('refuses a schema-qualified relation even when named records', () => {
    expect(checkSelectTree(select(baseTable('records', 0, 'main')), 'x', NONE)[0]).toMatch(
      /^relation main\.records/,
    );
  });

  it('needs an ORDER BY on the whole statement', () => {
    const tree = { node: { ...select(baseTable('records')).node, modifiers: [] } };
    expect(checkSelectTree(tree, 'x', NONE)).toEqual([
      'needs an ORDER BY on the whole statement, so its table has one order (in the report and when re-run)',
    ]);
  });

  it('refuses what changes from run to run: the functions named unstable, niladic names, samples', () => {
    const call = (function_name: string, query_location: number) => ({
      class: 'FUNCTION',
      function_name,
      query_location,
    });
    const niladic = { class: 'COLUMN_REF', column_names: ['CURRENT_DATE'], query_location: 1 };
    const tree = select(
      { ...baseTable('records', 2), sample: { sample_size: 10 } },
      { select_list: [call('Random', 0), call('abs', 0), niladic] },
    );
    expect(checkSelectTree(tree, 'abc', new Set(['random']))).toEqual([
      'a sample (USING SAMPLE, TABLESAMPLE) (line 1, column 3) gives another result when re-run: a table must follow from the evidence alone',
      'random() (line 1, column 1) gives another result when re-run: a table must follow from the evidence alone',
      'current_date (line 1, column 2) gives another result when re-run: a table must follow from the evidence alone',
    ]);
  });

  it('refuses a tree it cannot read', () => {
    expect(checkSelectTree(null, 'x', NONE)).toEqual(['DuckDB gave no parse tree for the statement']);
  });
});

describe('column names of a custom statement', () => {
  it.each([
    [['a', 'b'], []],
    [['a', 'A'], ['column name "A" appears twice: rename one with AS']],
    [['a', ' '], ['column 2 has no name: give it one with AS']],
    [['constructor', '__proto__'], []],
  ])('%j', (names, problems) => {
    expect(checkColumnNames(names)).toEqual(problems);
  });
});
