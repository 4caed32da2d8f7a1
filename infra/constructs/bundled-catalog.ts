import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The query catalog's name in the function's asset. */
export const BUNDLED_CATALOG_NAME = 'report-queries.json';

/**
 * Where the function reads its bundled catalog (`REPORT_QUERIES_FILE`): Lambda unpacks the asset
 * into `/var/task` (`LAMBDA_TASK_ROOT`). The file is part of the asset, so its hash and the code's
 * change together: one catalog per deployment, no 4 KB environment limit.
 */
export const BUNDLED_CATALOG_PATH = `/var/task/${BUNDLED_CATALOG_NAME}`;

/** A path as one word of a POSIX shell command, whatever characters it holds. */
const shellWord = (path: string) => `'${path.replaceAll("'", `'\\''`)}'`;

/** The accepted-risks file's name in the function's asset (`REPORT_EXCEPTIONS_FILE`). */
export const BUNDLED_EXCEPTIONS_NAME = 'risk-exceptions.json';
/** Where the function reads its bundled exceptions file. */
export const BUNDLED_EXCEPTIONS_PATH = `/var/task/${BUNDLED_EXCEPTIONS_NAME}`;

/** A file of the synthesizing machine (`source`) copied into the asset as `name`. */
export interface BundledFile {
  source: string;
  name: string;
}

/**
 * `hooks` plus, after bundling, a copy of each file (the catalog, the exceptions) into the asset.
 * Files whose source is `undefined` are not configured and are skipped; with none the hooks are
 * unchanged.
 */
export function withBundledFiles(
  hooks: ICommandHooks,
  files: ReadonlyArray<{ source: string | undefined; name: string }>,
): ICommandHooks {
  const copies = files.filter((f): f is BundledFile => f.source !== undefined);
  if (copies.length === 0) return hooks;
  return {
    beforeBundling: (inputDir, outputDir) => hooks.beforeBundling(inputDir, outputDir),
    beforeInstall: (inputDir, outputDir) => hooks.beforeInstall(inputDir, outputDir),
    afterBundling: (inputDir, outputDir) => [
      ...hooks.afterBundling(inputDir, outputDir),
      ...copies.map((f) => `cp ${shellWord(f.source)} ${shellWord(`${outputDir}/${f.name}`)}`),
    ],
  };
}

/** `hooks` plus the catalog file copied into the asset as {@link BUNDLED_CATALOG_NAME}. */
export const withBundledCatalog = (hooks: ICommandHooks, source: string | undefined): ICommandHooks =>
  withBundledFiles(hooks, [{ source, name: BUNDLED_CATALOG_NAME }]);
