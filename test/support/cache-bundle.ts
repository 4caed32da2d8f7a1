import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface CacheBundle {
  file: string;
  folder: string;
}

/**
 * Bundles with esbuild (`args` given the output file) into a new folder under node_modules/.cache,
 * where the bundle's external packages resolve.
 */
export async function bundleIntoCache(
  prefix: string,
  fileName: string,
  args: (outfile: string) => string[],
): Promise<CacheBundle> {
  const cache = join(process.cwd(), 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const folder = await mkdtemp(join(cache, prefix));
  const file = join(folder, fileName);
  await promisify(execFile)(join(process.cwd(), 'node_modules', '.bin', 'esbuild'), args(file));
  return { file, folder };
}

export const removeBundle = ({ folder }: CacheBundle) => rm(folder, { recursive: true, force: true });
