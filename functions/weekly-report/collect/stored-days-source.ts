import type { ManifestSigner } from '../../adapters/manifest-signer.js';
import type { ReportStore } from '../../adapters/report-store.js';
import type { ManifestEntry } from '../../core/integrity/manifest.js';
import { DESCOPE_RETENTION_DAYS } from '../../core/period/period.js';
import {
  EVIDENCE_PART_RECORDS,
  evidencePartName,
  startsNewPart,
} from '../../core/records/evidence-part-rule.js';
import type { StoredDaysStatement } from '../../core/report/collection-source.js';
import { PeriodError } from '../../shared/errors.js';
import { readEvidence } from '../aggregate/evidence-reader.js';
import { readStoredDays, type StoredDay } from '../history/read-stored-days.js';
import { saveCheckpoint } from '../run-control/collection-checkpoint.js';
import type { CollectionOutcome } from './collection-progress.js';
import { checkingDailyReviews } from './daily-reviews-check.js';
import type { CollectionRequest, EvidenceSource } from './evidence-source.js';
import { createEvidenceWriter, type EvidenceWriter } from './evidence-writer.js';

/** What the week's source needs to find and verify its stored days. */
export interface StoredDaysSettings {
  store: ReportStore;
  /** The run's signer: its public key verifies the days (a run that signs nothing reads the API). */
  signer?: ManifestSigner;
  projectId: string;
  /** Records per evidence part (tests use fewer). @default EVIDENCE_PART_RECORDS */
  partRecords?: number;
}

/**
 * A week's source when the daily review stores its days: the seven stored days' evidence (each day
 * verified, see `readStoredDays`) copied record by record into the week's own parts, cut by the
 * same rule as the search's, so the week's folder is whole on its own and its numbers are those an
 * API read of the same records gives; no Descope request. Any day that cannot be used sends the
 * whole week to `search`, and the report states which happened and why. Only ISO weeks, and a run
 * continuing the search stays on it. The stream reads its own store and only checks the days
 * (`checkingDailyReviews`).
 * With `only` (a week past the search's 30 days) the days are the only source: one that cannot be
 * used fails the run with a `PeriodError` naming it, before any search, and no retention applies.
 */
export function storedDaysOrSearch(
  search: EvidenceSource,
  settings: StoredDaysSettings & { only?: boolean },
): EvidenceSource {
  // The stream stays the stream's source; it checks the days' daily reviews only (PCI DSS 10.4.1).
  if (search.kind !== 'search') return checkingDailyReviews(search, settings);
  let statement: StoredDaysStatement | undefined;
  return {
    kind: search.kind,
    retentionDays: settings.only ? undefined : search.retentionDays,
    async collect(request) {
      if (request.period.kind !== 'iso-week') return search.collect(request);
      // Only at a run's start (a fresh invocation, time enough); the clock is not asked here, so the
      // search's own pauses fall where they would without the days. A continuation states what its
      // first invocation found (kept in the checkpoint).
      if (request.checkpoint.collections.length > 0 || (request.stopReason && !settings.only)) {
        statement ??= request.checkpoint.storedDays ?? {
          used: false,
          reason: 'this run had begun reading the audit search',
        };
        return search.collect(request);
      }
      // Past the search's horizon the run is refused when a day fails: it names every such day.
      const read = await readStoredDays({
        ...settings,
        week: request.period,
        plans: request.plans,
        everyDay: settings.only,
      });
      if (!read.ok && settings.only)
        throw new PeriodError(
          `${request.period.label} is past the audit search's ${DESCOPE_RETENTION_DAYS} days and its stored days cannot stand in for it: ${read.reason}`,
        );
      if (!read.ok) {
        statement = { used: false, reason: read.reason };
        request.checkpoint.storedDays = statement;
        return search.collect(request);
      }
      statement = {
        used: true,
        days: read.days.map(({ day, manifest, sha256 }) => ({ day, manifest, sha256 })),
      };
      request.checkpoint.storedDays = statement;
      await copyDays(request, read.days, settings.partRecords ?? EVIDENCE_PART_RECORDS);
      return true;
    },
    describe(checkpoint) {
      const described = search.describe(checkpoint);
      const stated = statement ?? checkpoint.storedDays;
      if (described.kind !== 'search' || !stated) return described;
      return { ...described, days: stated };
    },
  };
}

/** Each collection's records from the days, Monday first, into the week's parts; the checkpoint says done. */
async function copyDays(request: CollectionRequest, days: readonly StoredDay[], partRecords: number) {
  for (const plan of request.plans) {
    const parts: Array<ManifestEntry & { records: number }> = [];
    let open: { writer: EvidenceWriter; records: number } | undefined;
    let lastTime: number | undefined;
    const close = async () => {
      const part = open ?? {
        writer: createEvidenceWriter(request.target, evidencePartName(plan.id, 1)),
        records: 0,
      };
      parts.push({ ...(await part.writer.close()), records: part.records });
      open = undefined;
    };
    let kept = 0;
    let uncounted = 0;
    try {
      for (const day of days) {
        const collection = day.collections.get(plan.id);
        if (!collection) continue;
        for await (const record of readEvidence(request.store, collection.keys)) {
          if (open && startsNewPart(open.records, lastTime, record.occurred, partRecords)) await close();
          open ??= {
            writer: createEvidenceWriter(request.target, evidencePartName(plan.id, parts.length + 1)),
            records: 0,
          };
          await open.writer.write(record);
          open.records += 1;
          lastTime = record.occurred;
          kept += 1;
        }
        uncounted += collection.underCount ? collection.underCount.read - collection.underCount.counted : 0;
      }
      if (open || parts.length === 0) await close();
    } catch (error) {
      await open?.writer.abort();
      throw error;
    }
    // The API's count as the days recorded it: short of the records by what it under-counted.
    const outcome: CollectionOutcome = {
      expected: kept - uncounted,
      fetched: kept,
      kept,
      duplicates: 0,
      malformed: 0,
      gaps: [],
      uncounted,
      pageSize: 0,
    };
    request.checkpoint.collections.push({ id: plan.id, done: true, outcome, parts });
    request.onCollected?.(plan.id, outcome);
  }
  request.checkpoint.revision = request.target.revision;
  await saveCheckpoint(request.store, request.prefix, request.checkpoint);
}
