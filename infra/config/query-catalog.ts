import { validateReportCatalog } from '../../functions/core/catalog/report-catalog.js';
import { findCatalogSqlProblems } from '../../functions/weekly-report/wiring/check-catalog-sql.js';
import { DeployConfigError } from './deploy-config-error.js';
import { readJsonFile } from './read-json-file.js';

/**
 * Lambda allows 4 KB for all environment variables together; the other variables take well
 * under 1 KB, so the catalog gets the rest. A bigger catalog belongs in S3, not the environment.
 */
export const MAX_QUERY_CATALOG_BYTES = 3_072;

/**
 * Reads the query catalog and returns it minified, ready for the `REPORT_QUERIES` variable. It is
 * validated with the function's own rules, so a bad catalog fails the synth, not the first run.
 */
export function readQueryCatalog(file: string, cwd: string): string {
  const catalog = readJsonFile(file, 'queryCatalogFile', cwd);
  if (catalog === null || typeof catalog !== 'object') {
    throw new DeployConfigError(
      'Invalid deploy configuration: queryCatalogFile must hold a JSON object or array',
    );
  }
  const validation = validateReportCatalog(catalog);
  if (!validation.ok) {
    throw new DeployConfigError(
      `Invalid deploy configuration: queryCatalogFile ${validation.problems.join('; ')}`,
    );
  }
  const minified = JSON.stringify(catalog);
  const bytes = Buffer.byteLength(minified, 'utf8');
  if (bytes > MAX_QUERY_CATALOG_BYTES) {
    throw new DeployConfigError(
      `Invalid deploy configuration: queryCatalogFile must be at most ${MAX_QUERY_CATALOG_BYTES} bytes minified, got ${bytes} (Lambda environment variables share 4 KB)`,
    );
  }
  return minified;
}

/**
 * Has DuckDB check the statements of the catalog's SQL queries (the function checks them again at
 * each run start). Asynchronous, so `app.ts` calls it after the synchronous configuration is read.
 */
export async function checkQueryCatalogSql(minified: string | undefined): Promise<void> {
  if (minified === undefined) return;
  const validation = validateReportCatalog(JSON.parse(minified));
  if (!validation.ok) return; // readQueryCatalog has refused it already.
  const problems = await findCatalogSqlProblems(validation.catalog);
  if (problems.length > 0) {
    throw new DeployConfigError(`Invalid deploy configuration: queryCatalogFile ${problems.join('; ')}`);
  }
}
