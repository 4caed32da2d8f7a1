import { createReadStream } from 'node:fs';
import type { ReportStore } from '../../adapters/report-store.js';
import type { ManifestEntry } from '../../core/integrity/manifest.js';
import { revisionPrefix } from '../../core/integrity/revision-layout.js';
import { byteFingerprint } from '../../shared/byte-fingerprint.js';
import { ReportStorageError } from '../../shared/errors.js';
import { newestRevision, readSealedRevision, type SealedRevision } from './sealed-revisions.js';
import { copyVerified, mismatch, storedMatches, uploadThrough } from './verified-upload.js';

/** A file to store in the run's revision: its name there, type, size, SHA-256 and bytes (readable again). */
export interface FileToPlace extends ManifestEntry {
  contentType: string;
  source: { body: Uint8Array } | { path: string };
}

/** A file this run has in its current revision, written or found there with the same bytes. */
export type PlacedFile = ManifestEntry & { contentType: string };

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

/** Opens the period's writer in its newest revision, or where a continued run left off. */
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
