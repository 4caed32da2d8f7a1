import { openSqlChecker } from '../../adapters/duckdb-sql-checker.js';
import type { ReportCatalog } from '../../core/catalog/report-catalog.js';
import { ConfigError } from '../../shared/errors.js';

/** Where the catalog came from, named in errors. */
export type CatalogVariable = 'REPORT_QUERIES' | 'REPORT_QUERIES_FILE';

/**
 * What DuckDB finds wrong with the catalog's SQL queries (see adapters/duckdb-sql-checker.ts), one
 * line per bad query naming it and DuckDB's reason with its line and column. A catalog without SQL
 * queries never starts DuckDB.
 */
export async function findCatalogSqlProblems(
  catalog: Pick<ReportCatalog, 'queries'> & Partial<Pick<ReportCatalog, 'sqlLimits'>>,
): Promise<string[]> {
  const queries = catalog.queries.flatMap((q) =>
    q.aggregation.kind === 'sql' ? [{ id: q.id, sql: q.aggregation.sql }] : [],
  );
  if (queries.length === 0) return [];
  const checker = await openSqlChecker(catalog.sqlLimits);
  const problems: string[] = [];
  try {
    for (const query of queries) {
      const result = await checker.check(query.sql);
      if (!result.ok) problems.push(`query "${query.id}" sql: ${result.problem}`);
    }
  } finally {
    checker.close();
  }
  return problems;
}

/** Checks the catalog's SQL queries before the run makes any request; one ConfigError names the variable. */
export async function checkCatalogSql(catalog: ReportCatalog, variable: CatalogVariable): Promise<void> {
  const problems = await findCatalogSqlProblems(catalog);
  if (problems.length > 0) throw new ConfigError(`Invalid configuration: ${variable} ${problems.join('; ')}`);
}
