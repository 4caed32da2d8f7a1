import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { ManifestEntry } from '../../core/integrity/manifest.js';
import type { AuditRecord } from '../../core/records/audit-record.js';
import { formatEvidenceLine } from '../../core/records/evidence-line.js';
import { byteFingerprint } from '../../shared/byte-fingerprint.js';
import type { RevisionWriter } from '../publish/revision-writer.js';
import { EVIDENCE_CONTENT_TYPE } from '../run-control/collection-checkpoint.js';

/** Writes records as gzipped NDJSON into one evidence part of the run's revision. */
export interface EvidenceWriter {
  write(record: AuditRecord): Promise<void>;
  /** Writes a line {@link formatEvidenceLine} made earlier (the stream source sorts lines, not records). */
  writeLine(line: string): Promise<void>;
  /** Ends the file and waits until it is stored (or found in place); returns its manifest entry. */
  close(): Promise<ManifestEntry>;
  /** Drops the file: nothing is stored. */
  abort(): Promise<void>;
}

/** Characters of NDJSON gathered before they are compressed (memory held: about this many bytes). */
const BATCH_CHARS = 64 * 1024;

/**
 * The part is compressed to a local file first (one segment's records, a few MB), then placed in the
 * run's revision: sealed evidence is written once, so a part that already exists is compared, not
 * overwritten, and one that differs goes to a new revision. Its bytes must still be at hand then.
 */
export function createEvidenceWriter(target: RevisionWriter, name: string): EvidenceWriter {
  const spool = join(tmpdir(), `evidence-${randomUUID()}.ndjson.gz`);
  const gzip = createGzip({ level: 6 });
  const { tap, seen } = byteFingerprint();
  const written = pipeline(gzip, tap, createWriteStream(spool));
  let failure: unknown;
  written.catch((error: unknown) => {
    failure ??= error;
  });
  // Lines are handed to gzip in batches: each write to a zlib stream is a separate trip to the
  // thread pool, which cost more than the compression itself when it was done once per record.
  let batch = '';
  const remove = () => unlink(spool).catch(() => undefined);
  const writeLine = async (line: string) => {
    if (failure) throw failure;
    batch += line;
    if (batch.length < BATCH_CHARS) return;
    const chunk = batch;
    batch = '';
    if (!gzip.write(chunk)) await Promise.race([once(gzip, 'drain'), written]);
  };
  return {
    write: (record) => writeLine(formatEvidenceLine(record)),
    writeLine,
    async close() {
      try {
        if (failure) throw failure;
        if (batch !== '') gzip.write(batch);
        batch = '';
        gzip.end();
        await written;
        const entry = { name, ...seen() };
        await target.place({ ...entry, contentType: EVIDENCE_CONTENT_TYPE, source: { path: spool } });
        return entry;
      } finally {
        await remove();
      }
    },
    async abort() {
      failure ??= new Error(`evidence part ${name} abandoned`);
      gzip.destroy(failure as Error);
      await written.catch(() => undefined);
      await remove();
    },
  };
}
