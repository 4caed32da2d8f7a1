/**
 * Where evidence parts end: a part closes at the first new millisecond after it holds this many
 * records. The rule reads the records alone (never pages, requests or objects), so every source —
 * the audit search, the audit stream, a run paused and continued — cuts the same records into the
 * same files, and their manifests list the same hashes.
 */
export const EVIDENCE_PART_RECORDS = 10_000;

/**
 * Whether a record at `time` starts a new part, given the records already in the open part and the
 * time of the last of them. Records of one millisecond never straddle two parts.
 */
export function startsNewPart(
  recordsInPart: number,
  lastTime: number | undefined,
  time: number,
  partRecords = EVIDENCE_PART_RECORDS,
): boolean {
  return recordsInPart >= partRecords && lastTime !== undefined && time !== lastTime;
}

/** The report-relative name of a collection's `n`th evidence part (counted from 1). */
export const evidencePartName = (collectionId: string, n: number) =>
  `evidence/${collectionId}/part-${String(n).padStart(4, '0')}.ndjson.gz`;
