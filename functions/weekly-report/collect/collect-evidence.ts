import type { AuditSearchApi } from '../../adapters/audit-search-api.js';
import type { ReportStore } from '../../adapters/report-store.js';
import type { CollectionPlan } from '../../core/catalog/query-plan.js';
import type { ReportPeriod } from '../../core/period/period.js';
import { evidencePartName } from '../../core/records/evidence-part-rule.js';
import { TimeBudgetError } from '../../shared/errors.js';
import type { RevisionWriter } from '../publish/revision-writer.js';
import {
  type Checkpoint,
  type CollectionState,
  saveCheckpoint,
} from '../run-control/collection-checkpoint.js';
import { collectWindow } from './collect-window.js';
import {
  type CollectionOutcome,
  emptyOutcome,
  type PageProgress,
  unreadRange,
} from './collection-progress.js';
import { createEvidenceWriter, type EvidenceWriter } from './evidence-writer.js';

export interface CollectEvidenceInput {
  search: AuditSearchApi;
  store: ReportStore;
  /** The period folder (the checkpoint is saved there). */
  prefix: string;
  /** Where the evidence parts go: the run's revision of the period. */
  target: RevisionWriter;
  period: ReportPeriod;
  plans: CollectionPlan[];
  maxResultWindow: number;
  /** Records per evidence part. @default EVIDENCE_PART_RECORDS (tests use fewer) */
  partRecords?: number;
  /** The run's checkpoint: fresh, or loaded to continue an earlier invocation's work. */
  checkpoint: Checkpoint;
  /** Asked at each segment end; `false` pauses collection (the checkpoint is saved). */
  shouldContinue: () => boolean;
  /** When set, nothing more is read: unread ranges become gaps with this reason. */
  stopReason?: string;
  onPage?: (collection: string, progress: PageProgress) => void;
  onCollected?: (collection: string, outcome: CollectionOutcome) => void;
}

/**
 * Phase one of a run: searches each collection and streams its records into gzipped NDJSON
 * evidence parts, saving the checkpoint after each part. Parts fall where the records put them
 * (evidence-part-rule.ts), so a run paused and continued stores the same files as one that ran
 * straight through, and the audit stream stores the same files as the search. Resolves `true` when every collection is done, `false` when paused: at a
 * segment end when `shouldContinue` says so, or when a rate-limit wait would outlast the
 * invocation (the part being written is dropped and re-read by the next invocation).
 */
export async function collectEvidence(input: CollectEvidenceInput): Promise<boolean> {
  const save = () => {
    // A part that differed from a sealed revision moved the run to a new one: continuations follow.
    input.checkpoint.revision = input.target.revision;
    return saveCheckpoint(input.store, input.prefix, input.checkpoint);
  };
  for (const plan of input.plans) {
    let state = input.checkpoint.collections.find((c) => c.id === plan.id);
    if (!state) {
      state = { id: plan.id, done: false, outcome: emptyOutcome(), parts: [] };
      input.checkpoint.collections.push(state);
    }
    if (state.done) continue;
    if (input.stopReason) {
      const unread = state.resume ? unreadRange(input.period, state.resume) : input.period;
      state.outcome.gaps.push({ ...unread, reason: input.stopReason, fetched: 0 });
      state.done = true;
      state.resume = undefined;
      continue;
    }
    if (!input.shouldContinue() || !(await collectPlan(input, plan, state, save))) {
      await save();
      return false;
    }
  }
  await save();
  return true;
}

/** One collection, from where its state stands; `false` when it paused. */
async function collectPlan(
  input: CollectEvidenceInput,
  plan: CollectionPlan,
  state: CollectionState,
  save: () => Promise<void>,
): Promise<boolean> {
  const knownPageSize = Math.max(0, ...input.checkpoint.collections.map((c) => c.outcome.pageSize));
  const items = collectWindow(input.search, plan.filter, input.period, {
    maxResultWindow: input.maxResultWindow,
    partRecords: input.partRecords,
    knownPageSize,
    resume: state.resume && { cursor: state.resume, outcome: state.outcome },
    onPage: (p: PageProgress) => input.onPage?.(plan.id, p),
  });
  let part: { writer: EvidenceWriter; name: string; records: number } | undefined;
  const openPart = () => {
    const name = evidencePartName(plan.id, state.parts.length + 1);
    return { writer: createEvidenceWriter(input.target, name), name, records: 0 };
  };
  const closePart = async () => {
    const open = part ?? openPart();
    state.parts.push({ ...(await open.writer.close()), records: open.records });
    part = undefined;
  };
  let outcome: CollectionOutcome;
  try {
    for (;;) {
      const item = await items.next();
      if (item.done) {
        outcome = item.value;
        break;
      }
      if (item.value.type === 'record') {
        part ??= openPart();
        await part.writer.write(item.value.record);
        part.records += 1;
        continue;
      }
      if (part) await closePart();
      state.resume = item.value.resume;
      state.outcome = item.value.outcome;
      await save();
      if (!input.shouldContinue()) {
        await items.return(state.outcome);
        return false;
      }
    }
  } catch (error) {
    if (!(error instanceof TimeBudgetError)) throw error;
    await part?.writer.abort();
    return false;
  }
  // The last part; an empty collection still gets one (empty) evidence file.
  if (part || state.parts.length === 0) await closePart();
  state.outcome = outcome;
  state.done = true;
  state.resume = undefined;
  await save();
  input.onCollected?.(plan.id, outcome);
  return true;
}
