import type { z } from 'zod';
import type { ReportCatalog } from '../../core/catalog/report-catalog.js';
import type { ComplianceContext } from '../../core/frameworks/compliance-context.js';
import { checkCatalogSql } from './check-catalog-sql.js';
import { parseEnvironment } from './config.js';
import { type FrameworkSettings, loadCompliance } from './load-frameworks.js';
import { readCatalogFile } from './report-catalog-config.js';

/** An entry point's configuration as loaded: the environment, and the frameworks it names. */
export type LoadedConfig<C> = C & { compliance: ComplianceContext };

/** What every entry point's configuration holds about the catalog. */
interface CatalogConfig extends FrameworkSettings {
  REPORT_QUERIES: ReportCatalog;
  REPORT_QUERIES_SHA256?: string;
}

/**
 * An entry point's configuration, before any request: the catalog's text from `REPORT_QUERIES` or
 * the file `REPORT_QUERIES_FILE` (the Lambda's is bundled with it), the environment validated by
 * `schema`, then the catalog's SQL checked by DuckDB (unless synth already checked this very text),
 * then the framework files (`compliance`). Every error is a ConfigError naming the variable.
 */
export async function loadConfig<S extends z.ZodType<CatalogConfig>>(
  schema: S,
  env: Record<string, string | undefined>,
): Promise<LoadedConfig<z.output<S>>> {
  const file = await readCatalogFile(env);
  const config = parseEnvironment(schema, file === undefined ? env : { ...env, REPORT_QUERIES: file });
  await checkCatalogSql(
    config.REPORT_QUERIES,
    file === undefined ? 'REPORT_QUERIES' : 'REPORT_QUERIES_FILE',
    {
      text: file ?? env.REPORT_QUERIES,
      checkedSha256: config.REPORT_QUERIES_SHA256,
    },
  );
  return { ...config, compliance: await loadCompliance(config) };
}
