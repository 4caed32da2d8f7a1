import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinnedDuckDbVersion } from '../../infra/constructs/duckdb-bundling.js';

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
