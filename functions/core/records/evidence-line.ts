import type { AuditRecord } from './audit-record.js';
import { safeStringify } from './json-writer.js';

/*
 * The evidence line format (gzipped NDJSON, one audit record per line): written by the job,
 * read back by the job to compute the report, by auditors, and by the benchmark.
 */

/**
 * Field order of an evidence line: fixed, so the same records always give the same bytes. `data` is
 * written last and verbatim (the text `JSON.stringify` gives) at any depth: a record nesting
 * thousands of levels is kept and counted like any other, never lost to a stack overflow.
 */
export function formatEvidenceLine(r: AuditRecord): string {
  const head = JSON.stringify({
    id: r.id ?? null,
    occurred: new Date(r.occurred).toISOString(),
    occurredMs: r.occurred,
    action: r.action,
    userId: r.userId,
    loginIds: r.loginIds,
    actorId: r.actorId,
    tenants: r.tenants,
    geo: r.geo,
    remoteAddress: r.remoteAddress,
    device: r.device,
    method: r.method,
    type: r.type,
    projectId: r.projectId,
  });
  return `${head.slice(0, -1)},"data":${safeStringify(r.data)}}\n`;
}

/** One line of an evidence part, as {@link formatEvidenceLine} writes it. */
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
