import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReportStore } from '../adapters/report-store.js';
import { EvidenceIntegrityError, ReportStorageError } from '../shared/errors.js';
import type { EvidencePart } from './evidence-reader.js';

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
    const body = await store.getStream(part.key);
    if (!body) throw new ReportStorageError(`Evidence part ${part.key} is missing`);
    const path = join(directory, `part-${String(index).padStart(5, '0')}.ndjson.gz`);
    await mkdir(dirname(path), { recursive: true });
    const hash = createHash('sha256');
    let bytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(body, tap, createWriteStream(path));
    const sha256 = hash.digest('hex');
    if (bytes !== part.bytes || sha256 !== part.sha256)
      throw new EvidenceIntegrityError(
        `Evidence part ${part.key} is not the file this run wrote (${bytes} bytes, SHA-256 ${sha256}; ` +
          `the checkpoint recorded ${part.bytes} bytes, ${part.sha256}): it was replaced, so it is not read`,
      );
    paths.push(path);
  }
  return paths;
}
