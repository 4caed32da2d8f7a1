import type { AuditAnalyticsSource } from '../../adapters/audit-analytics-source.js';
import type { DirectorySource } from '../../adapters/directory-source.js';
import type { ReportStore } from '../../adapters/report-store.js';
import type { DirectoryRead } from '../../core/access/build-access-snapshot.js';
import type { ReportCatalog } from '../../core/catalog/report-catalog.js';
import { analyticsUnneeded } from '../../core/history/analytics-need.js';
import type { ReportPeriod } from '../../core/period/period.js';
import { tenantTrendScope } from '../../core/report/tenant-selection.js';
import { collectDirectory } from '../access-review/collect-directory.js';
import { collectTrendHistory, type TrendHistory } from './collect-trend-history.js';
import { loadStoredHistory, type StoredHistory } from './load-stored-history.js';
import type { StoredInputs } from './stored-inputs.js';

export interface GatherRunContextInput {
  store: ReportStore;
  projectId: string;
  period: ReportPeriod;
  catalog: ReportCatalog;
  prefixOf: (period: ReportPeriod) => string;
  /** Absent: trends are reported unavailable. */
  analytics?: AuditAnalyticsSource;
  /** Read when `accessReview` is on. */
  directory?: DirectorySource;
  accessReview?: { enabled: boolean; directoryRead?: 'all' | 'role-holders' };
  /** The gate a signing run reads earlier weeks through. @default read as stored */
  inputs?: StoredInputs;
}

/** What a run knows besides its own evidence. */
export interface RunContext {
  /** The directory as read for the access review; absent when the review is off or has no source. */
  directory?: DirectoryRead;
  /** The project's stored previous weeks. */
  stored: StoredHistory;
  /** The analytics history, requested while the evidence is aggregated (it never rejects). */
  trends: Promise<TrendHistory>;
}

/**
 * The gather-context phase: the directory first (the evidence then answers for its users' logins),
 * then the previous weeks from their stored reports, then the analytics search for what they lack,
 * left running while the evidence is aggregated.
 */
export async function gatherRunContext(input: GatherRunContextInput): Promise<RunContext> {
  const directory =
    input.accessReview?.enabled && input.directory
      ? await collectDirectory(input.directory, { read: input.accessReview.directoryRead })
      : undefined;
  const stored = await loadStoredHistory({
    store: input.store,
    projectId: input.projectId,
    period: input.period,
    prefixOf: input.prefixOf,
    inputs: input.inputs,
  });
  const trends = collectTrendHistory({
    analytics: input.analytics,
    unneeded: analyticsUnneeded(input.period, stored.weeks, input.catalog),
    period: input.period,
    queries: input.catalog.queries,
    tenants: tenantTrendScope(input.catalog),
  });
  return { directory, stored, trends };
}
