import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { ReportStorageError } from '../shared/errors.js';
import type { ReportStore } from './report-store.js';

/** Report files in a local folder, for `--dry-run --out DIR`: same keys, no AWS. */
export function createDirectoryReportStore(root: string): ReportStore {
  const base = resolve(root);
  const path = (key: string) => {
    const target = resolve(base, key);
    if (!target.startsWith(`${base}/`)) throw new ReportStorageError(`Key escapes the output folder: ${key}`);
    return target;
  };
  const wrap = async <T>(key: string, action: () => Promise<T>) => {
    try {
      return await action();
    } catch (error) {
      if (error instanceof ReportStorageError) throw error;
      throw new ReportStorageError(`Could not write ${join(base, key)}`, { cause: error });
    }
  };
  return {
    describe(prefix) {
      return { uri: join(base, prefix), browseUrl: pathToFileURL(join(base, prefix, 'report.html')).href };
    },
    put: (key, body) =>
      wrap(key, async () => {
        await mkdir(dirname(path(key)), { recursive: true });
        await writeFile(path(key), body);
      }),
    putStream: (key, body: Readable) =>
      wrap(key, async () => {
        await mkdir(dirname(path(key)), { recursive: true });
        await pipeline(body, createWriteStream(path(key)));
      }),
    async get(key) {
      try {
        return new Uint8Array(await readFile(path(key)));
      } catch {
        return undefined;
      }
    },
    async getStream(key) {
      const file = path(key);
      return access(file).then(
        () => createReadStream(file),
        () => undefined,
      );
    },
  };
}
