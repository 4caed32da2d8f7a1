import type { AuditSearchApi } from '../adapters/audit-search-api.js';
import type { Mailer } from '../adapters/mailer.js';
import type { ReportStore } from '../adapters/report-store.js';
import { describeFile, type ManifestEntry, renderManifest } from '../core/manifest.js';
import { assertWithinRetention, type ReportPeriod } from '../core/period.js';
import type { QueryDefinition } from '../core/query-definition.js';
import { renderEmail } from '../core/render-templates.js';
import { isReportComplete, type ReportData, type ReportLocation } from '../core/report-model.js';
import { buildReportView } from '../core/report-view.js';
import type { CollectionOutcome, PageProgress } from './collect-audit-records.js';
import { collectReportData } from './collect-report-data.js';
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

export interface RunWeeklyReportResult {
  prefix: string;
  location: ReportLocation;
  keys: string[];
  complete: boolean;
  data: ReportData;
  email: DeliveryOutcome;
}

/** `reports/<projectId>/<period label>/`: deterministic, so a re-run overwrites the same keys. */
export const reportPrefix = (projectId: string, period: ReportPeriod) =>
  `reports/${projectId}/${period.label}/`;

/**
 * The whole job: refuse an unanswerable period before any request, collect every query's records,
 * store the report files (manifest last), then send the summary email once per period. If storing
 * fails nothing is sent; if sending fails the stored report stays and the error propagates.
 */
export async function runWeeklyReport(
  input: RunWeeklyReportInput,
  deps: RunWeeklyReportDeps,
): Promise<RunWeeklyReportResult> {
  assertWithinRetention(input.period, input.now, DESCOPE_RETENTION_DAYS);
  const prefix = reportPrefix(input.projectId, input.period);
  const location = { ...deps.store.describe(prefix), prefix };

  const { results, evidence } = await collectReportData({
    search: deps.search,
    store: deps.store,
    prefix,
    period: input.period,
    queries: input.queries,
    maxResultWindow: input.maxResultWindow,
    ...(deps.events?.onPage ? { onPage: deps.events.onPage } : {}),
    ...(deps.events?.onCollected ? { onCollected: deps.events.onCollected } : {}),
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

  return { prefix, location, keys, complete: isReportComplete(data), data, email };
}
