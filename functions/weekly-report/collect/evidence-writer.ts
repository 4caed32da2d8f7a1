import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { ReportStore } from '../../adapters/report-store.js';
import type { ManifestEntry } from '../../core/integrity/manifest.js';
import type { AuditRecord } from '../../core/records/audit-record.js';
import { formatEvidenceLine } from '../../core/records/evidence-line.js';
import { describeError, ReportStorageError } from '../../shared/errors.js';

/** Streams records as gzipped NDJSON into the store while hashing the stored bytes. */
export interface EvidenceWriter {
  write(record: AuditRecord): Promise<void>;
  /** Writes a line {@link formatEvidenceLine} made earlier (the stream source sorts lines, not records). */
  writeLine(line: string): Promise<void>;
  /** Ends the file and waits until it is stored; returns its manifest entry. */
  close(): Promise<ManifestEntry>;
  /** Drops the file: the upload fails rather than storing part of it. */
  abort(): Promise<void>;
}

/** Characters of NDJSON gathered before they are compressed (memory held: about this many bytes). */
const BATCH_CHARS = 64 * 1024;

export function createEvidenceWriter(store: ReportStore, key: string, name: string): EvidenceWriter {
  const gzip = createGzip({ level: 6 });
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new PassThrough();
  tap.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  const body = new PassThrough();
  gzip.pipe(tap).pipe(body);
  let failure: unknown;
  // A failed upload is reported by write()/close(); destroying with it also wakes a write waiting on drain.
  gzip.on('error', () => {});
  const stored = store.putStream(key, body, 'application/x-ndjson').catch((error: unknown) => {
    failure = error;
    gzip.destroy(new ReportStorageError(describeError(error), { cause: error }));
  });
  // Lines are handed to gzip in batches: each write to a zlib stream is a separate trip to the
  // thread pool, which cost more than the compression itself when it was done once per record.
  let batch = '';
  const writeLine = async (line: string) => {
    if (failure) throw failure;
    batch += line;
    if (batch.length < BATCH_CHARS) return;
    const chunk = batch;
    batch = '';
    if (!gzip.write(chunk)) await once(gzip, 'drain');
  };
  return {
    write: (record) => writeLine(formatEvidenceLine(record)),
    writeLine,
    async close() {
      if (failure) throw failure;
      if (batch !== '') gzip.write(batch);
      batch = '';
      gzip.end();
      await stored;
      if (failure) throw failure;
      return { name, bytes, sha256: hash.digest('hex') };
    },
    async abort() {
      const abandoned = new Error(`evidence part ${name} abandoned`);
      failure ??= abandoned;
      gzip.destroy(abandoned);
      body.destroy(abandoned);
      await stored;
    },
  };
}
