import type { AuditSearchApi } from '../adapters/audit-search-api.js';
import type { Mailer } from '../adapters/mailer.js';
import type { ReportStore } from '../adapters/report-store.js';
import { describeFile, type ManifestEntry, renderManifest } from '../core/manifest.js';
import { assertWithinRetention, type ReportPeriod } from '../core/period.js';
import type { QueryDefinition } from '../core/query-definition.js';
import { planCollections } from '../core/query-plan.js';
import { renderEmail } from '../core/render-templates.js';
import { isReportComplete, type ReportData, type ReportLocation } from '../core/report-model.js';
import { buildReportView } from '../core/report-view.js';
import type { CollectionOutcome, PageProgress } from './collect-audit-records.js';
import { collectEvidence } from './collect-evidence.js';
import { aggregateEvidence } from './collect-report-data.js';
import { type Checkpoint, loadCheckpoint } from './collection-checkpoint.js';
import { type DeliveryOutcome, deliverOnce } from './deliver-once.js';
import { renderReportFiles } from './report-files.js';

/** Descope keeps audit events this many days; older periods cannot be read in full. */
export const DESCOPE_RETENTION_DAYS = 30;

export interface RunWeeklyReportInput {
  projectId: string;
  period: ReportPeriod;
  /** The run's clock reading (epoch ms); the use case never reads the clock itself. */
  now: number;
  queries: readonly QueryDefinition[];
  maxResultWindow: number;
  /** Send the email even if this period's email was already sent. */
  resend: boolean;
  sender: string;
  recipients: string[];
  /** Identifies the run across the invocations that continue it. */
  runId: string;
  /** Continue run `runId` from its checkpoint instead of starting afresh. */
  resume?: boolean;
  /** Asked between evidence parts: `false` pauses the run (see `paused`). @default always true */
  shouldContinue?: () => boolean;
  /** Finish now: ranges not yet read become gaps with this reason. */
  stopReason?: string;
}

export interface RunWeeklyReportDeps {
  search: AuditSearchApi;
  store: ReportStore;
  /** Absent in a dry run: nothing is sent. */
  mailer?: Mailer;
  events?: RunEvents;
}

/** Progress hooks: the CLI prints them, the Lambda logs them. */
export interface RunEvents {
  onPage?: (collection: string, progress: PageProgress) => void;
  onCollected?: (collection: string, outcome: CollectionOutcome) => void;
  onStored?: (keys: string[]) => void;
}

export interface FinishedRun {
  state: 'finished';
  prefix: string;
  location: ReportLocation;
  keys: string[];
  complete: boolean;
  data: ReportData;
  email: DeliveryOutcome;
}

/** Collection stopped between parts (the invocation is running out of time); continue `runId`. */
export interface PausedRun {
  state: 'paused';
  prefix: string;
  runId: string;
  invocations: number;
  recordsKept: number;
}

export type RunWeeklyReportResult = FinishedRun | PausedRun;

/** `reports/<projectId>/<period label>/`: deterministic, so a re-run overwrites the same keys. */
export const reportPrefix = (projectId: string, period: ReportPeriod) =>
  `reports/${projectId}/${period.label}/`;

/**
 * The whole job: refuse an unanswerable period before any request; collect every query's records
 * into evidence parts (pausable between parts, resumable from the checkpoint); compute the numbers
 * from that evidence; store the report files (manifest last); send the summary email once per
 * period. If storing fails nothing is sent; if sending fails the stored report stays and the error
 * propagates.
 */
export async function runWeeklyReport(
  input: RunWeeklyReportInput,
  deps: RunWeeklyReportDeps,
): Promise<RunWeeklyReportResult> {
  if (!input.resume) assertWithinRetention(input.period, input.now, DESCOPE_RETENTION_DAYS);
  const prefix = reportPrefix(input.projectId, input.period);
  const plans = planCollections(input.queries);
  const checkpoint: Checkpoint = input.resume
    ? await loadCheckpoint(deps.store, prefix, input.runId)
    : { version: 1, runId: input.runId, period: input.period, invocations: 0, collections: [] };
  checkpoint.invocations += 1;

  const collected = await collectEvidence({
    search: deps.search,
    store: deps.store,
    prefix,
    period: input.period,
    plans,
    maxResultWindow: input.maxResultWindow,
    checkpoint,
    shouldContinue: input.shouldContinue ?? (() => true),
    ...(input.stopReason ? { stopReason: input.stopReason } : {}),
    ...(deps.events?.onPage ? { onPage: deps.events.onPage } : {}),
    ...(deps.events?.onCollected ? { onCollected: deps.events.onCollected } : {}),
  });
  if (!collected) {
    const recordsKept = checkpoint.collections.reduce((sum, c) => sum + c.outcome.kept, 0);
    return { state: 'paused', prefix, runId: input.runId, invocations: checkpoint.invocations, recordsKept };
  }

  const location = { ...deps.store.describe(prefix), prefix };
  const { results, evidence } = await aggregateEvidence({
    store: deps.store,
    prefix,
    plans,
    queries: input.queries,
    checkpoint,
  });
  const data: ReportData = {
    projectId: input.projectId,
    period: input.period,
    results,
    retentionDays: DESCOPE_RETENTION_DAYS,
  };

  const entries: ManifestEntry[] = [...evidence];
  for (const file of renderReportFiles(data, location)) {
    const body = Buffer.from(file.body, 'utf8');
    await deps.store.put(`${prefix}${file.name}`, body, file.contentType);
    entries.push(describeFile(file.name, body));
  }
  // The manifest goes last: its presence means every file it lists was stored.
  await deps.store.put(`${prefix}manifest.json`, renderManifest(entries), 'application/json');
  const keys = [...entries.map((e) => `${prefix}${e.name}`), `${prefix}manifest.json`].sort();
  deps.events?.onStored?.(keys);

  const email = deps.mailer
    ? await deliverOnce({
        store: deps.store,
        mailer: deps.mailer,
        key: `${prefix}delivery.json`,
        resend: input.resend,
        now: input.now,
        message: {
          from: input.sender,
          to: input.recipients,
          ...renderEmail(buildReportView(data, location)),
        },
      })
    : ({ status: 'not-sent', reason: 'dry run' } as const);

  return { state: 'finished', prefix, location, keys, complete: isReportComplete(data), data, email };
}
