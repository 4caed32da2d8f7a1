import { gzipSync } from 'node:zlib';
import { DAY_MS } from '../../core/period/period.js';
import type { AuditRecord } from '../../core/records/audit-record.js';
import { dayPrefix, FIREHOSE_EVENTS_PATTERN } from '../../core/stream/stream-layout.js';
import { toWireAuditRecord } from '../descope-api/wire-audit-record.js';

/*
 * The audit stream as the two AWS paths land it, for the local stand-in, the tests and the benchmark.
 * Descope's real object format is undocumented: these objects use the spellings the stream source
 * accepts, one path each, so both are exercised.
 */

/** The connector layout the stand-in writes (`{projectId}/{yyyy}/{mm}/{dd}/`); the real one is undocumented. */
export const CONNECTOR_PATTERN = '{projectId}/{yyyy}/{mm}/{dd}/';

export interface StreamObjectOptions {
  /**
   * `firehose`: EventBridge envelopes (search spelling in `detail`), gzipped NDJSON, under
   * `stream/events/dt=YYYY-MM-DD/`, as this stack's Firehose delivers them. `connector`: bare records
   * (`id`, `loginIds`, numeric `occurred`) as JSON arrays, plain, under `{projectId}/YYYY/MM/DD/`.
   */
  layout: 'firehose' | 'connector';
  projectId: string;
  /** Records per object at most (Firehose's size buffer). @default 500 */
  batchRecords?: number;
  /** An object holds at most this span of events (Firehose's buffer interval is 60–900 s). @default 900000 */
  batchMs?: number;
  /** Every nth record is delivered again in the next object (at-least-once). @default never */
  duplicateEvery?: number;
  /** Every nth object arrives a day late (its partition is the next day). @default never */
  lateEvery?: number;
  /** Login IDs masked as `mask_pii` would (`j***@e***.com`). @default false */
  masked?: boolean;
  /** Objects (by position) whose bytes are cut short: unreadable, quarantined by the job. @default none */
  corrupt?: readonly number[];
}

export interface StreamObjectBody {
  key: string;
  body: Buffer;
}

/** `jane@example.com` → `j***@e***.com`; anything else → its first character and `***`. */
export function maskLoginId(id: string): string {
  const at = id.indexOf('@');
  if (at < 1) return `${id.slice(0, 1)}***`;
  const domain = id.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  return `${id[0]}***@${domain.slice(0, 1)}***${dot > 0 ? domain.slice(dot) : ''}`;
}

const iso = (ms: number) => new Date(ms).toISOString();

function eventOf(record: AuditRecord, options: StreamObjectOptions, n: number): unknown {
  const loginIds = options.masked ? record.loginIds.map(maskLoginId) : record.loginIds;
  const shown = { ...record, loginIds };
  if (options.layout === 'connector') {
    const { id, ...rest } = shown;
    return { ...(id ? { id } : {}), ...rest };
  }
  const detail = toWireAuditRecord(
    { id: record.id ?? '', record: shown },
    { withId: record.id !== undefined },
  );
  return {
    version: '0',
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    'detail-type': 'Descope Audit Event',
    source: 'descope.audit',
    account: '111122223333',
    time: iso(record.occurred),
    region: 'us-east-1',
    resources: [],
    detail,
  };
}

const stamp = (ms: number) => iso(ms).slice(0, 19).replace(/[T:]/g, '-');

/**
 * The stream objects of `records` (in time order), batched as delivered: an object's partition is
 * the day it arrived (a minute after its last record, a day more when late), so events near
 * midnight and late objects sit in the next day's partition. Duplicates ride in the next object.
 */
export function* streamObjects(
  records: Iterable<AuditRecord>,
  options: StreamObjectOptions,
): Generator<StreamObjectBody> {
  const batchRecords = options.batchRecords ?? 500;
  const batchMs = options.batchMs ?? 900_000;
  const corrupt = new Set(options.corrupt ?? []);
  let batch: AuditRecord[] = [];
  let redeliver: AuditRecord[] = [];
  let nextRedeliver: AuditRecord[] = [];
  let objects = 0;
  let events = 0;
  const emit = (): StreamObjectBody => {
    const last = batch.at(-1) as AuditRecord;
    const late = options.lateEvery !== undefined && (objects + 1) % options.lateEvery === 0;
    const arrived = last.occurred + 60_000 + (late ? DAY_MS : 0);
    const day = Math.floor(arrived / DAY_MS) * DAY_MS;
    const shown = [...redeliver, ...batch].map((r, i) => eventOf(r, options, events + i + 1));
    events += shown.length;
    redeliver = nextRedeliver;
    nextRedeliver = [];
    batch = [];
    const seq = String(objects).padStart(8, '0');
    let object: StreamObjectBody =
      options.layout === 'firehose'
        ? {
            key: `${dayPrefix(FIREHOSE_EVENTS_PATTERN, options.projectId, day)}DescopeAuditStream-1-${stamp(arrived)}-${seq}.gz`,
            body: gzipSync(`${shown.map((e) => JSON.stringify(e)).join('\n')}\n`),
          }
        : {
            key: `${dayPrefix(CONNECTOR_PATTERN, options.projectId, day)}${stamp(arrived)}-${seq}.json`,
            body: Buffer.from(JSON.stringify(shown)),
          };
    if (corrupt.has(objects))
      object = { ...object, body: object.body.subarray(0, Math.floor(object.body.length / 2)) };
    objects += 1;
    return object;
  };
  let n = 0;
  for (const record of records) {
    n += 1;
    const first = batch[0];
    if (first && record.occurred - first.occurred >= batchMs) yield emit();
    batch.push(record);
    if (options.duplicateEvery !== undefined && n % options.duplicateEvery === 0) nextRedeliver.push(record);
    if (batch.length >= batchRecords) yield emit();
  }
  if (batch.length > 0) yield emit();
  // The last object's copies still arrive, alone.
  if (redeliver.length > 0) {
    batch = redeliver;
    redeliver = [];
    yield emit();
  }
}
