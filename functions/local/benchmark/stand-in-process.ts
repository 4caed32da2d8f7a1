import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { z } from 'zod';

/** The Descope stand-in's process entry, run through tsx from the repository root. */
export const STAND_IN_MAIN = 'functions/local/descope-api/main.ts';

export interface StandInProcessOptions {
  records: number;
  projectId: string;
  managementKey: string;
  /** Pins the stand-in's clock: the records fill the ISO week before it. */
  now: number;
  requestsPerMinute: number;
  maxResultWindow: number;
  seed: number;
  /** Every record with its own login ID and address (`stuffing:<count>`). @default false */
  distinct?: boolean;
  /** Every record in a tenant of its own (`tenants:<count>`). @default false */
  tenantPerRecord?: boolean;
}

/** A running stand-in process. */
export interface StandInProcess {
  url: string;
  window: { from: number; to: number };
  /** From spawn to listening, data generation and indexing included. */
  startMs: number;
  stop(): Promise<void>;
}

const readySchema = z.object({
  url: z.string(),
  records: z.number(),
  window: z.object({ from: z.number(), to: z.number() }),
});

/**
 * Starts the Descope audit API stand-in in its own process, so its records and request log do not
 * count in the job's memory, with a synthetic week of failed logins.
 */
export async function startStandInProcess(options: StandInProcessOptions): Promise<StandInProcess> {
  const main = resolve(STAND_IN_MAIN);
  if (!existsSync(main))
    throw new Error(`${STAND_IN_MAIN} not found: run the benchmark from the repository root`);
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      main,
      ...[
        '--dataset',
        `${options.tenantPerRecord ? 'tenants' : options.distinct ? 'stuffing' : 'synthetic'}:${options.records}`,
      ],
      ...['--project-id', options.projectId],
      ...['--management-key', options.managementKey],
      ...['--now', String(options.now)],
      ...['--rate-limit-requests', String(options.requestsPerMinute)],
      ...['--max-result-window', String(options.maxResultWindow)],
      ...['--seed', String(options.seed)],
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const lines = createInterface({ input: child.stdout });
    const first = await Promise.race([
      once(lines, 'line') as Promise<[string]>,
      exited.then(() => {
        throw new Error('the Descope stand-in exited before it listened');
      }),
    ]);
    lines.close();
    child.stdout.resume(); // nothing more is expected; never let a full pipe stall the stand-in
    const ready = readySchema.parse(JSON.parse(first[0]));
    if (ready.records !== options.records) throw new Error(`the stand-in serves ${ready.records} records`);
    return { url: ready.url, window: ready.window, startMs: performance.now() - started, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
