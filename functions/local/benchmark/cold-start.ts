import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';

/** The Lambda asset's binding, swapped for this machine's in the copy that runs here. */
const LAMBDA_BINDING = 'node-bindings-linux-arm64';

/**
 * What one fresh process measures, in ms from its time origin (process start): when the probe's
 * first line ran, when the handler bundle was imported, when DuckDB was imported (the native
 * library loaded) and when the first instance answered a query; CPU time and RSS then.
 */
const probeSchema = z.object({
  started: z.number(),
  imported: z.number(),
  loaded: z.number(),
  opened: z.number(),
  /** CPU time (user + system, every thread) when DuckDB is ready: less sensitive to load than wall time. */
  cpuMs: z.number(),
  rssBytes: z.number(),
});

export type ColdStartRun = z.output<typeof probeSchema> & { wallMs: number };

// The adapter's own settings (functions/adapters/duckdb-query-engine.ts), on a database file.
const PROBE = `import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
const started = performance.now();
await import('./index.mjs');
const imported = performance.now();
const { DuckDBInstance } = await import('@duckdb/node-api');
const loaded = performance.now();
const directory = process.argv[2];
const instance = await DuckDBInstance.create(join(directory, 'evidence.duckdb'), {
  memory_limit: '384MB', threads: '2', temp_directory: join(directory, 'spill'),
  preserve_insertion_order: 'false', autoinstall_known_extensions: 'false', autoload_known_extensions: 'false',
});
const connection = await instance.connect();
await connection.run('SELECT 42');
const opened = performance.now();
const { user, system } = process.cpuUsage();
const cpuMs = (user + system) / 1000;
connection.closeSync();
instance.closeSync();
process.stdout.write(JSON.stringify({ started, imported, loaded, opened, cpuMs, rssBytes: process.memoryUsage().rss }) + '\\n');
`;

const versionOf = async (dir: string) =>
  (JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { version?: string }).version;

/**
 * A copy of the synthesized asset that runs on this machine: the same `index.mjs` and packages,
 * with the linux-arm64 binding replaced by this machine's binding of the same version (from the
 * project's node_modules).
 */
export async function prepareHostCopy(assetDir: string, projectRoot: string): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'cold-start-'));
  await cp(assetDir, copy, {
    recursive: true,
    filter: (source) => !source.includes(LAMBDA_BINDING),
  });
  const host = `node-bindings-${process.platform}-${process.arch}`;
  const hostDir = join(projectRoot, 'node_modules', '@duckdb', host);
  const lambdaVersion = await versionOf(join(assetDir, 'node_modules', '@duckdb', LAMBDA_BINDING));
  const hostVersion = await versionOf(hostDir).catch(() => undefined);
  if (hostVersion !== lambdaVersion)
    throw new Error(`@duckdb/${host} is ${hostVersion ?? 'not installed'}, the asset ships ${lambdaVersion}`);
  await cp(hostDir, join(copy, 'node_modules', '@duckdb', host), { recursive: true });
  await writeFile(join(copy, 'cold-start-probe.mjs'), PROBE);
  return copy;
}

/**
 * One cold start: a new `node` process (with Lambda's NODE_OPTIONS, `--enable-source-maps`, unless
 * `sourceMaps` is false, and no other environment than a region and PATH) imports the handler
 * bundle, then opens the first DuckDB instance as a run does.
 */
export async function measureColdStart(copy: string, sourceMaps = true): Promise<ColdStartRun> {
  const work = await mkdtemp(join(tmpdir(), 'cold-start-db-'));
  try {
    await mkdir(join(work, 'spill'));
    const begun = performance.now();
    const child = spawn(process.execPath, ['cold-start-probe.mjs', work], {
      cwd: copy,
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'us-east-1',
        ...(sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    // Shown only on failure: on Node 20 the AWS SDK warns about its Node support on every start.
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const [code] = (await once(child, 'close')) as [number | null];
    const wallMs = performance.now() - begun;
    if (code !== 0) throw new Error(`the cold-start probe failed (exit ${code}): ${stderr.trim()}`);
    return { ...probeSchema.parse(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')), wallMs };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The packages of an asset's node_modules (`@duckdb/node-api`, `detect-libc`, …), sorted. */
export async function assetPackages(assetDir: string): Promise<string[]> {
  const root = join(assetDir, 'node_modules');
  const names: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    if (!entry.name.startsWith('@')) names.push(entry.name);
    else for (const sub of await readdir(join(root, entry.name))) names.push(`${entry.name}/${sub}`);
  }
  return names.sort();
}
