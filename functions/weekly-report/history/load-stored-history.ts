import type { ReportStore } from '../../adapters/report-store.js';
import { fingerprintOfTitle } from '../../core/findings/fingerprint.js';
import { historyWeeks } from '../../core/history/headline-history.js';
import { parseStoredSummary, type StoredWeek } from '../../core/history/stored-summary.js';
import type { ReportPeriod } from '../../core/period/period.js';
import { tenantPrefix } from '../../core/report/report-prefix.js';

export interface StoredHistory {
  /** ISO week label → what its stored report says (labels are keys: a Map). */
  weeks: Map<string, StoredWeek>;
  /** Stored summaries that were skipped, and why. */
  notes: string[];
}

export interface LoadStoredHistoryInput {
  store: ReportStore;
  projectId: string;
  period: ReportPeriod;
  prefixOf: (period: ReportPeriod) => string;
  /** A tenant's history comes from its own stored summaries. */
  tenantId?: string;
}

/**
 * The stored `summary.json` of each of the weeks before an ISO-week `period` that a report shows
 * (no Descope request). A custom period has no previous weeks. A file that is not this scope's
 * summary of that week is skipped with a note, never trusted.
 */
export async function loadStoredHistory(input: LoadStoredHistoryInput): Promise<StoredHistory> {
  const weeks = new Map<string, StoredWeek>();
  const notes: string[] = [];
  if (input.period.kind !== 'iso-week') return { weeks, notes };
  await Promise.all(
    historyWeeks(input.period).map(async (week) => {
      const folder = input.prefixOf(week);
      const key = `${input.tenantId ? tenantPrefix(folder, input.tenantId) : folder}summary.json`;
      const body = await input.store.get(key);
      if (!body) return;
      const parsed = parseStoredSummary(
        body,
        { projectId: input.projectId, week: week.label, tenantId: input.tenantId },
        fingerprintOfTitle,
      );
      if (parsed.ok) weeks.set(week.label, parsed.week);
      else notes.push(`${key} was not used: ${parsed.reason}`);
    }),
  );
  notes.sort();
  return { weeks, notes };
}
