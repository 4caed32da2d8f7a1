import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, link, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
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

/**
 * How old a compare-and-swap marker (`<key>.writing`) must be before it counts as left behind by a
 * writer that crashed mid-write: the period lock's expiry (`LOCK_TTL_MS`), so a folder recovers
 * from a crash exactly when a bucket would.
 */
export const MARKER_EXPIRY_MS = 15 * 60_000;

export interface DirectoryStoreOptions {
  /** @default MARKER_EXPIRY_MS */
  markerExpiryMs?: number;
  /** Epoch ms now, compared with a marker's modification time. @default Date.now */
  clock?: () => number;
}

/**
 * Removes a marker older than `expiryMs`; true when the caller may try to create it again. It is
 * renamed aside first, so of two writers taking over the same stale marker only one succeeds,
 * and a fresh marker renamed by mistake (created between the check and the rename) is put back.
 */
async function removeStaleMarker(marker: string, expiryMs: number, now: number): Promise<boolean> {
  const found = await stat(marker).catch(() => undefined);
  if (!found) return true;
  if (now - found.mtimeMs < expiryMs) return false;
  const aside = `${marker}.stale-${randomUUID()}`;
  try {
    await rename(marker, aside);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return true;
    throw error;
  }
  const moved = await stat(aside);
  if (moved.ino !== found.ino) {
    await link(aside, marker).catch(() => undefined);
    await unlink(aside);
    return false;
  }
  await unlink(aside);
  return true;
}

/** Report files in a local folder, for `--dry-run --out DIR`: same keys, no AWS. */
export function createDirectoryReportStore(root: string, options: DirectoryStoreOptions = {}): ReportStore {
  const base = resolve(root);
  const expiryMs = options.markerExpiryMs ?? MARKER_EXPIRY_MS;
  const clock = options.clock ?? Date.now;
  /** Creates the marker; false when another writer holds it (a marker past its expiry is taken over). */
  const claimMarker = async (marker: string): Promise<boolean> => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        await writeFile(marker, '', { flag: 'wx' });
        return true;
      } catch (error) {
        if (!isCode(error, 'EEXIST')) throw error;
      }
      if (!(await removeStaleMarker(marker, expiryMs, clock()))) return false;
    }
    return false;
  };
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
        // concurrent conditional write does in S3 (409). A marker a crashed writer left behind
        // expires like the period lock, instead of blocking the key for good.
        const marker = `${target}.writing`;
        if (!(await claimMarker(marker))) return { written: false };
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
