import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createDirectoryReportStore } from '../../../functions/adapters/directory-report-store.js';
import { formatEvidenceLine } from '../../../functions/core/records/evidence-line.js';
import { readEvidence } from '../../../functions/weekly-report/aggregate/evidence-reader.js';
import { auditRecord } from '../../support/audit-record-builder.js';

/** Scale: `npm run test:full` runs this file (vitest.full.config.ts); `npm test` leaves it out. */

const start = Date.UTC(2026, 10, 16);

let folder: string | undefined;
afterEach(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
  folder = undefined;
});

describe('readEvidence at scale', () => {
  it('streams a 600 MB part line by line (more text than one string can hold)', {
    timeout: 120_000,
  }, async () => {
    folder = await mkdtemp(join(tmpdir(), 'evidence-reader-'));
    const store = createDirectoryReportStore(folder);
    const lines = 1200;
    const padding = 'a'.repeat(512 * 1024);
    const generate = Readable.from(
      (function* () {
        for (let i = 0; i < lines; i += 1) {
          yield formatEvidenceLine(auditRecord({ id: `big-${i}`, occurred: start + i, data: { padding } }));
        }
      })(),
    );
    const hash = createHash('sha256');
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    const key = 'part-0001.ndjson.gz';
    await pipeline(generate, createGzip({ level: 1 }), tap, createWriteStream(join(folder, key)));
    const bytes = (await stat(join(folder, key))).size;
    let count = 0;
    let uncompressed = 0;
    for await (const record of readEvidence(store, [{ key, bytes, sha256: hash.digest('hex') }])) {
      expect(record.id).toBe(`big-${count}`);
      uncompressed += formatEvidenceLine(record).length;
      count += 1;
    }
    expect(count).toBe(lines);
    expect(uncompressed).toBeGreaterThan(600 * 1024 * 1024);
  });
});
