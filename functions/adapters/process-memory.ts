import { readFile } from 'node:fs/promises';

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
