import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  duckDbCommandHooks,
  pinnedDuckDbVersion,
  SANDBOX_WORKER_FILE,
  SANDBOX_WORKER_SOURCE,
  sandboxWorkerBuildArgs,
} from '../../infra/constructs/duckdb-bundling.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'duckdb-bundling-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const pinned = async (dependencies: Record<string, string>) => {
  const file = join(directory, 'package.json');
  await writeFile(file, JSON.stringify({ dependencies }));
  return () => pinnedDuckDbVersion(file);
};

describe('the DuckDB version the asset installs', () => {
  it('is the exact @duckdb/node-api pin, which the project’s own bindings pin must match', async () => {
    expect((await pinned({ '@duckdb/node-api': '1.5.6-r.1', '@duckdb/node-bindings': '1.5.6-r.1' }))()).toBe(
      '1.5.6-r.1',
    );
    expect(await pinned({ '@duckdb/node-api': '^1.5.6' })).toThrow(/exactly pinned/);
    expect(await pinned({ '@duckdb/node-api': '1.5.6-r.1', '@duckdb/node-bindings': '1.5.5-r.1' })).toThrow(
      /node-bindings must be pinned to @duckdb\/node-api's version \(1\.5\.6-r\.1\), not 1\.5\.5-r\.1/,
    );
  });

  it('matches in this project', () => {
    expect(pinnedDuckDbVersion(join(import.meta.dirname, '..', '..', 'package.json'))).toMatch(
      /^\d+\.\d+\.\d+/,
    );
  });
});

describe('the DuckDB sandbox process, bundled', () => {
  it('is built by `npm run build:cli` with the arguments the Lambda asset and the tests use', async () => {
    const { scripts } = JSON.parse(
      await readFile(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'),
    ) as { scripts: Record<string, string> };
    const args = sandboxWorkerBuildArgs({
      entry: SANDBOX_WORKER_SOURCE,
      outfile: `.build/${SANDBOX_WORKER_FILE}`,
      target: 'node20',
      minify: false,
    });
    // The banner is one shell word: package.json quotes it.
    const command = args.map((a) => (a.includes(' ') ? `"${a}"` : a)).join(' ');
    expect(scripts['build:cli']).toContain(`&& esbuild ${command}`);
  });

  it('is bundled into the Lambda asset with @duckdb/node-api in it, the binding left to node_modules', () => {
    const [command] = duckDbCommandHooks('1.5.6-r.1').afterBundling('/in', '/out');
    expect(command).toContain(
      `"/in/node_modules/.bin/esbuild" '/in/${SANDBOX_WORKER_SOURCE}' '--bundle' '--platform=node' '--target=node22'`,
    );
    expect(command).toContain(`'--external:@duckdb/node-bindings'`);
    expect(command).not.toContain('--external:@duckdb/node-api');
    expect(command).toContain(`'--outfile=/out/${SANDBOX_WORKER_FILE}'`);
  });
});
