import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs `work` with a fresh local folder for the tables' CSV files (the Lambda's `/tmp`), removed
 * afterwards whatever happens: a warm Lambda must not fill its ephemeral storage run after run.
 */
export async function withTableDirectory<T>(work: (directory: string) => Promise<T>): Promise<T> {
  const directory = await mkdtemp(join(tmpdir(), 'report-tables-'));
  try {
    return await work(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
