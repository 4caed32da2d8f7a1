import { openSqlChecker } from '../../adapters/duckdb-sql-checker.js';
import type { ReportCatalog } from '../../core/catalog/report-catalog.js';
import { sha256Hex } from '../../core/integrity/manifest.js';
import { ConfigError } from '../../shared/errors.js';
import { findEngineProblems } from './check-catalog-engines.js';

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

/** SHA-256 of a catalog's JSON text as checked (UTF-8): synth records it, the function compares it. */
export const catalogTextSha256 = (text: string): string => sha256Hex(text);

/** The catalog text as read, and the hash of the text DuckDB already checked (at synth). */
export interface CheckedCatalogText {
  text?: string;
  /** `REPORT_QUERIES_SHA256`. */
  checkedSha256?: string;
}

/**
 * Checks the catalog's SQL queries before the run makes any request; one ConfigError names the
 * variable. A catalog whose text has the hash synth recorded after checking it is not checked
 * again (a continuation starts no DuckDB for it); any other text, or none recorded, is checked.
 */
export async function checkCatalogSql(
  catalog: ReportCatalog,
  variable: CatalogVariable,
  checked: CheckedCatalogText = {},
): Promise<void> {
  if (checked.text !== undefined && checked.checkedSha256 === catalogTextSha256(checked.text)) return;
  const problems = [
    ...(await findCatalogSqlProblems(catalog)),
    ...(await findEngineProblems(catalog.queries)),
  ];
  if (problems.length > 0) throw new ConfigError(`Invalid configuration: ${variable} ${problems.join('; ')}`);
}
