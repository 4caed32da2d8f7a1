import { defaultReportCatalog } from '../../functions/core/catalog/report-catalog.js';

/**
 * The catalog's `disable` list that keeps only `kept` of the built-in queries. For a whole-job test
 * whose point is not the tables (history, sealing, revisions, delivery): each table is a DuckDB
 * statement to plan and a file to seal, about as much work as the rest of a small run together,
 * so a test reading one table keeps that one (and the tests of the tables keep them all).
 */
export function disableAllBut(...kept: string[]): string[] {
  const ids = defaultReportCatalog().queries.map((q) => q.id);
  const unknown = kept.filter((id) => !ids.includes(id));
  if (unknown.length > 0) throw new Error(`not built-in queries: ${unknown.join(', ')}`);
  return ids.filter((id) => !kept.includes(id));
}
