import type { AuditSearchApi } from '../../adapters/audit-search-api.js';
import type { ReportStore } from '../../adapters/report-store.js';
import type { CollectionPlan } from '../../core/catalog/query-plan.js';
import { DESCOPE_RETENTION_DAYS, type ReportPeriod } from '../../core/period/period.js';
import type { CollectionSource } from '../../core/report/collection-source.js';
import type { RevisionWriter } from '../publish/revision-writer.js';
import type { Checkpoint } from '../run-control/collection-checkpoint.js';
import { collectEvidence } from './collect-evidence.js';
import type { CollectionOutcome, PageProgress } from './collection-progress.js';

/** What one collection phase is given: where the parts go, the period, the collections and the checkpoint. */
export interface CollectionRequest {
  store: ReportStore;
  /** The period folder (the checkpoint is saved there). */
  prefix: string;
  /** Where the evidence parts go (under `evidence/<collection>/`): the run's revision of the period. */
  target: RevisionWriter;
  period: ReportPeriod;
  plans: CollectionPlan[];
  checkpoint: Checkpoint;
  /** Asked between parts: `false` pauses (the checkpoint is saved). */
  shouldContinue: () => boolean;
  /** When set, nothing more is read: what is unread becomes a gap with this reason. */
  stopReason?: string;
  onPage?: (collection: string, progress: PageProgress) => void;
  onCollected?: (collection: string, outcome: CollectionOutcome) => void;
}

/**
 * Port: where a week's records come from. Every source writes the same evidence parts for the same
 * events (gzipped NDJSON, evidence-line order, parts cut by evidence-part-rule.ts) and records them
 * in the checkpoint, so everything after collection is the same code whatever the source.
 */
export interface EvidenceSource {
  readonly kind: CollectionSource['kind'];
  /** Whether a period starting this long ago can still be read in full (the search keeps 30 days). */
  readonly retentionDays?: number;
  /** Collects every plan into evidence parts; `false` when paused (continue from the checkpoint). */
  collect(request: CollectionRequest): Promise<boolean>;
  /** What the report says about where its records came from (once collection is done). */
  describe(checkpoint: Checkpoint): CollectionSource;
}

/** The audit search as the evidence source: paged, rate-limited, 30 days back. */
export function searchEvidenceSource(
  search: AuditSearchApi,
  options: { maxResultWindow: number; retentionDays: number; partRecords?: number },
): EvidenceSource {
  return {
    kind: 'search',
    retentionDays: options.retentionDays,
    collect: (request) =>
      collectEvidence({
        search,
        store: request.store,
        prefix: request.prefix,
        target: request.target,
        period: request.period,
        plans: request.plans,
        maxResultWindow: options.maxResultWindow,
        partRecords: options.partRecords,
        checkpoint: request.checkpoint,
        shouldContinue: request.shouldContinue,
        stopReason: request.stopReason,
        onPage: request.onPage,
        onCollected: request.onCollected,
      }),
    describe: () => ({ kind: 'search', streamOnly: [] }),
  };
}

/** The run's evidence source: the one given (the stream, when configured), else the audit search. */
export function runEvidenceSource(
  given: EvidenceSource | undefined,
  search: AuditSearchApi,
  /** `evidencePartRecords`: records per evidence part. @default EVIDENCE_PART_RECORDS */
  options: { maxResultWindow: number; evidencePartRecords?: number },
): EvidenceSource {
  return (
    given ??
    searchEvidenceSource(search, {
      maxResultWindow: options.maxResultWindow,
      retentionDays: DESCOPE_RETENTION_DAYS,
      partRecords: options.evidencePartRecords,
    })
  );
}

/** The report's statement of its source, with the stream-only queries a search report leaves out. */
export function describeCollectionSource(
  source: EvidenceSource,
  checkpoint: Checkpoint,
  streamOnly: Array<{ id: string; title: string }>,
): CollectionSource {
  const described = source.describe(checkpoint);
  return described.kind === 'search' ? { ...described, streamOnly } : described;
}
