import { rm } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
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
});
