/** A week a rollup drew on (with its manifest) or could not (with the reason), clipped to the rollup's range. */
export interface RollupSource {
  /** The week's label, or the day's when a week without a stored report is drawn from its stored days. */
  week: string;
  /** Drawn on as a stored day (its week has no stored report of its own). */
  day?: boolean;
  from: number;
  to: number;
  manifest?: string;
  manifestSha256?: string;
  reason?: string;
}

/** One evidence part a rollup read, as its week's manifest lists it. */
export interface RollupPart {
  /** The part's path from the rollup's folder: `../2026-W47/evidence/<collection>/<part>`. */
  path: string;
  bytes: number;
  sha256: string;
}

/** The parts one collection's tables were computed from, in reading order (none: no stored week had any). */
export interface RollupEvidence {
  /** The collection's `evidenceFile`, as its results name it. */
  evidenceFile: string;
  parts: RollupPart[];
}

/** What a month, quarter or range report was built from: stored weeks only. */
export interface RollupInfo {
  sources: RollupSource[];
  missing: RollupSource[];
  /** Each collection's parts, for the rollup's `queries.sql`. */
  evidence: RollupEvidence[];
  /** Why the rollup's `binder.pdf` was asked for but not printed (a stated gap); absent: printed or not asked for. */
  binderNotProduced?: string;
}
