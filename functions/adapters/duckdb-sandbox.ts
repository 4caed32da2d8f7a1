import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { QueryEngineError } from '../shared/errors.js';
import type {
  SandboxReply,
  SandboxRequest,
  SandboxStart,
  SqlCheck,
  SqlLimitKind,
  SqlLimits,
} from './duckdb-sandbox-protocol.js';
import { allocatedBytes, residentBytes } from './resource-usage.js';

/** Time a statement gets past its budget to end on its own (interrupted) before it is killed. */
const KILL_GRACE_MS = 2000;
/** How often the sandbox's resident memory is read. */
const WATCH_INTERVAL_MS = 10;
/** How often its spill folder is measured (DuckDB does not always hold `max_temp_directory_size`). */
const DISK_WATCH_INTERVAL_MS = 100;

/** A statement stopped by one of its limits: the limit, in words a report can show. */
export class SqlLimitError extends QueryEngineError {
  override name = 'SqlLimitError';
  constructor(
    readonly limit: SqlLimitKind,
    message: string,
    /** A check whose rules had passed when it was stopped (it stopped while being prepared). */
    readonly rulesPassed = false,
  ) {
    super(message);
  }
}

/** The limit, as a report names it. */
export function describeLimit(limit: SqlLimitKind, limits: SqlLimits): string {
  switch (limit) {
    case 'time':
      return `its time limit of ${limits.timeMs / 1000} s`;
    case 'process-memory':
      return `its memory limit of ${limits.processMemoryMb} MB (the DuckDB process's resident memory)`;
    case 'duckdb-memory':
      return `DuckDB's memory limit of ${limits.duckdbMemoryMb} MB`;
    case 'temp-directory':
      return `its temporary disk limit of ${limits.tempMb} MB`;
  }
}

/** Rows of a statement as they stream out of the sandbox. */
export interface SandboxRun {
  onColumns(columns: string[], records: number): void;
  onRows(rows: Array<Array<string | number>>): Promise<void>;
}

/** One DuckDB process for untrusted statements, one statement at a time. */
export interface DuckDbSandbox {
  check(sql: string): Promise<SqlCheck>;
  run(sql: string, into: SandboxRun): Promise<void>;
  /** The highest resident memory seen (bytes), for the benchmark. */
  peakResidentBytes(): number;
  close(): void;
}

let bundledWorker: string | undefined;

/**
 * Runs every sandbox from `file`, a bundle of duckdb-sandbox-worker.ts as the job's own: the test
 * suite bundles it once, so no sandbox process compiles the TypeScript source again.
 */
export function useBundledSandboxWorker(file: string): void {
  bundledWorker = file;
}

/** The worker's entry: bundled beside the job (`.mjs`), or its TypeScript source run through tsx. */
function workerEntry(): { file: string; execArgv: string[]; cwd?: string } {
  if (bundledWorker) return { file: bundledWorker, execArgv: [] };
  const bundled = new URL('./duckdb-sandbox-worker.mjs', import.meta.url);
  if (existsSync(bundled)) return { file: fileURLToPath(bundled), execArgv: [] };
  return {
    file: fileURLToPath(new URL('./duckdb-sandbox-worker.ts', import.meta.url)),
    execArgv: ['--import', 'tsx'],
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
  };
}

type Pending = {
  id: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  rulesPassed: boolean;
  into?: SandboxRun;
};

/**
 * Starts a DuckDB sandbox process (duckdb-sandbox-worker.ts) and waits until it is ready. Its
 * resident memory is read every 10 ms and the process is killed past `limits.processMemoryMb`; its
 * spill folder is measured every 100 ms and the process killed past `limits.tempMb` (DuckDB's own
 * `max_temp_directory_size` does not cover every spill, measured on 1.5: a sort filled 330 MB
 * under an 8 MB setting); a
 * statement still running `KILL_GRACE_MS` after its time limit (DuckDB checks for interrupts only
 * between vectors) is killed too. Either way the statement fails with a `SqlLimitError` naming the
 * limit, and the sandbox is gone: open another for the next statement.
 */
export async function openDuckDbSandbox(start: SandboxStart): Promise<DuckDbSandbox> {
  const entry = workerEntry();
  const child: ChildProcess = fork(entry.file, [JSON.stringify(start)], {
    execArgv: entry.execArgv,
    ...(entry.cwd ? { cwd: entry.cwd } : {}),
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'json',
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = `${stderr}${chunk.toString('utf8')}`.slice(-2000);
  });
  let peak = 0;
  let pending: Pending | undefined;
  let failure: SqlLimitError | QueryEngineError | undefined;
  let ready: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const { limits } = start;
  const stop = (error: SqlLimitError | QueryEngineError) => {
    failure ??= error;
    child.kill('SIGKILL');
  };
  const watch = setInterval(() => {
    if (child.pid === undefined) return;
    void residentBytes(child.pid).then((bytes) => {
      if (bytes === undefined) return;
      peak = Math.max(peak, bytes);
      if (bytes > limits.processMemoryMb * 1024 * 1024 && !failure)
        stop(limitError('process-memory', limits, pending?.rulesPassed ?? false));
    });
  }, WATCH_INTERVAL_MS);
  watch.unref();
  const diskWatch = setInterval(() => {
    void allocatedBytes(start.spillDirectory).then((bytes) => {
      if (bytes > limits.tempMb * 1024 * 1024 && !failure)
        stop(limitError('temp-directory', limits, pending?.rulesPassed ?? false));
    });
  }, DISK_WATCH_INTERVAL_MS);
  diskWatch.unref();
  child.on('message', (reply: SandboxReply) => {
    if (reply.type === 'ready') return ready?.resolve();
    if (reply.type === 'start-failed')
      return ready?.reject(new QueryEngineError(`DuckDB could not start: ${reply.message}`));
    if (!pending || reply.id !== pending.id) return;
    const current = pending;
    switch (reply.type) {
      case 'rules-passed':
        current.rulesPassed = true;
        return;
      case 'checked':
        pending = undefined;
        return current.resolve(reply.result);
      case 'columns':
        return current.into?.onColumns(reply.columns, reply.records);
      case 'rows':
        current.into
          ?.onRows(reply.rows)
          .then(() => send({ type: 'more', id: current.id }))
          .catch((error: unknown) => {
            pending = undefined;
            current.reject(error);
            child.kill('SIGKILL');
          });
        return;
      case 'done':
        pending = undefined;
        return current.resolve(undefined);
      case 'failed':
        pending = undefined;
        return current.reject(
          reply.limit
            ? limitError(reply.limit, limits, current.rulesPassed)
            : new QueryEngineError(`DuckDB could not run a query: ${reply.message}`),
        );
    }
  });
  child.on('exit', (code, signal) => {
    clearInterval(watch);
    clearInterval(diskWatch);
    const error =
      failure ??
      new QueryEngineError(`The DuckDB process ended (${signal ?? `exit ${code}`}): ${stderr.trim()}`);
    ready?.reject(error);
    pending?.reject(error);
    pending = undefined;
  });
  const send = (request: SandboxRequest) => child.send(request);
  await new Promise<void>((resolve, reject) => {
    ready = { resolve, reject };
  });
  let next = 0;
  const ask = <T>(request: SandboxRequest, into?: SandboxRun) =>
    new Promise<T>((resolve, reject) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        reject(failure ?? new QueryEngineError('The DuckDB process has ended'));
        return;
      }
      pending = {
        id: request.id,
        resolve: resolve as (value: unknown) => void,
        reject,
        rulesPassed: false,
        into,
      };
      const deadline = setTimeout(
        () => stop(limitError('time', limits, pending?.rulesPassed ?? false)),
        limits.timeMs + KILL_GRACE_MS,
      );
      const settle = () => clearTimeout(deadline);
      const { resolve: done, reject: failed } = pending;
      pending.resolve = (value) => {
        settle();
        done(value);
      };
      pending.reject = (error) => {
        settle();
        failed(error);
      };
      send(request);
    });
  return {
    check: (sql) => ask<SqlCheck>({ type: 'check', id: ++next, sql }),
    run: (sql, into) => ask<void>({ type: 'run', id: ++next, sql }, into),
    peakResidentBytes: () => peak,
    close: () => {
      clearInterval(watch);
      clearInterval(diskWatch);
      if (child.connected) child.disconnect();
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

const limitError = (limit: SqlLimitKind, limits: SqlLimits, rulesPassed: boolean) =>
  new SqlLimitError(limit, `stopped at ${describeLimit(limit, limits)}`, rulesPassed);
