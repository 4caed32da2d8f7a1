import type { StreamEventShape } from '../../../core/stream/stream-event.js';

/** What reading the objects saw, before de-duplication. */
export interface StagingCounts {
  objects: number;
  /** JSON values read (records, malformed ones, copies, records of other days). */
  values: number;
  malformed: number;
  /** Records outside every collection's window (the partitions before and after the period). */
  outside: number;
  /** Records no collection keeps (other actions). */
  unwanted: number;
  /** Records found in a later day's partition than their own. */
  late: number;
  /** Records with login IDs, and of those the ones whose login IDs look masked. */
  withLoginIds: number;
  maskedLoginIds: number;
  /** Shape (see `shapeKey`) → records. */
  shapes: Map<string, { shape: StreamEventShape; records: number }>;
}

/** Every count at zero, for one object or the whole stream. */
export const emptyCounts = (): StagingCounts => ({
  objects: 0,
  values: 0,
  malformed: 0,
  outside: 0,
  unwanted: 0,
  late: 0,
  withLoginIds: 0,
  maskedLoginIds: 0,
  shapes: new Map(),
});

/** Records of one shape are counted together (the envelope, the id and login-ID fields, the time). */
export const shapeKey = (s: StreamEventShape) =>
  `${s.envelope ? 'E' : 'B'}:${s.idField}:${s.loginIdsField}:${s.occurred}`;

/** Adds one object's counts to the stream's. */
export function addCounts(into: StagingCounts, from: StagingCounts): void {
  for (const field of [
    'objects',
    'values',
    'malformed',
    'outside',
    'unwanted',
    'late',
    'withLoginIds',
    'maskedLoginIds',
  ] as const)
    into[field] += from[field];
  for (const [key, value] of from.shapes) {
    const held = into.shapes.get(key);
    if (held) held.records += value.records;
    else into.shapes.set(key, { ...value });
  }
}
