import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFunctionAsset, measureAsset } from '../../functions/local/benchmark/bundle-asset.js';
import { runBundleFigures } from '../../functions/local/benchmark/bundle-figures.js';

const HASH = 'a'.repeat(64);
let cdkOut: string;
const asset = () => join(cdkOut, `asset.${HASH}`);

/**
 * A cloud assembly shaped as `npm run synth` leaves it: a manifest, a stack template whose Lambda
 * function names its asset folder, that folder (a small handler module and the project's DuckDB
 * packages, the linux-arm64 binding reduced to its package.json) and a stale asset of an earlier synth.
 */
beforeAll(async () => {
  cdkOut = await mkdtemp(join(tmpdir(), 'cdk-out-'));
  await writeFile(
    join(cdkOut, 'manifest.json'),
    JSON.stringify({
      version: '48.0.0',
      artifacts: {
        Tree: { type: 'cdk:tree', properties: { file: 'tree.json' } },
        Stack: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Stack.template.json' } },
      },
    }),
  );
  await writeFile(
    join(cdkOut, 'Stack.template.json'),
    JSON.stringify({
      Resources: {
        Fn: {
          Type: 'AWS::Lambda::Function',
          Properties: { Code: { S3Key: `${HASH}.zip` } },
          Metadata: { 'aws:asset:path': `asset.${HASH}` },
        },
        Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
      },
    }),
  );
  const modules = join(asset(), 'node_modules', '@duckdb');
  await mkdir(modules, { recursive: true });
  await writeFile(join(asset(), 'index.mjs'), 'export const handler = async () => 42;\n');
  await writeFile(join(asset(), 'package.json'), '{"type":"module"}');
  for (const name of ['node-api', 'node-bindings'])
    await cp(join('node_modules', '@duckdb', name), join(modules, name), { recursive: true });
  const version = JSON.parse(await readFile(join(modules, 'node-api', 'package.json'), 'utf8')).version;
  await mkdir(join(modules, 'node-bindings-linux-arm64'));
  await writeFile(join(modules, 'node-bindings-linux-arm64', 'package.json'), JSON.stringify({ version }));
  await mkdir(join(cdkOut, `asset.${'b'.repeat(64)}`, 'node_modules', '@duckdb'), { recursive: true });
});

afterAll(async () => {
  if (cdkOut) await rm(cdkOut, { recursive: true, force: true });
});

describe('the bundle figures', () => {
  it("finds the function's asset through the assembly's template, not a stale folder", async () => {
    expect(await findFunctionAsset(cdkOut)).toEqual({ directory: asset(), logicalId: 'Fn' });
    const empty = await mkdtemp(join(tmpdir(), 'cdk-out-empty-'));
    await writeFile(join(empty, 'manifest.json'), JSON.stringify({ artifacts: {} }));
    await expect(findFunctionAsset(empty)).rejects.toThrow(/found 0: run npm run synth/);
    await rm(empty, { recursive: true });
  });

  it('counts unzipped bytes exactly and zips compressible text to a fraction of them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'asset-size-'));
    await writeFile(join(dir, 'a.txt'), 'x'.repeat(100_000));
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'b.bin'), gzipSync(Buffer.from('y'.repeat(1000))));
    const all = await measureAsset(dir);
    const text = await measureAsset(dir, (p) => p === 'a.txt');
    expect(all.files).toBe(2);
    expect(all.unzipped).toBe(100_000 + gzipSync(Buffer.from('y'.repeat(1000))).byteLength);
    expect(text.zipped).toBeLessThan(1000);
    expect(all.zipped).toBeGreaterThan(text.zipped);
    await rm(dir, { recursive: true });
  });

  it("prints the asset's parts and a cold start of the bundle with this machine's binding", async () => {
    const lines: string[] = [];
    await runBundleFigures({ cdkOut, projectRoot: process.cwd(), runs: 1 }, (line) => lines.push(line));
    const text = lines.join('\n');
    expect(text).toContain(
      'Packages: @duckdb/node-api, @duckdb/node-bindings, @duckdb/node-bindings-linux-arm64',
    );
    expect(text).toMatch(/\|\s+whole asset \|\s+\d+ \|/);
    expect(text).toMatch(/DuckDB linux-arm64 binding \|\s+1 \|/);
    // The probe imported the handler and opened DuckDB (its stages are rows of the table).
    expect(text).toMatch(/first DuckDB instance: create, connect, SELECT \|\s+\d+ ms/);
    expect(text).toContain('1 fresh processes');
  }, 60_000);
});
