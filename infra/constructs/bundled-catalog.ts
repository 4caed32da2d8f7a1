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

/** Files of the synthesizing machine to copy into the asset. */
export interface BundledFiles {
  /** The query catalog file, copied as {@link BUNDLED_CATALOG_NAME}. */
  catalog?: string;
  /** Framework files, copied under {@link BUNDLED_FRAMEWORKS_DIR} by `name`. */
  frameworks?: ReadonlyArray<{ path: string; name: string }>;
}

/**
 * `hooks` plus, after bundling, copies of the catalog and framework files into the asset. With
 * nothing to copy the hooks are unchanged.
 */
export function withBundledFiles(hooks: ICommandHooks, files: BundledFiles): ICommandHooks {
  const frameworks = files.frameworks ?? [];
  if (files.catalog === undefined && frameworks.length === 0) return hooks;
  return {
    beforeBundling: (inputDir, outputDir) => hooks.beforeBundling(inputDir, outputDir),
    beforeInstall: (inputDir, outputDir) => hooks.beforeInstall(inputDir, outputDir),
    afterBundling: (inputDir, outputDir) => [
      ...hooks.afterBundling(inputDir, outputDir),
      ...(files.catalog === undefined
        ? []
        : [`cp ${shellWord(files.catalog)} ${shellWord(`${outputDir}/${BUNDLED_CATALOG_NAME}`)}`]),
      ...(frameworks.length === 0 ? [] : [`mkdir -p ${shellWord(`${outputDir}/${BUNDLED_FRAMEWORKS_DIR}`)}`]),
      ...frameworks.map(
        (f) => `cp ${shellWord(f.path)} ${shellWord(`${outputDir}/${BUNDLED_FRAMEWORKS_DIR}/${f.name}`)}`,
      ),
    ],
  };
}
