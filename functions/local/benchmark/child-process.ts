import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, extname, join } from 'node:path';
import type { z } from 'zod';

/** The measured phases, each run in a fresh process so its peak RSS is its own. */
export const BENCHMARK_ROLES = ['job', 'evidence', 'duckdb', 'stream'] as const;
export type BenchmarkRole = (typeof BENCHMARK_ROLES)[number];

export const isBenchmarkRole = (value: string | undefined): value is BenchmarkRole =>
  (BENCHMARK_ROLES as readonly string[]).includes(value ?? '');

/** Collects a child's stdout; stderr goes straight to ours so its errors are seen as they happen. */
async function runToEnd(child: ChildProcess, what: string): Promise<string> {
  let stdout = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  // 'close', not 'exit': it comes after stdout has been read to its end.
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  if (code !== 0) throw new Error(`${what} failed (exit ${code ?? signal})`);
  return stdout;
}

/**
 * The child entry next to the running one: `.build/run-measurement.mjs` beside
 * `.build/run-benchmark.mjs` (or the `.ts` sources beside each other under a loader).
 */
export function measurementScript(): string {
  const script = process.argv[1];
  if (!script) throw new Error('cannot tell where the benchmark runs from');
  return join(dirname(script), `run-measurement${extname(script)}`);
}

/**
 * Runs `run-measurement <role> <spec JSON>` in a new Node process (with this process's flags) and
 * validates the JSON object it prints on its last line.
 */
export async function runMeasurementChild<S extends z.ZodType>(
  role: BenchmarkRole,
  spec: unknown,
  schema: S,
  options: { env?: NodeJS.ProcessEnv; nodeFlags?: string[] } = {},
): Promise<z.output<S>> {
  const args = [
    ...process.execArgv,
    ...(options.nodeFlags ?? []),
    measurementScript(),
    role,
    JSON.stringify(spec),
  ];
  const child = spawn(process.execPath, args, {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stdout = await runToEnd(child, `the ${role} process`);
  const last = stdout.trimEnd().split('\n').at(-1) ?? '';
  let value: unknown;
  try {
    value = JSON.parse(last);
  } catch {
    value = undefined;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new Error(`the ${role} process printed an unexpected result: ${last.slice(0, 200)}`);
  return parsed.data;
}

/** The child side: validates the spec, runs the measurement and prints its result as one JSON line. */
export async function serveMeasurement<S extends z.ZodType, R>(
  specJson: string | undefined,
  schema: S,
  measure: (spec: z.output<S>) => Promise<R>,
): Promise<void> {
  const spec = schema.parse(JSON.parse(specJson ?? 'null'));
  const result = await measure(spec);
  await new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(result)}\n`, () => resolve()));
}
