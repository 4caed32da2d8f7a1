import { posix } from 'node:path';
import type { CollectionPlan } from '../catalog/query-plan.js';
import { MANIFEST_FILE, type ManifestEntry } from '../integrity/manifest.js';
import type { ReportPeriod } from '../period/period.js';
import type { TimeWindow } from '../records/audit-record.js';
import type { ReportGap } from './report-model.js';
import type { RollupEvidence, RollupSource } from './rollup-model.js';

/** A stored week as a rollup reads it: its folder, manifest and gaps, or why it cannot be drawn on. */
export type StoredWeekRead =
  | {
      ok: true;
      /** The week's folder. */
      prefix: string;
      /** The files its manifest lists. */
      files: readonly ManifestEntry[];
      /** SHA-256 of its `manifest.json`. */
      sha256: string;
      /** Query id → the week's gaps (its `summary.json`); absent when that file is missing or unreadable. */
      gaps?: ReadonlyMap<string, ReportGap[]>;
    }
  | { ok: false; reason: string };

/** One collection's evidence across the weeks: the parts to read (bucket keys) and what is missing. */
export interface RollupCollection {
  parts: Array<{ key: string; bytes: number; sha256: string }>;
  /** Always empty: the parts are listed by their own weeks' manifests, not the rollup's. */
  entries: ManifestEntry[];
  evidenceFile: string;
  gaps: ReportGap[];
}

/** What a rollup is computed from, by collection id, and which weeks it drew on or lacks. */
export interface RollupSources {
  collections: Map<string, RollupCollection>;
  sources: RollupSource[];
  missing: RollupSource[];
}

const clip = (period: TimeWindow, window: TimeWindow) => ({
  from: Math.max(period.from, window.from),
  to: Math.min(period.to, window.to),
});

/**
 * Which stored evidence a rollup reads: each week's parts of each collection (by name order), and
 * as gaps, clipped to the rollup's range, a week without a stored report, a week without evidence
 * for a collection, a week whose gaps are unknown (its summary unreadable), and each gap the week
 * itself reported (named with its week). Pure: the weeks are read by the caller.
 */
export function planRollupSources(
  period: ReportPeriod,
  plans: readonly CollectionPlan[],
  weeks: ReadonlyArray<{ week: ReportPeriod; read: StoredWeekRead }>,
): RollupSources {
  const collections = new Map<string, RollupCollection>(
    plans.map((plan) => [
      plan.id,
      { parts: [], entries: [], evidenceFile: `the weekly folders' evidence/${plan.id}/`, gaps: [] },
    ]),
  );
  const sources: RollupSource[] = [];
  const missing: RollupSource[] = [];
  const gapOf = (window: TimeWindow, reason: string): ReportGap => ({
    ...clip(period, window),
    reason,
    fetched: 0,
  });
  for (const { week, read } of weeks) {
    const base = { week: week.label, day: week.kind === 'day' ? true : undefined, ...clip(period, week) };
    if (!read.ok) {
      missing.push({ ...base, reason: read.reason });
      for (const c of collections.values()) c.gaps.push(gapOf(week, read.reason));
      continue;
    }
    sources.push({ ...base, manifest: `${read.prefix}${MANIFEST_FILE}`, manifestSha256: read.sha256 });
    for (const plan of plans) {
      const collection = collections.get(plan.id);
      if (!collection) continue;
      const folder = `evidence/${plan.id}/`;
      const parts = read.files
        .filter((f) => f.name.startsWith(folder))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      if (parts.length === 0) {
        collection.gaps.push(gapOf(week, `${week.label}'s stored report has no evidence for ${plan.id}`));
        continue;
      }
      collection.parts.push(
        ...parts.map((p) => ({ key: `${read.prefix}${p.name}`, bytes: p.bytes, sha256: p.sha256 })),
      );
      if (!read.gaps) {
        collection.gaps.push(
          gapOf(week, `${week.label}'s summary.json is missing or unreadable: its gaps are unknown`),
        );
        continue;
      }
      const weekGaps = plan.queries.map((q) => read.gaps?.get(q.id)).find((g) => g !== undefined) ?? [];
      for (const gap of weekGaps) {
        const clipped = clip(period, gap);
        if (clipped.from < clipped.to)
          collection.gaps.push({ ...gap, ...clipped, reason: `${week.label}: ${gap.reason}` });
      }
    }
  }
  return { collections, sources, missing };
}

/** Each collection's parts by their path from the rollup's folder, for its `queries.sql` (`../2026-W47/evidence/…`). */
export function rollupEvidence(sources: RollupSources, prefix: string): RollupEvidence[] {
  return [...sources.collections.values()].map((c) => ({
    evidenceFile: c.evidenceFile,
    parts: c.parts.map((p) => ({ path: posix.relative(prefix, p.key), bytes: p.bytes, sha256: p.sha256 })),
  }));
}
