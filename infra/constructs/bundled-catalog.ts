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

/**
 * `hooks` plus, after bundling, a copy of the catalog file (`source`, on the synthesizing machine)
 * into the asset as {@link BUNDLED_CATALOG_NAME}. Without a catalog the hooks are unchanged.
 */
export function withBundledCatalog(hooks: ICommandHooks, source: string | undefined): ICommandHooks {
  if (source === undefined) return hooks;
  return {
    beforeBundling: (inputDir, outputDir) => hooks.beforeBundling(inputDir, outputDir),
    beforeInstall: (inputDir, outputDir) => hooks.beforeInstall(inputDir, outputDir),
    afterBundling: (inputDir, outputDir) => [
      ...hooks.afterBundling(inputDir, outputDir),
      `cp ${shellWord(source)} ${shellWord(`${outputDir}/${BUNDLED_CATALOG_NAME}`)}`,
    ],
  };
}
