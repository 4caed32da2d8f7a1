import { createReadStream } from 'node:fs';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReportStore } from '../../adapters/report-store.js';
import { MANIFEST_FILE, type ManifestEntry } from '../../core/integrity/manifest.js';
import { parseManifest } from '../../core/integrity/parse-manifest.js';
import { REVISIONS_FOLDER, revisionPrefix, revisionsIn } from '../../core/integrity/revision-layout.js';
import { byteFingerprint, type Fingerprint } from '../../shared/byte-fingerprint.js';
import { ReportStorageError } from '../../shared/errors.js';

/** A file to store in the run's revision: its name there, type, size, SHA-256 and bytes (readable again). */
export interface FileToPlace extends ManifestEntry {
  contentType: string;
  source: { body: Uint8Array } | { path: string };
}

/** A file this run has in its current revision, written or found there with the same bytes. */
export type PlacedFile = ManifestEntry & { contentType: string };

/** The stored manifest of a sealed revision: its bytes and the files it lists. */
export interface SealedRevision {
  body: Uint8Array;
  files: ReadonlyMap<string, ManifestEntry>;
}

/**
 * Where one run stores a period's files, written once each. It starts in the period's newest
 * revision: a file already there with the same bytes is left in place (nothing written), so a re-run
 * over unchanged data writes nothing. A file that differs, or one a sealed revision does not list,
 * can never be written there: the writer moves to the next empty revision, copies every file this
 * run placed so far, and carries on there (`revision-layout.ts`).
 */
export interface RevisionWriter {
  readonly periodPrefix: string;
  /** The revision files go to now (1: the period's own folder). */
  readonly revision: number;
  /** Its key prefix. */
  readonly prefix: string;
  /** The current revision's manifest when it is sealed. */
  readonly sealed: SealedRevision | undefined;
  readonly placed: readonly PlacedFile[];
  place(file: FileToPlace): Promise<'written' | 'in-place'>;
  /** Moves to the next empty revision, copying every placed file there. */
  moveOn(): Promise<void>;
}

export interface OpenRevisionWriterInput {
  store: ReportStore;
  periodPrefix: string;
  /** A continued run's revision and the files it placed there (from its checkpoint). */
  resume?: { revision: number; placed: readonly PlacedFile[] };
}

/** The highest revision of the period holding any object (1 when there is none beyond the first). */
export async function newestRevision(store: ReportStore, periodPrefix: string): Promise<number> {
  const listed = await store.list(`${periodPrefix}${REVISIONS_FOLDER}`);
  return Math.max(...revisionsIn(listed.map((o) => o.key.slice(periodPrefix.length))));
}

/** The stored manifest of the revision at `prefix`, if it is sealed (an unreadable one lists nothing). */
export async function readSealedRevision(
  store: ReportStore,
  prefix: string,
): Promise<SealedRevision | undefined> {
  const body = await store.get(`${prefix}${MANIFEST_FILE}`);
  if (!body) return undefined;
  const parsed = parseManifest(body);
  const files = new Map((parsed.ok ? parsed.manifest.files : []).map((e) => [e.name, e]));
  return { body, files };
}

export async function openRevisionWriter(input: OpenRevisionWriterInput): Promise<RevisionWriter> {
  const { store, periodPrefix } = input;
  let revision = input.resume?.revision ?? (await newestRevision(store, periodPrefix));
  let prefix = revisionPrefix(periodPrefix, revision);
  let sealed = await readSealedRevision(store, prefix);
  let placed: PlacedFile[] = [...(input.resume?.placed ?? [])];
  const record = (file: FileToPlace) => {
    placed = [...placed.filter((p) => p.name !== file.name), entryOf(file)];
  };

  const write = async (file: FileToPlace): Promise<boolean> => {
    const key = `${prefix}${file.name}`;
    if ('body' in file.source) {
      return (await store.putIf(key, file.source.body, file.contentType, { ifNoneMatch: '*' })).written;
    }
    const { path } = file.source;
    const { tap } = byteFingerprint((seen) => mismatch(file, seen, path));
    const read = createReadStream(path);
    return uploadThrough(read, tap, (body) => store.putStreamIfAbsent(key, body, file.contentType));
  };

  const writer: RevisionWriter = {
    periodPrefix,
    get revision() {
      return revision;
    },
    get prefix() {
      return prefix;
    },
    get sealed() {
      return sealed;
    },
    get placed() {
      return placed;
    },
    async place(file) {
      // A name placed again carries its new bytes, not the earlier ones, to a next revision.
      placed = placed.filter((p) => p.name !== file.name);
      if (sealed) {
        const listed = sealed.files.get(file.name);
        if (listed && listed.sha256 === file.sha256 && listed.bytes === file.bytes) {
          record(file);
          return 'in-place';
        }
        await writer.moveOn();
      } else {
        if (await write(file)) {
          record(file);
          return 'written';
        }
        if (await storedMatches(store, `${prefix}${file.name}`, file)) {
          record(file);
          return 'in-place';
        }
        await writer.moveOn();
      }
      if (!(await write(file))) {
        throw new ReportStorageError(`${prefix}${file.name} appeared in a new revision while it was written`);
      }
      record(file);
      return 'written';
    },
    async moveOn() {
      let next = revision + 1;
      while ((await store.list(revisionPrefix(periodPrefix, next))).length > 0) next += 1;
      const target = revisionPrefix(periodPrefix, next);
      for (const file of placed)
        await copyVerified(store, `${prefix}${file.name}`, `${target}${file.name}`, file);
      revision = next;
      prefix = target;
      sealed = undefined;
    },
  };
  return writer;
}

const entryOf = (file: PlacedFile): PlacedFile => ({
  name: file.name,
  bytes: file.bytes,
  sha256: file.sha256,
  contentType: file.contentType,
});

const mismatch = (expected: ManifestEntry, seen: Fingerprint, where: string) =>
  seen.bytes === expected.bytes && seen.sha256 === expected.sha256
    ? undefined
    : new ReportStorageError(
        `${where} no longer holds the ${expected.bytes} bytes placed as ${expected.name}`,
      );

/** Whether the object at `key` holds exactly `file`'s bytes. */
async function storedMatches(store: ReportStore, key: string, file: ManifestEntry): Promise<boolean> {
  const stream = await store.getStream(key);
  if (!stream) return false;
  const { tap, seen } = byteFingerprint();
  await pipeline(stream, tap, async (source) => {
    for await (const _ of source) {
      // drained: only the fingerprint matters
    }
  });
  const found = seen();
  return found.bytes === file.bytes && found.sha256 === file.sha256;
}

/** Copies a placed file into the new revision, failing the write if the stored bytes changed meanwhile. */
async function copyVerified(store: ReportStore, from: string, to: string, file: PlacedFile): Promise<void> {
  const stream = await store.getStream(from);
  if (!stream) throw new ReportStorageError(`${from} vanished before it could be carried to ${to}`);
  const { tap } = byteFingerprint((seen) => mismatch(file, seen, from));
  if (!(await uploadThrough(stream, tap, (body) => store.putStreamIfAbsent(to, body, file.contentType)))) {
    throw new ReportStorageError(`${to} appeared in a new revision while it was written`);
  }
}

/**
 * Uploads `source` through the fingerprint `tap`. The upload sees any error of either stream (a
 * changed file, an unreadable one); when the store answers before reading it all (the key exists),
 * the source is closed so that nothing is left reading a file about to be removed.
 */
async function uploadThrough(
  source: Readable,
  tap: Transform,
  upload: (body: Readable) => Promise<{ written: boolean }>,
): Promise<boolean> {
  source.on('error', (error) => tap.destroy(error));
  tap.on('error', () => {}); // reported by the upload, which reads the tap
  source.pipe(tap);
  try {
    return (await upload(tap)).written;
  } finally {
    source.destroy();
  }
}
