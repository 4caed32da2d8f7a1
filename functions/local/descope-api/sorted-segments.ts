/**
 * A run `order[lo..hi)` of record indices sorted oldest first by (occurred, ID). Searches are served
 * from one or more segments without copying them.
 */
export interface Segment {
  order: Int32Array;
  lo: number;
  hi: number;
}

/** Compares two record indices by (occurred, ID): negative when `a` is older. */
export type IndexComparator = (a: number, b: number) => number;

/** First position in `order[lo..hi)` whose occurred is `>= time` (or `> time` when `after`). */
export function boundOf(order: Int32Array, occurred: Float64Array, time: number, after: boolean): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const value = occurred[order[mid] ?? 0] ?? 0;
    if (value < time || (after && value === time)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The part of a sorted index whose occurred lies in `[from, to]` (both inclusive). */
export function sliceByTime(order: Int32Array, occurred: Float64Array, from: number, to: number): Segment {
  const lo = boundOf(order, occurred, from, false);
  const hi = Math.max(lo, boundOf(order, occurred, to, true));
  return { order, lo, hi };
}

/** Keeps only the indices accepted by `keep`, preserving order. */
export function filterSegment(segment: Segment, keep: (index: number) => boolean): Segment {
  const kept = new Int32Array(segment.hi - segment.lo);
  let n = 0;
  for (let p = segment.lo; p < segment.hi; p++) {
    const index = segment.order[p] ?? 0;
    if (keep(index)) kept[n++] = index;
  }
  return { order: kept.subarray(0, n), lo: 0, hi: n };
}

/**
 * Reads `size` indices after skipping `offset`, in the merged order of all segments: newest first
 * unless `oldestFirst`. One segment is a plain slice; several are merged lazily, so the cost grows with
 * `offset + size` and the segment count, never with the total.
 */
export function readMergedPage(
  segments: readonly Segment[],
  compare: IndexComparator,
  offset: number,
  size: number,
  oldestFirst: boolean,
): number[] {
  const only = segments.length === 1 ? segments[0] : undefined;
  if (only) {
    const page: number[] = [];
    const count = Math.max(0, Math.min(size, only.hi - only.lo - offset));
    for (let i = 0; i < count; i++) {
      const p = oldestFirst ? only.lo + offset + i : only.hi - 1 - offset - i;
      page.push(only.order[p] ?? 0);
    }
    return page;
  }
  const cursors = segments.map((s) => (oldestFirst ? s.lo : s.hi - 1));
  const page: number[] = [];
  for (let taken = 0; taken < offset + size; taken++) {
    let best = -1;
    let bestIndex = 0;
    for (let k = 0; k < segments.length; k++) {
      const segment = segments[k];
      const cursor = cursors[k] ?? 0;
      if (!segment || cursor < segment.lo || cursor >= segment.hi) continue;
      const index = segment.order[cursor] ?? 0;
      const order = compare(index, bestIndex);
      if (best < 0 || (oldestFirst ? order < 0 : order > 0)) {
        best = k;
        bestIndex = index;
      }
    }
    if (best < 0) break;
    cursors[best] = (cursors[best] ?? 0) + (oldestFirst ? 1 : -1);
    if (taken >= offset) page.push(bestIndex);
  }
  return page;
}
