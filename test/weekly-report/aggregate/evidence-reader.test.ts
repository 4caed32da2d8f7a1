import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createDirectoryReportStore } from '../../../functions/adapters/directory-report-store.js';
import { formatEvidenceLine } from '../../../functions/core/records/evidence-line.js';
import { EvidenceIntegrityError } from '../../../functions/shared/errors.js';
import { readEvidence } from '../../../functions/weekly-report/aggregate/evidence-reader.js';
import { createEvidenceWriter } from '../../../functions/weekly-report/collect/evidence-writer.js';
import { openRevisionWriter } from '../../../functions/weekly-report/publish/revision-writer.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { inMemoryReportStore } from '../../support/in-memory-report-store.js';

const start = Date.UTC(2026, 10, 16);

async function writePart(
  store: ReturnType<typeof inMemoryReportStore>['store'],
  records: ReturnType<typeof auditRecord>[],
) {
  const writer = createEvidenceWriter(
    await openRevisionWriter({ store, periodPrefix: 'p/' }),
    'part-0001.ndjson.gz',
  );
  for (const record of records) await writer.write(record);
  const entry = await writer.close();
  return { key: 'p/part-0001.ndjson.gz', bytes: entry.bytes, sha256: entry.sha256 };
}

async function readAll(...args: Parameters<typeof readEvidence>) {
  const records = [];
  for await (const record of readEvidence(...args)) records.push(record);
  return records;
}

let folder: string | undefined;
afterEach(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
  folder = undefined;
});

describe('readEvidence', () => {
  it('gives back exactly the records written, a 1 MB record among them', async () => {
    const { store } = inMemoryReportStore();
    const big = auditRecord({
      occurred: start,
      data: { scim_request: 'x'.repeat(1024 * 1024), note: 'é😀\u200f' },
    });
    const records = [auditRecord({ occurred: start - 1 }), big, auditRecord({ occurred: start + 1 })];
    const part = await writePart(store, records);
    expect(await readAll(store, [part])).toEqual(records);
  });

  it('refuses a part whose bytes are not the ones the checkpoint recorded, before reading it', async () => {
    const { store, objects } = inMemoryReportStore();
    const part = await writePart(store, [auditRecord({ occurred: start })]);
    // Another run's part under the same key: valid evidence, different records.
    objects.set(part.key, gzipSync(formatEvidenceLine(auditRecord({ occurred: start + 5 }))));
    const read = readEvidence(store, [part]);
    await expect(read.next()).rejects.toBeInstanceOf(EvidenceIntegrityError);
    await expect(readAll(store, [{ ...part, sha256: 'f'.repeat(64) }])).rejects.toThrow(
      /not the file this run wrote/,
    );
  });

  it('names a missing part', async () => {
    const { store } = inMemoryReportStore();
    await expect(readAll(store, [{ key: 'p/none', bytes: 0, sha256: '' }])).rejects.toThrow(
      /p\/none is missing/,
    );
  });

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
