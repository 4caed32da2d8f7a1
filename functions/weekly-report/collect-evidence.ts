import type { AuditSearchApi } from '../adapters/audit-search-api.js';
import type { ReportStore } from '../adapters/report-store.js';
import type { ReportPeriod } from '../core/period.js';
import type { CollectionPlan } from '../core/query-plan.js';
import {
  type CollectionOutcome,
  collectAuditRecords,
  emptyOutcome,
  type PageProgress,
} from './collect-audit-records.js';
import { type Checkpoint, type CollectionState, saveCheckpoint } from './collection-checkpoint.js';
import { createEvidenceWriter, type EvidenceWriter } from './evidence-writer.js';

export interface CollectEvidenceInput {
  search: AuditSearchApi;
  store: ReportStore;
  prefix: string;
  period: ReportPeriod;
  plans: CollectionPlan[];
  maxResultWindow: number;
  /** The run's checkpoint: fresh, or loaded to continue an earlier invocation's work. */
  checkpoint: Checkpoint;
  /** Asked between parts; `false` pauses collection (the checkpoint is saved). */
  shouldContinue: () => boolean;
  /** When set, nothing more is read: unread ranges become gaps with this reason. */
  stopReason?: string;
  onPage?: (collection: string, progress: PageProgress) => void;
  onCollected?: (collection: string, outcome: CollectionOutcome) => void;
}

const partName = (plan: CollectionPlan, n: number) =>
  `evidence/${plan.id}/part-${String(n).padStart(4, '0')}.ndjson.gz`;

const freshCollectionState = (id: string): CollectionState => ({
  id,
  done: false,
  outcome: emptyOutcome(),
  parts: [],
});

/**
 * Phase one of a run: searches each collection and streams its records into gzipped NDJSON
 * evidence parts, one part per result window read, saving the checkpoint after each part. Parts
 * fall where the data puts them, so a run paused and continued stores the same files as one that
 * ran straight through. Resolves `true` when every collection is done.
 */
export async function collectEvidence(input: CollectEvidenceInput): Promise<boolean> {
  const save = () => saveCheckpoint(input.store, input.prefix, input.checkpoint);
  for (const plan of input.plans) {
    let state = input.checkpoint.collections.find((c) => c.id === plan.id);
    if (!state) {
      state = freshCollectionState(plan.id);
      input.checkpoint.collections.push(state);
    }
    if (state.done) continue;
    if (input.stopReason) {
      const from = state.resume?.cursor ?? input.period.from;
      state.outcome.gaps.push({ from, to: input.period.to, reason: input.stopReason, fetched: 0 });
      state.done = true;
      state.resume = undefined;
      continue;
    }
    if (!input.shouldContinue()) {
      await save();
      return false;
    }
    const current = state;
    let writer: EvidenceWriter | undefined;
    let records = 0;
    const closePart = async () => {
      const name = partName(plan, current.parts.length + 1);
      const part = writer ?? createEvidenceWriter(input.store, `${input.prefix}${name}`, name);
      current.parts.push({ ...(await part.close()), records });
      writer = undefined;
      records = 0;
    };
    let paused = false;
    const stream = collectAuditRecords(
      input.search,
      plan.filter,
      input.period,
      {
        maxResultWindow: input.maxResultWindow,
        ...(current.resume ? { resume: current.resume } : {}),
        ...(input.onPage ? { onPage: (p: PageProgress) => input.onPage?.(plan.id, p) } : {}),
        onSegmentEnd: async (next) => {
          if (writer) await closePart();
          current.resume = next;
          await save();
          paused = !input.shouldContinue();
          return !paused;
        },
      },
      current.outcome,
    );
    for await (const record of stream) {
      if (!writer) {
        const name = partName(plan, current.parts.length + 1);
        writer = createEvidenceWriter(input.store, `${input.prefix}${name}`, name);
      }
      await writer.write(record);
      records += 1;
    }
    if (paused) return false;
    // The last part; an empty collection still gets one (empty) evidence file.
    if (writer || current.parts.length === 0) await closePart();
    current.done = true;
    current.resume = undefined;
    await save();
    input.onCollected?.(plan.id, current.outcome);
  }
  await save();
  return true;
}
