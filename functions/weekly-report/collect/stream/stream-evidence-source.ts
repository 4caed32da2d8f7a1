import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditAnalyticsSource } from '../../../adapters/audit-analytics-source.js';
import type { AuditSearchApi } from '../../../adapters/audit-search-api.js';
import type { StreamBucket } from '../../../adapters/stream-bucket.js';
import { DAY_MS } from '../../../core/period/period.js';
import { auditFilterMatcher } from '../../../core/records/audit-filter-match.js';
import type { CollectionSource, StreamCollectionFacts } from '../../../core/report/collection-source.js';
import { isMaskedStream } from '../../../core/stream/pii-masking.js';
import { describeShape } from '../../../core/stream/stream-event.js';
import { formatInstant } from '../../../core/view/format.js';
import { StreamSourceError } from '../../../shared/errors.js';
import { saveCheckpoint } from '../../run-control/collection-checkpoint.js';
import type { CollectionGap, CollectionOutcome } from '../collection-progress.js';
import type { CollectionRequest, EvidenceSource } from '../evidence-source.js';
import {
  actionsRead,
  checkStreamCompleteness,
  independentCounts,
  shortfallGaps,
  spotCheck,
} from './cross-check-stream.js';
import { mergeRuns } from './sorted-runs.js';
import { type QuarantinedObject, stageStreamRecords } from './stage-stream-records.js';
import { MAX_STREAM_COLLECTIONS } from './staged-record.js';
import { listPartitions, resolveLayout } from './stream-partitions.js';
import { writeCollectionParts } from './write-collection-parts.js';

/** How the job reads the audit stream (`STREAM_*` settings). */
export interface StreamSourceSettings {
  projectId: string;
  /** The key layout (`{projectId}`, `{yyyy}`, `{mm}`, `{dd}`); discovered under `discoverUnder` when absent. */
  pattern?: string;
  /** Where discovery lists keys. @default '' */
  discoverUnder?: string;
  /** Days after an event its object may still arrive (partitions are arrival days). @default 1 */
  lateDays?: number;
  /** The connector's `mask_pii` as configured; absent: told from the login IDs seen. */
  masked?: boolean;
  /** Audit searches that spot-check the busiest hours, inside the search's 30 days. @default 3 */
  spotChecks?: number;
  /** The audit search's reach, for the spot checks. @default 30 */
  searchRetentionDays?: number;
  /** Where runs are sorted (the Lambda's /tmp). @default os.tmpdir() */
  workDirectory?: string;
  /** Records sorted in memory per run (about 1 KB of heap each). @default 50000 */
  runRecords?: number;
  /** Records per evidence part (tests use fewer). @default EVIDENCE_PART_RECORDS */
  partRecords?: number;
}

export interface StreamSourceDeps {
  bucket: StreamBucket;
  /** Descope analytics: the independent count the stream is checked against. */
  analytics?: AuditAnalyticsSource;
  /** The audit search, for the spot checks (absent: none). */
  search?: AuditSearchApi;
  /** The run's clock reading: whether the period is inside the search's 30 days. */
  now: number;
}

/**
 * Descope's audit stream (S3 connector, or EventBridge → Firehose) as the evidence source: lists the
 * day partitions that can hold the period, reads every object, keeps `[from, to)` once per record
 * and writes the same evidence parts the search would, then checks the stream against Descope's own
 * counts. Reads in one go: nothing to pause for (no rate limit), so it never returns `false` once
 * started.
 */
export function streamEvidenceSource(settings: StreamSourceSettings, deps: StreamSourceDeps): EvidenceSource {
  let facts: StreamCollectionFacts | undefined;
  return {
    kind: 'stream',
    async collect(request) {
      if (
        request.checkpoint.collections.length === request.plans.length &&
        request.checkpoint.collections.every((c) => c.done)
      )
        return true;
      if (request.stopReason) return stopAll(request);
      if (!request.shouldContinue()) return false;
      facts = await collectStream(settings, deps, request);
      // A later invocation (the run continued while Athena computed) states them from here.
      request.checkpoint.streamFacts = { ...facts };
      await saveStreamCheckpoint(request);
      return true;
    },
    describe(checkpoint): CollectionSource {
      const read = facts ?? (checkpoint.streamFacts as StreamCollectionFacts | undefined);
      if (!read) throw new StreamSourceError('The audit stream was not read in this run');
      return { kind: 'stream', facts: read };
    },
  };
}

/** Saves the checkpoint with the revision the parts went to (a part that differed from a sealed one moved it). */
function saveStreamCheckpoint(request: CollectionRequest) {
  request.checkpoint.revision = request.target.revision;
  return saveCheckpoint(request.store, request.prefix, request.checkpoint);
}

async function stopAll(request: CollectionRequest): Promise<boolean> {
  for (const plan of request.plans) {
    request.checkpoint.collections.push({
      id: plan.id,
      done: true,
      outcome: {
        expected: 0,
        fetched: 0,
        kept: 0,
        duplicates: 0,
        malformed: 0,
        uncounted: 0,
        pageSize: 0,
        gaps: [{ ...request.period, reason: request.stopReason ?? '', fetched: 0 }],
      },
      parts: [],
    });
  }
  await saveStreamCheckpoint(request);
  return true;
}

async function collectStream(
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

/** Everything an unreadable object could hold: events of its partition day and the late days before it. */
function quarantineGap(
  q: QuarantinedObject,
  period: { from: number; to: number },
  lateDays: number,
): CollectionGap {
  const from = Math.max(period.from, q.day - lateDays * DAY_MS);
  const to = Math.min(period.to, q.day + DAY_MS);
  return {
    from,
    to: Math.max(from, to),
    reason:
      `stream object ${q.key}${q.versionId ? ` (version ${q.versionId})` : ''}, ${q.bytes} bytes, SHA-256 ${q.sha256}, ` +
      `could not be read (${q.reason}): quarantined where it lies; its events (partition of ${formatInstant(q.day).slice(0, 10)}) are not in the numbers`,
    fetched: 0,
  };
}
