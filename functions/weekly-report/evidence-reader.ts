import { gunzipSync } from 'node:zlib';
import type { ReportStore } from '../adapters/report-store.js';
import type { AuditRecord } from '../core/audit-record.js';
import { parseEvidenceLine } from '../core/evidence-line.js';
import { ReportStorageError } from '../shared/errors.js';

/**
 * Streams the records of stored evidence parts, one part (at most one result window of records)
 * in memory at a time. The numbers of a report are computed from exactly these files; a line that
 * is not an audit record fails the run rather than being skipped.
 */
export async function* readEvidence(store: ReportStore, keys: string[]): AsyncGenerator<AuditRecord> {
  for (const key of keys) {
    const body = await store.get(key);
    if (!body) throw new ReportStorageError(`Evidence part ${key} is missing`);
    const text = gunzipSync(body).toString('utf8');
    let start = 0;
    let lineNumber = 0;
    while (start < text.length) {
      const end = text.indexOf('\n', start);
      const line = text.slice(start, end === -1 ? text.length : end);
      start = end === -1 ? text.length : end + 1;
      lineNumber += 1;
      if (line) yield parseEvidenceLine(line, lineNumber);
    }
  }
}
