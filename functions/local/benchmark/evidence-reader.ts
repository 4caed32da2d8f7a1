import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { AuditRecord } from '../../core/audit-record.js';
import { parseEvidenceLine } from '../../core/evidence-line.js';

/**
 * Streams a gzipped NDJSON evidence file as batches of records (a page's worth by default), so a
 * caller can time reading and aggregating separately while memory holds one batch.
 * @param batchSize @default 1000
 */
export async function* readEvidenceBatches(path: string, batchSize = 1000): AsyncGenerator<AuditRecord[]> {
  let batch: AuditRecord[] = [];
  let lineNumber = 0;
  let rest = '';
  const text = createReadStream(path).pipe(createGunzip()).setEncoding('utf8');
  for await (const chunk of text as AsyncIterable<string>) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      lineNumber += 1;
      if (line !== '') batch.push(parseEvidenceLine(line, lineNumber));
    }
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (rest !== '') batch.push(parseEvidenceLine(rest, lineNumber + 1));
  if (batch.length > 0) yield batch;
}
