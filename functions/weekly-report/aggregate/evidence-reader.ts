import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { ReportStore } from '../../adapters/report-store.js';
import type { AuditRecord } from '../../core/records/audit-record.js';
import { parseEvidenceLine } from '../../core/records/evidence-line.js';
import { linesOf } from '../../shared/text-lines.js';
import { type EvidencePart, evidenceFingerprint, openEvidencePart } from './evidence-part.js';

export type { EvidencePart } from './evidence-part.js';

/** Errors reach the last stream of a pipeline (destroyed with them), where the reader sees them. */
const ignore = () => {};

async function drain(stream: Readable): Promise<void> {
  for await (const chunk of stream) void chunk;
}

/**
 * Streams the records of stored evidence parts, line by line from the gunzip stream: memory holds
 * one line, however large the part. Each part is read only after its size and SHA-256 match what
 * the checkpoint recorded when it was written (and is checked again as it is read), so evidence
 * replaced since is never aggregated. A line that is not an audit record fails the run.
 */
export async function* readEvidence(store: ReportStore, parts: EvidencePart[]): AsyncGenerator<AuditRecord> {
  for (const part of parts) {
    const before = evidenceFingerprint();
    await drain(pipeline(await openEvidencePart(store, part.key), before.tap, ignore));
    before.check(part);

    const during = evidenceFingerprint();
    const text = pipeline(
      await openEvidencePart(store, part.key),
      during.tap,
      createGunzip(),
      ignore,
    ).setEncoding('utf8');
    let lineNumber = 0;
    for await (const line of linesOf(text)) {
      lineNumber += 1;
      if (line) yield parseEvidenceLine(line, lineNumber);
    }
    during.check(part);
  }
}
