import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { testTempDir } from '../support/test-temp.js';
import { buildApp, onlyResource } from './support/synth.js';

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string, base = ''): string[] {
  return readdirSync(join(dir, base), { withFileTypes: true }).flatMap((entry) => {
    const path = join(base, entry.name);
    return entry.isDirectory() ? filesUnder(dir, path) : [path];
  });
}

/** ELF e_machine of a shared object: 0xB7 is AArch64, 0x3E is x86-64. */
const elfMachine = (file: string) => readFileSync(file).readUInt16LE(18);

describe('the function asset, bundled as for a deployment', () => {
  // The one test that bundles: esbuild, then npm installs DuckDB for linux-arm64 into the asset,
  // then the query catalog is copied in (a path with a quote and a space, as a shell must take it).
  const catalog = join(testTempDir("it's a catalog-"), 'queries.json');
  const catalogText = '{\n  "disable": ["failed-logins-by-device"]\n}\n';
  writeFileSync(catalog, catalogText);
  const { app, stack } = buildApp({ 'aws:cdk:bundling-stacks': ['**'], queryCatalogFile: catalog });
  const assembly = app.synth();
  const template = Template.fromStack(stack);
  const fn = onlyResource(template, 'AWS::Lambda::Function');
  const assetDirs = readdirSync(assembly.directory)
    .filter((name) => name.startsWith('asset.'))
    .map((name) => join(assembly.directory, name))
    .filter((dir) => existsSync(join(dir, 'index.mjs')));

  it('ships DuckDB with the linux-arm64 binding and no other platform', () => {
    expect(assetDirs).toHaveLength(1);
    const dir = assetDirs[0] as string;
    const natives = filesUnder(dir).filter((f) => f.endsWith('.node'));
    expect(natives).toEqual([join('node_modules', '@duckdb', 'node-bindings-linux-arm64', 'duckdb.node')]);
    expect(elfMachine(join(dir, natives[0] as string))).toBe(0xb7);
    const pinned = (
      JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> }
    ).dependencies['@duckdb/node-api'];
    for (const name of ['node-api', 'node-bindings', 'node-bindings-linux-arm64']) {
      const manifest = JSON.parse(
        readFileSync(join(dir, 'node_modules', '@duckdb', name, 'package.json'), 'utf8'),
      );
      expect(manifest.version, name).toBe(pinned);
    }
    // esbuild left DuckDB out of the bundle; the handler imports it from node_modules.
    expect(readFileSync(join(dir, 'index.mjs'), 'utf8')).toContain('@duckdb/node-api');
  });

  it('ships the DuckDB sandbox process beside the handler, its DuckDB API bundled and the binding left to node_modules', () => {
    const dir = assetDirs[0] as string;
    const worker = readFileSync(join(dir, 'duckdb-sandbox-worker.mjs'), 'utf8');
    expect(worker).toContain('lock_configuration');
    // The API's modules are in the file (a sandbox starts without resolving them); only the native
    // binding is imported, from the asset's node_modules (the arm64 one, above).
    expect(worker).toContain('DuckDBInstance');
    expect(worker).not.toMatch(/(?:require|from|import)\s*\(?\s*["']@duckdb\/node-api["']/);
    expect(worker).toMatch(/["']@duckdb\/node-bindings["']/);
    expect(existsSync(join(dir, 'node_modules', '@duckdb', 'node-bindings', 'package.json'))).toBe(true);
  });

  it('carries the query catalog as a file, byte for byte, where the environment says', () => {
    const dir = assetDirs[0] as string;
    expect(readFileSync(join(dir, 'report-queries.json'), 'utf8')).toBe(catalogText);
    const variables = (fn.props.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.REPORT_QUERIES_FILE).toBe('/var/task/report-queries.json');
  });

  it('runs on arm64 with room on /tmp for staged evidence and spills', () => {
    expect(fn.props.Architectures).toEqual(['arm64']);
    expect(fn.props.EphemeralStorage).toEqual({ Size: 4096 });
  });
});
