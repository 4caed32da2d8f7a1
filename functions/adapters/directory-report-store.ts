import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { ReportStorageError } from '../shared/errors.js';
import { createDirectoryReportReader } from './directory-report-reader.js';
import type { ReportStore } from './report-store.js';

/** A content hash in S3's quoted-ETag form: equal bytes, equal ETag. */
const etagOf = (body: Uint8Array | string) => `"${createHash('sha256').update(body).digest('hex')}"`;

const isCode = (error: unknown, code: string) => (error as { code?: string })?.code === code;

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
    putIf: (key, body, _contentType, condition) =>
      wrap(key, async () => {
        const target = path(key);
        await mkdir(dirname(target), { recursive: true });
        if ('ifNoneMatch' in condition) {
          const written = await createExclusively(target, (temp) => writeFile(temp, body));
          return written ? { written: true, etag: etagOf(body) } : { written: false };
        }
        // Compare-and-swap under an exclusive marker file; a writer finding the marker loses, as a
        // concurrent conditional write does in S3 (409).
        const marker = `${target}.writing`;
        try {
          await writeFile(marker, '', { flag: 'wx' });
        } catch (error) {
          if (isCode(error, 'EEXIST')) return { written: false };
          throw error;
        }
        try {
          const current = await readFile(target).catch(() => undefined);
          if (!current || etagOf(current) !== condition.ifMatch) return { written: false };
          await writeFile(`${marker}.tmp`, body);
          await rename(`${marker}.tmp`, target);
          return { written: true, etag: etagOf(body) };
        } finally {
          await unlink(marker);
        }
      }),
    putStreamIfAbsent: (key, body: Readable) =>
      wrap(key, async () => {
        const target = path(key);
        await mkdir(dirname(target), { recursive: true });
        const written = await createExclusively(target, (temp) => pipeline(body, createWriteStream(temp)));
        if (!written) body.resume();
        return { written };
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
    async getVersioned(key) {
      try {
        const body = new Uint8Array(await readFile(path(key)));
        return { body, etag: etagOf(body) };
      } catch {
        return undefined;
      }
    },
    list: (prefix) => createDirectoryReportReader(base).list(prefix),
  };
}

/**
 * Writes `target` only if it does not exist, atomically (If-None-Match): the body goes to a
 * temporary file first, which is then hard-linked into place; `link` fails if the name exists.
 */
async function createExclusively(target: string, fill: (temp: string) => Promise<unknown>): Promise<boolean> {
  const temp = `${target}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await fill(temp);
    await link(temp, target);
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}
