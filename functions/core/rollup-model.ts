/** A week a rollup drew on (with its manifest) or could not (with the reason), clipped to the rollup's range. */
export interface RollupSource {
  week: string;
  from: number;
  to: number;
  manifest?: string;
  manifestSha256?: string;
  reason?: string;
}

/** What a month, quarter or range report was built from: stored weeks only. */
export interface RollupInfo {
  sources: RollupSource[];
  missing: RollupSource[];
}
