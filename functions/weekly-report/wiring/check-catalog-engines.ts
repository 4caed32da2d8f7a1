import { openTrinoDialectChecker } from '../../adapters/trino-dialect-checker.js';
import type { QueryDefinition } from '../../core/catalog/query-definition.js';
import { trinoSupport } from '../../core/sql/trino/trino-support.js';

/** Which engines compute a query, and why Athena does not where it does not. */
export interface QueryEngines {
  id: string;
  engines: Array<'duckdb' | 'athena'>;
  athenaNot?: string;
}

/** Per query, the engines that compute its project table (DuckDB always; Athena where emitted). */
export function describeQueryEngines(queries: readonly QueryDefinition[]): QueryEngines[] {
  return queries.map((query) => {
    const support = trinoSupport(query, { tenant: false });
    return support.ok
      ? { id: query.id, engines: ['duckdb', 'athena'] }
      : { id: query.id, engines: ['duckdb'], athenaNot: support.reason };
  });
}

/**
 * Custom statements that declare `athena` but leave the subset both engines run, one line each
 * naming the query. A catalog without such statements never starts DuckDB.
 */
export async function findEngineProblems(queries: readonly QueryDefinition[]): Promise<string[]> {
  const declared = queries.flatMap((q) =>
    // A built-in's own Trino statement (`trinoSql`) is proven by the test suite, not at each load.
    q.aggregation.kind === 'sql' && q.aggregation.engines.includes('athena') && !q.aggregation.trinoSql
      ? [{ id: q.id, sql: q.aggregation.sql }]
      : [],
  );
  if (declared.length === 0) return [];
  const checker = await openTrinoDialectChecker();
  const problems: string[] = [];
  try {
    for (const query of declared) {
      const problem = await checker.check(query.sql);
      if (problem) problems.push(`query "${query.id}" engines: athena, but its sql ${problem}`);
    }
  } finally {
    checker.close();
  }
  return problems;
}
