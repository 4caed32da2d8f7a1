import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ReportStore } from '../../../functions/adapters/report-store.js';
import { createEvidenceWriter } from '../../../functions/weekly-report/collect/evidence-writer.js';
import { openRevisionWriter } from '../../../functions/weekly-report/publish/revision-writer.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { inMemoryReportStore } from '../../support/in-memory-report-store.js';

const start = Date.UTC(2026, 10, 16);
const writerIn = async (store: ReportStore, name: string) =>
  createEvidenceWriter(await openRevisionWriter({ store, periodPrefix: 'k/' }), name);

describe('createEvidenceWriter', () => {
  it('stores every record as one NDJSON line, in order, across many batches', async () => {
    const { store, objects } = inMemoryReportStore();
    const records = Array.from({ length: 3000 }, (_, i) =>
      auditRecord({ occurred: start + i, geo: i % 7 === 0 ? 'Ünïcødé 東京 🔐' : 'US' }),
    );
    const writer = await writerIn(store, 'evidence/x.ndjson.gz');
    for (const record of records) await writer.write(record);
    const entry = await writer.close();

    const stored = objects.get('k/evidence/x.ndjson.gz') ?? Buffer.alloc(0);
    const lines = gunzipSync(stored).toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(3000);
    const parsed = lines.map((line) => JSON.parse(line) as { id: string; occurredMs: number; geo: string });
    expect(parsed.map((l) => l.id)).toEqual(records.map((r) => r.id));
    expect(parsed.map((l) => l.occurredMs)).toEqual(records.map((r) => r.occurred));
    expect(parsed[7]?.geo).toBe('Ünïcødé 東京 🔐');
    expect(entry).toEqual({
      name: 'evidence/x.ndjson.gz',
      bytes: stored.length,
      sha256: createHash('sha256').update(stored).digest('hex'),
    });
  });

  it('writes the same bytes as compressing the whole file at once, so batching never changes a hash', async () => {
    const { store, objects } = inMemoryReportStore();
    const writer = await writerIn(store, 'part');
    for (let i = 0; i < 2500; i++) await writer.write(auditRecord({ occurred: start + i }));
    await writer.close();
    const stored = objects.get('k/part') ?? Buffer.alloc(0);
    expect(stored.equals(gzipSync(gunzipSync(stored), { level: 6 }))).toBe(true);
  });

  it('stores an empty gzip member when there are no records', async () => {
    const { store, objects } = inMemoryReportStore();
    await (await writerIn(store, 'empty')).close();
    expect(objects.get('k/empty')?.equals(gzipSync('', { level: 6 }))).toBe(true);
  });

  it('reports a failed upload from close', async () => {
    const { store } = inMemoryReportStore();
    const failing: ReportStore = {
      ...store,
      putStreamIfAbsent: async () => {
        throw new Error('bucket gone');
      },
    };
    const writer = await writerIn(failing, 'part');
    const run = async () => {
      for (let i = 0; i < 1000; i++) await writer.write(auditRecord({ occurred: start + i }));
      return writer.close();
    };
    await expect(run()).rejects.toThrow('bucket gone');
  });

  it('stores nothing for an abandoned part', async () => {
    const { store, objects } = inMemoryReportStore();
    const writer = await writerIn(store, 'part');
    for (let i = 0; i < 2000; i++) await writer.write(auditRecord({ occurred: start + i }));
    await writer.abort();
    expect(objects.has('k/part')).toBe(false);
    await expect(writer.write(auditRecord())).rejects.toThrow(/abandoned/);
  });
});
