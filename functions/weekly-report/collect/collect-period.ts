import type { ReportStore } from '../../adapters/report-store.js';
import type { CollectionPlan } from '../../core/catalog/query-plan.js';
import type { ReportPeriod } from '../../core/period/period.js';
import type { RevisionWriter } from '../publish/revision-writer.js';
import type { ClaimedRun } from '../run-control/begin-run.js';
import type { Checkpoint } from '../run-control/collection-checkpoint.js';
import type { RunEvents } from '../run-events.js';
import type { EvidenceSource } from './evidence-source.js';

export interface CollectPeriodInput {
  /** Where the records come from: the audit search or the audit stream (the same parts either way). */
  source: EvidenceSource;
  store: ReportStore;
  /** The period folder (the checkpoint is saved there). */
  prefix: string;
  /** Where the evidence parts go: the run's revision of the period. */
  target: RevisionWriter;
  period: ReportPeriod;
  plans: CollectionPlan[];
  /** The claimed run: its checkpoint, and the stop its invocation count imposes. */
  claimed: Pick<ClaimedRun, 'checkpoint' | 'stopReason'>;
  /** @default always true */
  shouldContinue?: () => boolean;
  /** Finish now (overrides the claimed run's stop). */
  stopReason?: string;
  events?: Pick<RunEvents, 'onPage' | 'onCollected'>;
}

/** Every collection read to its end (or its gaps), or paused with how far the run has come. */
export type CollectedPeriod = { done: true } | { done: false; invocations: number; recordsKept: number };

/** Records kept so far across the checkpoint's collections. */
const recordsKept = (checkpoint: Checkpoint) =>
  checkpoint.collections.reduce((sum, c) => sum + c.outcome.kept, 0);

/**
 * The collect phase: every collection of the catalog into evidence parts by the run's source, from
 * where the claimed run's checkpoint stands. A stop (asked, or the invocation limit) turns what is
 * unread into gaps.
 */
export async function collectPeriod(input: CollectPeriodInput): Promise<CollectedPeriod> {
  const { checkpoint } = input.claimed;
  const done = await input.source.collect({
    store: input.store,
    prefix: input.prefix,
    target: input.target,
    period: input.period,
    plans: input.plans,
    checkpoint,
    shouldContinue: input.shouldContinue ?? (() => true),
    stopReason: input.stopReason ?? input.claimed.stopReason,
    onPage: input.events?.onPage,
    onCollected: input.events?.onCollected,
  });
  if (done) return { done: true };
  return { done: false, invocations: checkpoint.invocations, recordsKept: recordsKept(checkpoint) };
}
