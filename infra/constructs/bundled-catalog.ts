import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The query catalog's name in the function's asset. */
export const BUNDLED_CATALOG_NAME = 'report-queries.json';

/**
 * Where the function reads its bundled catalog (`REPORT_QUERIES_FILE`): Lambda unpacks the asset
 * into `/var/task` (`LAMBDA_TASK_ROOT`). The file is part of the asset, so its hash and the code's
 * change together: one catalog per deployment, no 4 KB environment limit.
 */
export const BUNDLED_CATALOG_PATH = `/var/task/${BUNDLED_CATALOG_NAME}`;

/** The folder of the deployer's framework files in the asset (`REPORT_FRAMEWORKS_DIR`). */
export const BUNDLED_FRAMEWORKS_DIR = 'frameworks';
export const BUNDLED_FRAMEWORKS_PATH = `/var/task/${BUNDLED_FRAMEWORKS_DIR}`;

/** A path as one word of a POSIX shell command, whatever characters it holds. */
const shellWord = (path: string) => `'${path.replaceAll("'", `'\\''`)}'`;

/** The accepted-risks file's name in the function's asset (`REPORT_EXCEPTIONS_FILE`). */
export const BUNDLED_EXCEPTIONS_NAME = 'risk-exceptions.json';
/** Where the function reads its bundled exceptions file. */
export const BUNDLED_EXCEPTIONS_PATH = `/var/task/${BUNDLED_EXCEPTIONS_NAME}`;

/** Files of the synthesizing machine to copy into the asset. */
export interface BundledFiles {
  /** The query catalog file, copied as {@link BUNDLED_CATALOG_NAME}. */
  catalog?: string;
  /** The accepted-risks file, copied as {@link BUNDLED_EXCEPTIONS_NAME}. */
  exceptions?: string;
  /** Framework files, copied under {@link BUNDLED_FRAMEWORKS_DIR} by `name`. */
  frameworks?: ReadonlyArray<{ path: string; name: string }>;
}

/**
 * `hooks` plus, after bundling, copies of the catalog, the exceptions and the framework files into
 * the asset. With nothing to copy the hooks are unchanged.
 */
export function withBundledFiles(hooks: ICommandHooks, files: BundledFiles): ICommandHooks {
  const frameworks = files.frameworks ?? [];
  const single = [
    { source: files.catalog, name: BUNDLED_CATALOG_NAME },
    { source: files.exceptions, name: BUNDLED_EXCEPTIONS_NAME },
  ].filter((f): f is { source: string; name: string } => f.source !== undefined);
  if (single.length === 0 && frameworks.length === 0) return hooks;
  return {
    beforeBundling: (inputDir, outputDir) => hooks.beforeBundling(inputDir, outputDir),
    beforeInstall: (inputDir, outputDir) => hooks.beforeInstall(inputDir, outputDir),
    afterBundling: (inputDir, outputDir) => [
      ...hooks.afterBundling(inputDir, outputDir),
      ...single.map((f) => `cp ${shellWord(f.source)} ${shellWord(`${outputDir}/${f.name}`)}`),
      ...(frameworks.length === 0 ? [] : [`mkdir -p ${shellWord(`${outputDir}/${BUNDLED_FRAMEWORKS_DIR}`)}`]),
      ...frameworks.map(
        (f) => `cp ${shellWord(f.path)} ${shellWord(`${outputDir}/${BUNDLED_FRAMEWORKS_DIR}/${f.name}`)}`,
      ),
    ],
  };
}

/** `hooks` plus the catalog file copied into the asset as {@link BUNDLED_CATALOG_NAME}. */
export const withBundledCatalog = (hooks: ICommandHooks, source: string | undefined): ICommandHooks =>
  withBundledFiles(hooks, { catalog: source });
