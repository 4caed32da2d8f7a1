import { readFile } from 'node:fs/promises';
import { type CatalogValidation, validateReportCatalog } from '../../core/catalog/report-catalog.js';
import { ConfigError, describeError } from '../../shared/errors.js';

/** Parses a catalog given as JSON text (`REPORT_QUERIES`, or a file's content). */
export function parseCatalogText(text: string): CatalogValidation {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problems: [`must be JSON (${describeError(error)})`],
    };
  }
  return validateReportCatalog(json);
}

/**
 * The catalog text of `REPORT_QUERIES_FILE` (CLI and `npm start`), to be validated as `REPORT_QUERIES`
 * is. Errors name the variable and the file.
 */
export async function readCatalogFile(env: Record<string, string | undefined>): Promise<string | undefined> {
  const path = env.REPORT_QUERIES_FILE?.trim();
  if (!path) return undefined;
  if (env.REPORT_QUERIES?.trim()) {
    throw new ConfigError('Invalid configuration: set REPORT_QUERIES or REPORT_QUERIES_FILE, not both');
  }
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration: REPORT_QUERIES_FILE ${path} cannot be read (${describeError(error)})`,
    );
  }
}
