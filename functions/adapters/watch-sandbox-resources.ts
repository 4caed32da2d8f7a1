import type { SandboxStart, SqlLimitKind } from './duckdb-sandbox-protocol.js';
import { allocatedBytes, residentBytes } from './resource-usage.js';

/** How often the sandbox's resident memory is read. */
const WATCH_INTERVAL_MS = 10;
/** How often its spill folder is measured (DuckDB does not always hold `max_temp_directory_size`). */
const DISK_WATCH_INTERVAL_MS = 100;

/** The watch over one sandbox process: the highest resident memory seen, and how to end the watch. */
export interface SandboxResourceWatch {
  /** The highest resident memory seen (bytes). */
  peak(): number;
  stop(): void;
}

/**
 * Reads the sandbox process's resident memory every 10 ms and measures its spill folder every
 * 100 ms; `exceeded` is told each time one is past its limit (the caller kills the process).
 */
export function watchSandboxResources(
  pid: number | undefined,
  start: SandboxStart,
  exceeded: (limit: Extract<SqlLimitKind, 'process-memory' | 'temp-directory'>) => void,
): SandboxResourceWatch {
  const { limits } = start;
  let peak = 0;
  const memory = setInterval(() => {
    if (pid === undefined) return;
    void residentBytes(pid).then((bytes) => {
      if (bytes === undefined) return;
      peak = Math.max(peak, bytes);
      if (bytes > limits.processMemoryMb * 1024 * 1024) exceeded('process-memory');
    });
  }, WATCH_INTERVAL_MS);
  memory.unref();
  const disk = setInterval(() => {
    void allocatedBytes(start.spillDirectory).then((bytes) => {
      if (bytes > limits.tempMb * 1024 * 1024) exceeded('temp-directory');
    });
  }, DISK_WATCH_INTERVAL_MS);
  disk.unref();
  return {
    peak: () => peak,
    stop: () => {
      clearInterval(memory);
      clearInterval(disk);
    },
  };
}
