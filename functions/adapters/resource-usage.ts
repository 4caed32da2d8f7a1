import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Linux's page size for `/proc/<pid>/statm`; the Lambda runtimes (x86_64, arm64) use 4 KiB. */
const PAGE_BYTES = 4096;

/**
 * Resident memory of process `pid` in bytes, from `/proc/<pid>/statm` (Linux); `undefined` where
 * there is no `/proc` or the process is gone.
 */
export async function residentBytes(pid: number): Promise<number | undefined> {
  try {
    const statm = await readFile(`/proc/${pid}/statm`, 'utf8');
    const pages = Number(statm.split(' ')[1]);
    return Number.isFinite(pages) ? pages * PAGE_BYTES : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Disk the files directly in `directory` take, in bytes (allocated blocks, so preallocated and
 * sparse files count for what they hold); 0 when it is missing.
 */
export async function allocatedBytes(directory: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return 0;
  }
  let total = 0;
  for (const name of names) {
    const info = await stat(join(directory, name)).catch(() => undefined);
    if (info?.isFile()) total += info.blocks * 512;
  }
  return total;
}
