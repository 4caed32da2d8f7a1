import type { Readable } from 'node:stream';
import type { ReportStore } from '../../adapters/report-store.js';
import { byteFingerprint } from '../../shared/byte-fingerprint.js';
import { EvidenceIntegrityError, ReportStorageError } from '../../shared/errors.js';

/** A stored evidence part and what the checkpoint recorded when it was written. */
export interface EvidencePart {
  key: string;
  bytes: number;
  sha256: string;
}

/** The stored part's bytes as a stream; a missing part is a storage error. */
export async function openEvidencePart(store: ReportStore, key: string): Promise<Readable> {
  const body = await store.getStream(key);
  if (!body) throw new ReportStorageError(`Evidence part ${key} is missing`);
  return body;
}

/**
 * A pass-through that hashes and counts the bytes flowing through it; `check` then refuses the part
 * unless its size and SHA-256 are what the checkpoint recorded (evidence replaced since it was
 * collected is never read).
 */
export function evidenceFingerprint() {
  const { tap, seen } = byteFingerprint();
  return {
    tap,
    check: (part: EvidencePart) => {
      const { bytes, sha256 } = seen();
      assertIntact(part, bytes, sha256);
    },
  };
}

function assertIntact(part: EvidencePart, bytes: number, sha256: string): void {
  if (bytes === part.bytes && sha256 === part.sha256) return;
  throw new EvidenceIntegrityError(
    `Evidence part ${part.key} is not the file this run wrote (${bytes} bytes, SHA-256 ${sha256}; ` +
      `the checkpoint recorded ${part.bytes} bytes, ${part.sha256}): it was replaced, so it is not read`,
  );
}
