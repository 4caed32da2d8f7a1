import type { ReportStore } from '../../adapters/report-store.js';
import { fingerprintOfTitle } from '../../core/findings/fingerprint.js';
import { historyWeeks } from '../../core/history/headline-history.js';
import { parseStoredSummary, type StoredWeek } from '../../core/history/stored-summary.js';
import type { ReportPeriod } from '../../core/period/period.js';
import { tenantPrefix } from '../../core/report/report-prefix.js';
import type { StoredInputs } from './stored-inputs.js';

/** What a week's stored summary is used for, as an unverified one's gap says. */
export const HISTORY_USE = "this report's history of earlier weeks";

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
  /** The gate that verifies each summary against its week's signed manifest (a run that signs). */
  inputs?: StoredInputs;
}

/**
 * The stored `summary.json` of each of the weeks before an ISO-week `period` that a report shows
 * (no Descope request). A custom period has no previous weeks. A file that is not this scope's
 * summary of that week is skipped with a note, never trusted; through `inputs`, one its week's
 * signed manifest does not seal is not used either (the gate records why).
 */
export async function loadStoredHistory(input: LoadStoredHistoryInput): Promise<StoredHistory> {
  const weeks = new Map<string, StoredWeek>();
  const notes: string[] = [];
  if (input.period.kind !== 'iso-week') return { weeks, notes };
  await Promise.all(
    historyWeeks(input.period).map(async (week) => {
      const base = input.prefixOf(week);
      const folder = input.tenantId ? tenantPrefix(base, input.tenantId) : base;
      const key = `${folder}summary.json`;
      const scope = input.tenantId
        ? { kind: 'tenant' as const, tenantId: input.tenantId }
        : { kind: 'project' as const };
      const body = input.inputs
        ? await input.inputs.file(
            { folder, period: week, expected: { projectId: input.projectId, period: week.label, scope } },
            'summary.json',
            HISTORY_USE,
          )
        : await input.store.get(key);
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
