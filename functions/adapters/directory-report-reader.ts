import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { ReportReader, StoredObject } from './report-reader.js';

/**
 * A downloaded report folder, read as if it were the bucket: `root` is the folder that holds
 * `reports/…` (or that stands for `rootKey`, when a single report folder was downloaded on its own).
 * Symbolic links are not followed: they, and anything else that is not a regular file, are listed as
 * irregular and never read.
 */
export function createDirectoryReportReader(root: string, rootKey = ''): ReportReader {
  const base = resolve(root);
  const pathOf = (key: string): string | undefined => {
    if (!key.startsWith(rootKey)) return undefined;
    const target = resolve(base, key.slice(rootKey.length));
    return target === base || target.startsWith(`${base}${sep}`) ? target : undefined;
  };
  const walk = async (folder: string, found: StoredObject[]) => {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        await walk(path, found);
        continue;
      }
      const key = `${rootKey}${relative(base, path).split(sep).join('/')}`;
      const bytes = (await lstat(path)).size;
      if (entry.isFile()) found.push({ key, bytes });
      else
        found.push({
          key,
          bytes,
          irregular: entry.isSymbolicLink() ? 'a symbolic link' : 'not a regular file',
        });
    }
  };
  return {
    complete: false,
    describe: (key) => pathOf(key) ?? key,
    async list(prefix) {
      const folder = pathOf(prefix);
      if (!folder) return [];
      const found: StoredObject[] = [];
      await walk(folder, found);
      return found
        .filter((o) => o.key.startsWith(prefix))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    async listFolders(prefix) {
      const folder = pathOf(prefix);
      if (!folder) return [];
      const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
      return entries
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
    },
    async get(key) {
      const path = pathOf(key);
      if (!path) return undefined;
      try {
        if (!(await lstat(path)).isFile()) return undefined;
        return new Uint8Array(await readFile(path));
      } catch {
        return undefined;
      }
    },
  };
}
