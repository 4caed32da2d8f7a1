import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ReportStore } from '../../adapters/report-store.js';
import { type EvidencePart, evidenceFingerprint, openEvidencePart } from './evidence-part.js';

/**
 * Copies stored evidence parts to `directory` (one file each, in order) and returns their local
 * paths. Each part is hashed as it is written and refused unless its size and SHA-256 are what the
 * checkpoint recorded, so the engine never loads evidence replaced since it was collected.
 */
export async function stageEvidence(
  store: ReportStore,
  parts: readonly EvidencePart[],
  directory: string,
): Promise<string[]> {
  const paths: string[] = [];
  for (const [index, part] of parts.entries()) {
    const path = join(directory, `part-${String(index).padStart(5, '0')}.ndjson.gz`);
    await mkdir(dirname(path), { recursive: true });
    const fingerprint = evidenceFingerprint();
    await pipeline(await openEvidencePart(store, part.key), fingerprint.tap, createWriteStream(path));
    fingerprint.check(part);
    paths.push(path);
  }
  return paths;
}
