import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { AuditRecord } from '../../core/audit-record.js';

/** One line of `evidence/<collection>.ndjson.gz`, as `evidence-writer.ts` writes it. */
interface EvidenceLine extends Omit<AuditRecord, 'id' | 'occurred'> {
  id: string | null;
  /** ISO 8601, for people; the record's time is `occurredMs`. */
  occurred: string;
  occurredMs: number;
}

const STRING_FIELDS = ['action', 'userId', 'actorId', 'geo', 'remoteAddress', 'device', 'method', 'type'];

const isStringList = (value: unknown) => Array.isArray(value) && value.every((v) => typeof v === 'string');

/**
 * A structural check rather than a zod schema: these are our own files (the manifest hashes them),
 * and a schema parse per line cost about 15 µs, several times the aggregation being measured.
 */
function isEvidenceLine(value: unknown): value is EvidenceLine {
  if (typeof value !== 'object' || value === null) return false;
  const line = value as Record<string, unknown>;
  return (
    (line.id === null || typeof line.id === 'string') &&
    typeof line.occurredMs === 'number' &&
    typeof line.projectId === 'string' &&
    STRING_FIELDS.every((field) => typeof line[field] === 'string') &&
    isStringList(line.loginIds) &&
    isStringList(line.tenants) &&
    typeof line.data === 'object' &&
    line.data !== null
  );
}

/** The audit record an evidence line was written from; throws naming the line when it is not one. */
export function parseEvidenceLine(line: string, lineNumber: number): AuditRecord {
  const value: unknown = JSON.parse(line);
  if (!isEvidenceLine(value)) throw new Error(`evidence line ${lineNumber} is not an audit record`);
  const record: AuditRecord = {
    projectId: value.projectId,
    userId: value.userId,
    action: value.action,
    occurred: value.occurredMs,
    device: value.device,
    method: value.method,
    geo: value.geo,
    remoteAddress: value.remoteAddress,
    loginIds: value.loginIds,
    tenants: value.tenants,
    data: value.data,
    type: value.type,
    actorId: value.actorId,
  };
  return value.id === null ? record : { id: value.id, ...record };
}

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
