import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY_MS } from '../../../core/period/period.js';
import { auditFilterMatcher } from '../../../core/records/audit-filter-match.js';
import type { StreamCollectionFacts } from '../../../core/report/collection-source.js';
import { isMaskedStream } from '../../../core/stream/pii-masking.js';
import { describeShape } from '../../../core/stream/stream-event.js';
import { StreamSourceError } from '../../../shared/errors.js';
import { saveCheckpoint } from '../../run-control/collection-checkpoint.js';
import type { CollectionOutcome } from '../collection-progress.js';
import type { CollectionRequest } from '../evidence-source.js';
import {
  actionsRead,
  checkStreamCompleteness,
  independentCounts,
  shortfallGaps,
  spotCheck,
} from './cross-check-stream.js';
import { quarantineGap } from './quarantine-gap.js';
import { mergeRuns } from './sorted-runs.js';
import { stageStreamRecords } from './stage-stream-records.js';
import { MAX_STREAM_COLLECTIONS } from './staged-record.js';
import { listPartitions, resolveLayout } from './stream-partitions.js';
import type { StreamSourceDeps, StreamSourceSettings } from './stream-source-settings.js';
import { writeCollectionParts } from './write-collection-parts.js';

/** Saves the checkpoint with the revision the parts went to (a part that differed from a sealed one moved it). */
export function saveStreamCheckpoint(request: CollectionRequest) {
  request.checkpoint.revision = request.target.revision;
  return saveCheckpoint(request.store, request.prefix, request.checkpoint);
}

/**
 * Reads the period's partitions once for every collection, writes their evidence parts and
 * checkpoint, and cross-checks the stream against Descope's own counts.
 */
export async function collectStream(
  settings: StreamSourceSettings,
  deps: StreamSourceDeps,
  request: CollectionRequest,
): Promise<StreamCollectionFacts> {
  const { period, plans } = request;
  if (plans.length > MAX_STREAM_COLLECTIONS)
    throw new StreamSourceError(
      `The audit stream source reads at most ${MAX_STREAM_COLLECTIONS} collections; the catalog has ${plans.length}`,
    );
  const lateDays = settings.lateDays ?? 1;
  const layout = await resolveLayout(deps.bucket, settings);
  const windows = plans.map((plan) => windowOf(plan, period));
  const reach = { from: Math.min(...windows.map((w) => w.from)), to: period.to };
  const objects = await listPartitions(deps.bucket, layout.pattern, settings.projectId, reach, lateDays);
  const directory = await mkdtemp(join(settings.workDirectory ?? tmpdir(), 'stream-'));
  try {
    const staged = await stageStreamRecords({
      bucket: deps.bucket,
      objects: objects.objects,
      collections: plans.map((plan, i) => ({
        window: windows[i] ?? period,
        keeps: auditFilterMatcher(plan.filter),
      })),
      counted: { window: period, actions: countedActions(plans) },
      directory,
      runRecords: settings.runRecords,
    });
    const written = await writeCollectionParts({
      records: mergeRuns(staged.runs),
      target: request.target,
      collectionIds: plans.map((p) => p.id),
      countWindow: period,
      partRecords: settings.partRecords,
    });
    const counts = await independentCounts(deps.analytics, period, actionsRead(plans));
    const completeness = checkStreamCompleteness(period, written.counts, counts);
    const inSearchReach = period.from >= deps.now - (settings.searchRetentionDays ?? 30) * DAY_MS;
    const spot =
      deps.search && inSearchReach && (settings.spotChecks ?? 3) > 0
        ? await spotCheck(deps.search, written.counts, settings.spotChecks ?? 3)
        : { checks: [], shortfalls: [], notes: [] };
    const gaps = shortfallGaps(plans, [...completeness.shortfalls, ...spot.shortfalls]);
    const quarantineGaps = staged.quarantined.map((q) => quarantineGap(q, period, lateDays));
    for (const [i, plan] of plans.entries()) {
      const collection = written.collections[i];
      if (!collection) continue;
      const outcome: CollectionOutcome = {
        expected: collection.kept,
        fetched: collection.kept + collection.duplicates,
        kept: collection.kept,
        duplicates: collection.duplicates,
        malformed: 0,
        gaps: [...quarantineGaps, ...(gaps.get(plan.id) ?? [])],
        uncounted: 0,
        pageSize: 0,
      };
      request.checkpoint.collections.push({ id: plan.id, done: true, outcome, parts: collection.parts });
      request.onCollected?.(plan.id, outcome);
    }
    await saveStreamCheckpoint(request);
    const { stats } = deps.bucket;
    return {
      location: deps.bucket.location,
      layout: layout.pattern,
      layoutFrom: layout.from,
      partitions: objects.days,
      lateDays,
      objects: staged.counts.objects,
      bytes: stats.bytesRead,
      requests: stats.listRequests + stats.getRequests,
      values: staged.counts.values,
      records: written.unique,
      duplicates: written.duplicates,
      conflicting: written.conflicting,
      late: staged.counts.late,
      malformed: staged.counts.malformed,
      outside: staged.counts.outside,
      shapes: [...staged.counts.shapes.values()]
        .map((s) => ({ shape: describeShape(s.shape), records: s.records }))
        .sort((a, b) => b.records - a.records || (a.shape < b.shape ? -1 : 1)),
      masked: isMaskedStream(staged.counts.withLoginIds, staged.counts.maskedLoginIds, settings.masked),
      quarantined: staged.quarantined.map(({ day: _day, ...q }) => q),
      completeness: counts.available
        ? `cross-checked per action and ${counts.bucket} against Descope analytics`
        : `not cross-checked: ${counts.reason}`,
      spotChecks: spot.checks,
      notes: [...completeness.notes, ...spot.notes],
    };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** A collection's window: the period, or from `lookbackDays` before its end (the stream keeps history). */
function windowOf(plan: CollectionRequest['plans'][number], period: { from: number; to: number }) {
  if (plan.lookbackDays === undefined) return { from: period.from, to: period.to };
  return { from: Math.min(period.from, period.to - plan.lookbackDays * DAY_MS), to: period.to };
}

/** The actions whose every event is counted for the cross-check: those the plans read (all when one reads all). */
function countedActions(plans: CollectionRequest['plans']): ReadonlySet<string> | undefined {
  const actions = actionsRead(plans);
  return actions ? new Set(actions) : undefined;
}
