import { createHash } from 'node:crypto';
import { pipeline, type Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { ReportStore } from '../adapters/report-store.js';
import type { AuditRecord } from '../core/audit-record.js';
import { parseEvidenceLine } from '../core/evidence-line.js';
import { EvidenceIntegrityError, ReportStorageError } from '../shared/errors.js';

/** A stored evidence part and what the checkpoint recorded when it was written. */
export interface EvidencePart {
  key: string;
  bytes: number;
  sha256: string;
}

async function open(store: ReportStore, key: string): Promise<Readable> {
  const body = await store.getStream(key);
  if (!body) throw new ReportStorageError(`Evidence part ${key} is missing`);
  return body;
}

/** Hashes and counts the bytes flowing through, to compare with the checkpoint at the end. */
function fingerprint() {
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return { tap, check: (part: EvidencePart) => assertIntact(part, bytes, hash.digest('hex')) };
}

function assertIntact(part: EvidencePart, bytes: number, sha256: string): void {
  if (bytes === part.bytes && sha256 === part.sha256) return;
  throw new EvidenceIntegrityError(
    `Evidence part ${part.key} is not the file this run wrote (${bytes} bytes, SHA-256 ${sha256}; ` +
      `the checkpoint recorded ${part.bytes} bytes, ${part.sha256}): it was replaced, so it is not read`,
  );
}

/** Errors reach the last stream of a pipeline (destroyed with them), where the reader sees them. */
const ignore = () => {};

async function drain(stream: Readable): Promise<void> {
  for await (const chunk of stream) void chunk;
}

/** Lines of a text stream, split on `\n` however the chunks fall (a line may span many chunks). */
async function* linesOf(text: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of text) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      yield rest + chunk.slice(start, end);
      rest = '';
      start = end + 1;
    }
    rest += chunk.slice(start);
  }
  if (rest !== '') yield rest;
}

/**
 * Streams the records of stored evidence parts, line by line from the gunzip stream: memory holds
 * one line, however large the part. Each part is read only after its size and SHA-256 match what
 * the checkpoint recorded when it was written (and is checked again as it is read), so evidence
 * replaced since is never aggregated. A line that is not an audit record fails the run.
 */
export async function* readEvidence(store: ReportStore, parts: EvidencePart[]): AsyncGenerator<AuditRecord> {
  for (const part of parts) {
    const before = fingerprint();
    await drain(pipeline(await open(store, part.key), before.tap, ignore));
    before.check(part);

    const during = fingerprint();
    const text = pipeline(await open(store, part.key), during.tap, createGunzip(), ignore).setEncoding(
      'utf8',
    );
    let lineNumber = 0;
    for await (const line of linesOf(text)) {
      lineNumber += 1;
      if (line) yield parseEvidenceLine(line, lineNumber);
    }
    during.check(part);
  }
}
