import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILTIN_QUERIES } from '../../core/catalog/builtin-queries.js';
import type { ReportCatalog } from '../../core/catalog/report-catalog.js';
import { BUILTIN_FRAMEWORKS } from '../../core/frameworks/builtin-frameworks.js';
import type { ComplianceContext } from '../../core/frameworks/compliance-context.js';
import { type FrameworkFile, resolveFrameworks } from '../../core/frameworks/framework-set.js';
import { ConfigError, describeError } from '../../shared/errors.js';

/** The configuration the frameworks are read from (see config.ts for each variable). */
export interface FrameworkSettings {
  REPORT_QUERIES: ReportCatalog;
  REPORT_FRAMEWORKS_DIR?: string;
  REPORT_FRAMEWORKS?: string[];
  REPORT_OBJECT_LOCK_MODE?: 'GOVERNANCE' | 'COMPLIANCE';
  REPORT_RETENTION_DAYS?: number;
  REPORT_ANCHOR_TENANT_ID?: string;
  REPORT_DAILY_SCHEDULE?: string;
}

const FRAMEWORK_FILE = /\.(json|ya?ml)$/i;

/** Every framework file in `dir`, by name (so the order, and any conflict message, is the same each run). */
export async function readFrameworkFiles(dir: string): Promise<FrameworkFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => FRAMEWORK_FILE.test(name)).sort();
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration: REPORT_FRAMEWORKS_DIR ${dir} cannot be read (${describeError(error)})`,
    );
  }
  return Promise.all(
    names.map(async (name) => ({ file: name, text: await readFile(join(dir, name), 'utf8') })),
  );
}

/**
 * The frameworks a run maps its evidence to, before any request: the built-ins, replaced or added to
 * by the files of `REPORT_FRAMEWORKS_DIR`, narrowed to `REPORT_FRAMEWORKS`; a control may name any
 * built-in query or one of the catalog's. One ConfigError names every problem with its file and line.
 */
export async function loadCompliance(config: FrameworkSettings): Promise<ComplianceContext> {
  const files = config.REPORT_FRAMEWORKS_DIR ? await readFrameworkFiles(config.REPORT_FRAMEWORKS_DIR) : [];
  const resolved = resolveFrameworks({
    builtins: BUILTIN_FRAMEWORKS,
    files,
    knownQueries: new Set([...BUILTIN_QUERIES, ...config.REPORT_QUERIES.queries].map((q) => q.id)),
    include: config.REPORT_FRAMEWORKS,
  });
  if (!resolved.ok) {
    throw new ConfigError(`Invalid configuration: framework files: ${resolved.problems.join('; ')}`);
  }
  const mode = config.REPORT_OBJECT_LOCK_MODE;
  const days = config.REPORT_RETENTION_DAYS;
  return {
    frameworks: resolved.set,
    deployment: {
      objectLock: mode && days ? { mode, retentionDays: days } : undefined,
      anchored: config.REPORT_ANCHOR_TENANT_ID !== undefined,
      cadence: 'weekly',
      dailySchedule: config.REPORT_DAILY_SCHEDULE,
    },
  };
}
