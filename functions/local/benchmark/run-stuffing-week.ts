import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { formatDuration, markdownTable } from './benchmark-table.js';
import { describeMachine, formatMachine } from './machine-info.js';
import { measureStuffingWeek, type StuffingMeasurement, writeStuffingWeek } from './stuffing-week-measure.js';

/*
 * The engine against DuckDB bare on a credential-stuffing week (N failed logins, each with a new
 * login ID and a new address: the cardinality an attacker chooses), side by side in one run. Each
 * measurement is its own process with the JS heap capped (`--heap-mb`, default 160); the two modes
 * alternate, `--repeat` times each (default 3), and the table gives the medians.
 *   npm run -s build:cli && node .build/run-stuffing-week.mjs --events 300000,1000000,3000000
 */

type Mode = 'engine' | 'bare';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const load = () => loadavg()[0]?.toFixed(1) ?? '?';

async function measureInChild(mode: Mode, file: string, dir: string, heapMb: string) {
  const work = await mkdtemp(join(dir, `${mode}-`));
  try {
    const args = [
      `--max-old-space-size=${heapMb}`,
      process.argv[1] ?? '',
      '--mode',
      mode,
      '--file',
      file,
      '--work',
      work,
    ];
    const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 20 });
    return JSON.parse(stdout) as StuffingMeasurement;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Both modes `repeat` times, alternating; the machine's load (1-minute average) before and after. */
async function measureSize(events: number, repeat: number, heapMb: string) {
  const dir = await mkdtemp(join(tmpdir(), 'stuffing-week-'));
  try {
    const file = join(dir, 'part-0001.ndjson.gz');
    await writeStuffingWeek(file, events);
    const runs: Record<Mode, StuffingMeasurement[]> = { engine: [], bare: [] };
    const loadBefore = load();
    for (let i = 0; i < repeat; i += 1)
      for (const mode of ['engine', 'bare'] as const)
        runs[mode].push(await measureInChild(mode, file, dir, heapMb));
    const rows = new Set([...runs.engine, ...runs.bare].map((r) => r.rows));
    if (rows.size !== 1)
      throw new Error(`the engine and DuckDB wrote different row counts: ${[...rows].join(', ')}`);
    return { events, runs, load: `${loadBefore} → ${load()}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const range = (values: number[]) =>
  `${formatDuration(median(values))} (${formatDuration(Math.min(...values))}–${formatDuration(Math.max(...values))})`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '300000,1000000,3000000' },
      repeat: { type: 'string', default: '3' },
      'heap-mb': { type: 'string', default: '160' },
      mode: { type: 'string' },
      file: { type: 'string' },
      work: { type: 'string' },
    },
  });
  if ((values.mode === 'engine' || values.mode === 'bare') && values.file && values.work) {
    process.stdout.write(JSON.stringify(await measureStuffingWeek(values.mode, values.file, values.work)));
    return;
  }
  console.log(
    `${formatMachine(describeMachine())}; JS heap capped at ${values['heap-mb']} MB in each measured process.`,
  );
  const rows: string[][] = [];
  for (const events of (values.events ?? '').split(',').map(Number)) {
    const { runs, load: loadAverage } = await measureSize(
      events,
      Number(values.repeat),
      values['heap-mb'] ?? '160',
    );
    const ms = (mode: Mode) => median(runs[mode].map((r) => r.ms));
    const cpu = (mode: Mode) => median(runs[mode].map((r) => r.cpuMs));
    const rss = (mode: Mode) => `${median(runs[mode].map((r) => r.peakRssMb))} MB`;
    rows.push([
      events.toLocaleString('en'),
      range(runs.engine.map((r) => r.ms)),
      range(runs.bare.map((r) => r.ms)),
      (ms('engine') / ms('bare')).toFixed(2),
      `${formatDuration(cpu('engine'))} / ${formatDuration(cpu('bare'))}`,
      (cpu('engine') / cpu('bare')).toFixed(2),
      `${rss('engine')} / ${rss('bare')}`,
      loadAverage,
    ]);
    console.log(`${events} events: done`);
  }
  const header = [
    'events',
    'engine',
    'bare DuckDB',
    'engine ÷ bare',
    'CPU engine / bare',
    'CPU ÷',
    'peak RSS',
    'load',
  ];
  console.log(markdownTable(header, rows));
}

await main();
