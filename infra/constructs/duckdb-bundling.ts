import { readFileSync } from 'node:fs';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The DuckDB packages: native code, so esbuild leaves them out and the asset installs them. */
export const DUCKDB_EXTERNALS = ['@duckdb/node-api', '@duckdb/node-bindings'];

/**
 * The exact `@duckdb/node-api` version the project pins (its binding packages share it). The
 * engine also reads result vectors through `@duckdb/node-bindings` itself, so that pin must be the
 * same version: two versions would load two native libraries, one reading the other's memory.
 */
export function pinnedDuckDbVersion(packageJsonPath: string): string {
  const pkg = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { dependencies?: Record<string, string> };
  const version = pkg.dependencies?.['@duckdb/node-api'];
  if (!version || !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version))
    throw new Error('@duckdb/node-api must be an exactly pinned dependency in package.json');
  const bindings = pkg.dependencies?.['@duckdb/node-bindings'];
  if (bindings !== undefined && bindings !== version)
    throw new Error(
      `@duckdb/node-bindings must be pinned to @duckdb/node-api's version (${version}), not ${bindings}`,
    );
  return version;
}

/** The DuckDB sandbox process's entry (custom SQL runs there), bundled beside `index.mjs`. */
export const SANDBOX_WORKER_SOURCE = 'functions/adapters/duckdb-sandbox-worker.ts';
export const SANDBOX_WORKER_FILE = 'duckdb-sandbox-worker.mjs';

/** The bundled CommonJS of `@duckdb/node-api` requires the binding: an ES module gets a `require`. */
const REQUIRE_BANNER =
  "--banner:js=import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/**
 * esbuild's arguments that bundle the sandbox process's entry (`entry`, SANDBOX_WORKER_SOURCE) into
 * `outfile`, for the Lambda asset, `npm run build:cli` (package.json repeats them; a test holds the
 * two equal) and the test suite. `@duckdb/node-api` is bundled in and only the native binding left
 * out: imported from its package, its CommonJS modules are read and scanned for exports by every new
 * sandbox process, about 150 ms of CPU of the 400 ms one takes to start (measured on 1.5). The
 * binding resolves from the `node_modules` above `outfile`.
 */
export function sandboxWorkerBuildArgs(options: {
  entry: string;
  outfile: string;
  target: 'node20' | 'node22';
  minify: boolean;
}): string[] {
  return [
    options.entry,
    '--bundle',
    '--platform=node',
    `--target=${options.target}`,
    '--format=esm',
    options.minify ? '--minify' : '--sourcemap',
    '--log-level=warning',
    '--external:@duckdb/node-bindings',
    REQUIRE_BANNER,
    `--outfile=${options.outfile}`,
  ];
}

/** `args` as one POSIX shell word each (single-quoted). */
const shellWords = (args: readonly string[]) => args.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');

/**
 * Installs DuckDB into the bundle for Lambda's platform (linux, arm64, glibc), whatever machine
 * synthesizes: npm picks the `@duckdb/node-bindings-linux-arm64` optional dependency by
 * `--cpu/--os/--libc`, not by the host. The asset gets its own package.json first, so npm installs
 * there and never into the project above it. Lifecycle scripts stay off (the binding is prebuilt).
 * The DuckDB sandbox process's entry is bundled beside the handler with the same esbuild, as
 * `duckdb-sandbox-worker.mjs` with `@duckdb/node-api` in it (the handler forks it for each custom
 * SQL statement; sandboxWorkerBuildArgs).
 */
export function duckDbCommandHooks(version: string): ICommandHooks {
  const manifest = JSON.stringify({
    private: true,
    type: 'module',
    dependencies: { '@duckdb/node-api': version },
  });
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    // One command: CDK runs each listed command in its own shell, from the project root.
    afterBundling: (inputDir: string, outputDir: string) => [
      [
        `"${inputDir}/node_modules/.bin/esbuild" ${shellWords(
          sandboxWorkerBuildArgs({
            entry: `${inputDir}/${SANDBOX_WORKER_SOURCE}`,
            outfile: `${outputDir}/${SANDBOX_WORKER_FILE}`,
            target: 'node22',
            minify: true,
          }),
        )}`,
        `cd "${outputDir}"`,
        `printf '%s' '${manifest}' > "${outputDir}/package.json"`,
        `npm install --prefix "${outputDir}" --omit=dev --ignore-scripts --no-package-lock --no-audit --no-fund --loglevel=error --cpu=arm64 --os=linux --libc=glibc`,
        // Only the arm64 binary may ship; fail the synth if the host's slipped in.
        `test -f "${outputDir}/node_modules/@duckdb/node-bindings-linux-arm64/duckdb.node"`,
        `test ! -e "${outputDir}/node_modules/@duckdb/node-bindings-linux-x64"`,
      ].join(' && '),
    ],
  };
}
