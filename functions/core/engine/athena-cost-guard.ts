/** A day partition of the stream (`stream/events/dt=YYYY-MM-DD/`) and the bytes of its objects. */
export interface PartitionSize {
  day: string;
  bytes: number;
}

/** What the statements will scan: each reads the partitions `dt` prunes it to, whole. */
export interface ScanEstimate {
  bytesPerStatement: number;
  statements: number;
  days: string[];
}

const DAY_MS = 86_400_000;

/**
 * The day partitions a period's statements read: the period's UTC days and `lateDays` after (an
 * object lands on its arrival day), as the `dt` predicate of the Athena relation names them.
 */
export function partitionDays(period: { from: number; to: number }, lateDays: number): string[] {
  const days: string[] = [];
  const first = Math.floor(period.from / DAY_MS) * DAY_MS;
  for (let day = first; day < period.to + lateDays * DAY_MS; day += DAY_MS)
    days.push(new Date(day).toISOString().slice(0, 10));
  return days;
}

/**
 * The listed stream objects (`day` as the partition's UTC midnight, epoch ms, as the stream
 * listing gives it) summed per day partition, named as `dt` names it.
 */
export function partitionSizes(objects: ReadonlyArray<{ day: number; bytes: number }>): PartitionSize[] {
  const bytes = new Map<string, number>();
  for (const o of objects) {
    const day = new Date(o.day).toISOString().slice(0, 10);
    bytes.set(day, (bytes.get(day) ?? 0) + o.bytes);
  }
  return [...bytes].map(([day, size]) => ({ day, bytes: size }));
}

/** Bytes each statement scans (JSON is not columnar: every statement reads its partitions whole). */
export function estimateScan(
  sizes: readonly PartitionSize[],
  days: readonly string[],
  statements: number,
): ScanEstimate {
  const wanted = new Set(days);
  const bytes = sizes.filter((s) => wanted.has(s.day)).reduce((sum, s) => sum + s.bytes, 0);
  return { bytesPerStatement: bytes, statements, days: [...days] };
}

/**
 * Why a run must not start its statements (one would scan more than the cutoff), or undefined.
 * Said before any statement runs, with the figures, so the operator can raise the cutoff or not.
 */
export function costGuardProblem(estimate: ScanEstimate, cutoffBytes: number): string | undefined {
  if (estimate.bytesPerStatement <= cutoffBytes) return undefined;
  return `Athena would scan ${estimate.bytesPerStatement} bytes per statement (${estimate.statements} statements over ${estimate.days[0]} to ${estimate.days.at(-1)}), above athenaBytesScannedCutoff ${cutoffBytes}: raise the cutoff or set engine to duckdb`;
}
