import { readFileSync } from 'node:fs';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';

/** Chromium and its driver: esbuild leaves them out and the asset installs them. */
export const CHROMIUM_EXTERNALS = ['@sparticuz/chromium', 'playwright-core'];

/** The exact versions of {@link CHROMIUM_EXTERNALS} the project pins (and tested the printer with). */
export function pinnedChromiumVersions(packageJsonPath: string): Record<string, string> {
  const pkg = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const pins: Record<string, string> = {};
  for (const name of CHROMIUM_EXTERNALS) {
    const version = pkg.dependencies?.[name] ?? pkg.devDependencies?.[name];
    if (!version || !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version))
      throw new Error(`${name} must be an exactly pinned dependency in package.json`);
    pins[name] = version;
  }
  return pins;
}

/**
 * Installs Chromium and playwright-core into the printer's asset for Lambda's platform (linux,
 * x86-64), as `duckDbCommandHooks` does for DuckDB: the asset gets its own package.json so npm
 * installs there, never into the project; lifecycle scripts stay off (`@sparticuz/chromium` ships
 * its brotli-packed binary in the package; playwright-core never downloads a browser here).
 */
export function chromiumCommandHooks(versions: Record<string, string>): ICommandHooks {
  const manifest = JSON.stringify({ private: true, type: 'module', dependencies: versions });
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) => [
      [
        `cd "${outputDir}"`,
        `printf '%s' '${manifest}' > "${outputDir}/package.json"`,
        `npm install --prefix "${outputDir}" --omit=dev --ignore-scripts --no-package-lock --no-audit --no-fund --loglevel=error --cpu=x64 --os=linux --libc=glibc`,
        // The Lambda Chromium (with its Amazon Linux 2023 libraries) must be in the asset.
        `test -f "${outputDir}/node_modules/@sparticuz/chromium/bin/chromium.br"`,
        `test -f "${outputDir}/node_modules/@sparticuz/chromium/bin/al2023.tar.br"`,
      ].join(' && '),
    ],
  };
}
