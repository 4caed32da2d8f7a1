import type { AuditRecord } from '../../core/records/audit-record.js';
import { filterSegment, readMergedPage, type Segment, sliceByTime } from './sorted-segments.js';

/** A record as served: the record plus the ID the wire format shows (assigned when it had none). */
export interface StoredRecord {
  id: string;
  record: AuditRecord;
}

/** What to select; `from` and `to` are epoch ms and both inclusive. */
export interface StoreQuery {
  from: number;
  to: number;
  /** Only these actions; absent or empty means every action. */
  actions?: ReadonlySet<string>;
  excludedActions?: ReadonlySet<string>;
  /** Any further filter; it scans only the time slice of the selected actions. */
  predicate?: (record: AuditRecord) => boolean;
}

/** The records matching a query, readable page by page without materialising them all. */
export interface Selection {
  readonly total: number;
  /** Records `offset…offset+size` in order: newest first unless `oldestFirst`; ties by ID. */
  page(offset: number, size: number, oldestFirst: boolean): StoredRecord[];
  forEach(visit: (record: AuditRecord) => void): void;
}

/** Audit records indexed for the searches the stand-in serves. */
export interface AuditRecordStore {
  readonly size: number;
  select(query: StoreQuery): Selection;
}

/**
 * Indexes records by time and by action. Each index is an `Int32Array` of record positions sorted by
 * (occurred, ID), so a search by actions and time is a binary search plus a slice, even over 1M records.
 * The records themselves are kept by reference (not copied, to stay compact): do not mutate them after.
 */
export function createAuditRecordStore(records: readonly AuditRecord[]): AuditRecordStore {
  const count = records.length;
  const occurred = new Float64Array(count);
  const ids: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const record = records[i] as AuditRecord;
    occurred[i] = record.occurred;
    ids[i] = record.id ?? `standin-${i}`;
  }
  const compare = (a: number, b: number): number => {
    const byTime = (occurred[a] ?? 0) - (occurred[b] ?? 0);
    if (byTime !== 0) return byTime;
    const idA = ids[a] ?? '';
    const idB = ids[b] ?? '';
    return idA < idB ? -1 : idA > idB ? 1 : 0;
  };

  const all = new Int32Array(count);
  let sorted = true;
  for (let i = 0; i < count; i++) {
    all[i] = i;
    if (sorted && i > 0 && compare(i - 1, i) > 0) sorted = false;
  }
  // Generators emit records in time order; sorting is only needed for arbitrary input.
  if (!sorted) all.sort(compare);

  const byAction = indexByAction(records, all);

  const segmentsFor = (query: StoreQuery): Segment[] => {
    const excluded = query.excludedActions ?? new Set<string>();
    const wanted = query.actions && query.actions.size > 0 ? [...query.actions] : undefined;
    if (!wanted && excluded.size === 0) return [sliceByTime(all, occurred, query.from, query.to)];
    const actions = (wanted ?? [...byAction.keys()]).filter((action) => !excluded.has(action));
    return actions.flatMap((action) => {
      const order = byAction.get(action);
      return order ? [sliceByTime(order, occurred, query.from, query.to)] : [];
    });
  };

  return {
    size: count,
    select(query) {
      let segments = segmentsFor(query).filter((s) => s.hi > s.lo);
      const predicate = query.predicate;
      if (predicate) {
        segments = segments
          .map((s) => filterSegment(s, (index) => predicate(records[index] as AuditRecord)))
          .filter((s) => s.hi > s.lo);
      }
      const total = segments.reduce((sum, s) => sum + (s.hi - s.lo), 0);
      return {
        total,
        page: (offset, size, oldestFirst) =>
          readMergedPage(segments, compare, offset, size, oldestFirst).map((index) => ({
            id: ids[index] ?? '',
            record: records[index] as AuditRecord,
          })),
        forEach(visit) {
          for (const s of segments) {
            for (let p = s.lo; p < s.hi; p++) visit(records[s.order[p] ?? 0] as AuditRecord);
          }
        },
      };
    },
  };
}

/** One sorted index per action, built in a single pass over the global order (so each stays sorted). */
function indexByAction(records: readonly AuditRecord[], all: Int32Array): Map<string, Int32Array> {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.action, (counts.get(record.action) ?? 0) + 1);
  const index = new Map<string, Int32Array>();
  const filled = new Map<string, number>();
  for (const [action, n] of counts) {
    index.set(action, new Int32Array(n));
    filled.set(action, 0);
  }
  for (const position of all) {
    const action = (records[position] as AuditRecord).action;
    const n = filled.get(action) ?? 0;
    const order = index.get(action);
    if (order) order[n] = position;
    filled.set(action, n + 1);
  }
  return index;
}
