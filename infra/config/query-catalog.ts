import { type ReportCatalog, validateReportCatalog } from '../../functions/core/catalog/report-catalog.js';
import {
  catalogTextSha256,
  findCatalogSqlProblems,
} from '../../functions/weekly-report/wiring/check-catalog-sql.js';
import { DeployConfigError } from './deploy-config-error.js';
import { readJsonFileText } from './read-json-file.js';

/**
 * The query catalog file, validated: it is bundled with the function as it is (no size limit but
 * the asset's), and the function reads it through `REPORT_QUERIES_FILE`.
 */
export interface QueryCatalogFile {
  /** Absolute path of the file on the machine that synthesizes. */
  readonly path: string;
  /** Its text, as the function will read it. */
  readonly text: string;
  /** The catalog it resolves to (what framework files may name). */
  readonly catalog: ReportCatalog;
}

/**
 * Reads the query catalog and validates it with the function's own rules, so a bad catalog fails
 * the synth, not the first run.
 */
export function readQueryCatalog(file: string, cwd: string): QueryCatalogFile {
  const { path, text, value } = readJsonFileText(file, 'queryCatalogFile', cwd);
  if (value === null || typeof value !== 'object') {
    throw new DeployConfigError(
      'Invalid deploy configuration: queryCatalogFile must hold a JSON object or array',
    );
  }
  const validation = validateReportCatalog(value);
  if (!validation.ok) {
    throw new DeployConfigError(
      `Invalid deploy configuration: queryCatalogFile ${validation.problems.join('; ')}`,
    );
  }
  return { path, text, catalog: validation.catalog };
}

/**
 * Has DuckDB check the statements of the catalog's SQL queries. Asynchronous, so `app.ts` calls it
 * after the synchronous configuration is read. Resolves to the SHA-256 of the text it checked: the
 * function, given it as `REPORT_QUERIES_SHA256`, does not check the same text again.
 */
export async function checkQueryCatalogSql(
  catalog: QueryCatalogFile | undefined,
): Promise<string | undefined> {
  if (catalog === undefined) return undefined;
  const validation = validateReportCatalog(JSON.parse(catalog.text));
  if (!validation.ok) return undefined; // readQueryCatalog has refused it already.
  const problems = await findCatalogSqlProblems(validation.catalog);
  if (problems.length > 0) {
    throw new DeployConfigError(`Invalid deploy configuration: queryCatalogFile ${problems.join('; ')}`);
  }
  return catalogTextSha256(catalog.text);
}
