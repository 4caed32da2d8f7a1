import { gunzipSync } from 'node:zlib';
import type { ReportStore } from '../adapters/report-store.js';
import type { AuditRecord } from '../core/audit-record.js';
import { ReportStorageError } from '../shared/errors.js';

interface EvidenceLine {
  id: string | null;
  occurredMs: number;
  action: string;
  userId: string;
  loginIds: string[];
  actorId: string;
  tenants: string[];
  geo: string;
  remoteAddress: string;
  device: string;
  method: string;
  type: string;
  projectId: string;
  data: Record<string, unknown>;
}

/** The inverse of the evidence writer's line. */
function toRecord(line: EvidenceLine): AuditRecord {
  const { id, occurredMs, ...rest } = line;
  const record: AuditRecord = {
    projectId: rest.projectId,
    userId: rest.userId,
    action: rest.action,
    occurred: occurredMs,
    device: rest.device,
    method: rest.method,
    geo: rest.geo,
    remoteAddress: rest.remoteAddress,
    loginIds: rest.loginIds,
    tenants: rest.tenants,
    data: rest.data,
    type: rest.type,
    actorId: rest.actorId,
  };
  return id === null ? record : { id, ...record };
}

/**
 * Streams the records of stored evidence parts, one part (at most one result window of records)
 * in memory at a time. The numbers of a report are computed from exactly these files.
 */
export async function* readEvidence(store: ReportStore, keys: string[]): AsyncGenerator<AuditRecord> {
  for (const key of keys) {
    const body = await store.get(key);
    if (!body) throw new ReportStorageError(`Evidence part ${key} is missing`);
    const text = gunzipSync(body).toString('utf8');
    let start = 0;
    while (start < text.length) {
      const end = text.indexOf('\n', start);
      const line = text.slice(start, end === -1 ? text.length : end);
      start = end === -1 ? text.length : end + 1;
      if (line) yield toRecord(JSON.parse(line) as EvidenceLine);
    }
  }
}
