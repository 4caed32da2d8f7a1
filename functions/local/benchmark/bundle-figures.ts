import { rm } from 'node:fs/promises';
import { formatDuration, markdownTable } from './benchmark-table.js';
import { type AssetSize, findFunctionAsset, measureAsset } from './bundle-asset.js';
import { assetPackages, type ColdStartRun, measureColdStart, prepareHostCopy } from './cold-start.js';
import { describeMachine, formatMachine } from './machine-info.js';

/** Options of `npm run bench:bundle`. */
export interface BundleFigureOptions {
  cdkOut: string;
  projectRoot: string;
  runs: number;
}

const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MiB`;
const share = (part: number, whole: number) => `${((part / whole) * 100).toFixed(1)}%`;

function sizeTable(parts: Array<[string, AssetSize]>, whole: AssetSize): string {
  return markdownTable(
    ['part', 'files', 'unzipped', 'share', 'zipped', 'share'],
    parts.map(([name, s]) => [
      name,
      String(s.files),
      mb(s.unzipped),
      share(s.unzipped, whole.unzipped),
      mb(s.zipped),
      share(s.zipped, whole.zipped),
    ]),
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

function coldStartTable(runs: ColdStartRun[]): string {
  const stages: Array<[string, (r: ColdStartRun) => number, (v: number) => string]> = [
    ['node start → first line of the probe', (r) => r.started, formatDuration],
    ['import the handler bundle (index.mjs)', (r) => r.imported - r.started, formatDuration],
    ['import @duckdb/node-api (native library loaded)', (r) => r.loaded - r.imported, formatDuration],
    ['first DuckDB instance: create, connect, SELECT', (r) => r.opened - r.loaded, formatDuration],
    ['process start → DuckDB ready', (r) => r.opened, formatDuration],
    ['spawn → exit, seen by the parent', (r) => r.wallMs, formatDuration],
    ['CPU time (user + system) when DuckDB is ready', (r) => r.cpuMs, formatDuration],
    ['RSS when DuckDB is ready', (r) => r.rssBytes, mb],
  ];
  return markdownTable(
    ['stage', 'median', 'min', 'max'],
    stages.map(([name, pick, format]) => {
      const values = runs.map(pick);
      return [name, format(median(values)), format(Math.min(...values)), format(Math.max(...values))];
    }),
  );
}

/** Measures the synthesized function asset and the cold start of its host build; prints Markdown. */
export async function runBundleFigures(options: BundleFigureOptions, print: (line: string) => void) {
  const asset = await findFunctionAsset(options.cdkOut);
  print(`Function asset: ${asset.directory} (${asset.logicalId})`);
  print(`Packages: ${(await assetPackages(asset.directory)).join(', ')}`);
  const whole = await measureAsset(asset.directory);
  const inside = (prefix: string) => (path: string) => path.startsWith(prefix);
  const binding = await measureAsset(
    asset.directory,
    inside('node_modules/@duckdb/node-bindings-linux-arm64/'),
  );
  const modules = await measureAsset(asset.directory, inside('node_modules/'));
  const parts: Array<[string, AssetSize]> = [
    ['whole asset', whole],
    ['index.mjs (the bundled handler)', await measureAsset(asset.directory, (p) => p === 'index.mjs')],
    ['index.mjs.map', await measureAsset(asset.directory, (p) => p === 'index.mjs.map')],
    ['DuckDB linux-arm64 binding', binding],
    [
      'other node_modules (node-api, node-bindings, …)',
      {
        files: modules.files - binding.files,
        unzipped: modules.unzipped - binding.unzipped,
        zipped: modules.zipped - binding.zipped,
      },
    ],
  ];
  print('');
  print(sizeTable(parts, whole));

  const copy = await prepareHostCopy(asset.directory, options.projectRoot);
  try {
    // Interleaved, so load on the machine weighs on both settings alike.
    const runs: ColdStartRun[] = [];
    const withoutMaps: ColdStartRun[] = [];
    for (let i = 0; i < options.runs; i += 1) {
      runs.push(await measureColdStart(copy));
      withoutMaps.push(await measureColdStart(copy, false));
    }
    print('');
    print(`Cold start of the same bundle with this machine's binding, ${runs.length} fresh processes:`);
    print(`${formatMachine(describeMachine())}`);
    print('');
    print(coldStartTable(runs));
    const imports = (list: ColdStartRun[]) => list.map((r) => r.imported - r.started);
    const bare = imports(withoutMaps);
    print('');
    print(
      `Without Lambda's NODE_OPTIONS=--enable-source-maps, the handler bundle imports in ` +
        `${formatDuration(median(bare))} (median; ${formatDuration(Math.min(...bare))}–${formatDuration(Math.max(...bare))}) ` +
        `instead of ${formatDuration(median(imports(runs)))}.`,
    );
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}
