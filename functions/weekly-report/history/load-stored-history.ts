import type { ReportStore } from '../../adapters/report-store.js';
import { fingerprintOfTitle } from '../../core/findings/fingerprint.js';
import { historyWeeks } from '../../core/history/headline-history.js';
import { parseStoredSummary, type StoredWeek } from '../../core/history/stored-summary.js';
import { comparedPeriod, type ReportPeriod } from '../../core/period/period.js';
import { tenantPrefix } from '../../core/report/report-prefix.js';
import type { StoredInputs } from './stored-inputs.js';

/** What a week's stored summary is used for, as an unverified one's gap says. */
export const HISTORY_USE = "this report's history of earlier weeks";

export interface StoredHistory {
  /** Period label (ISO weeks, or the day before a day) → what its stored report says (a Map). */
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

/** The stored periods a report draws on: the weeks a week's report shows, the day before a day. */
function storedPeriods(period: ReportPeriod): ReportPeriod[] {
  if (period.kind === 'iso-week') return historyWeeks(period);
  const previous = period.kind === 'day' ? comparedPeriod(period) : undefined;
  return previous ? [previous] : [];
}

/**
 * The stored `summary.json` of each of the weeks before an ISO-week `period` that a report shows,
 * or of the day before a day (no Descope request). A custom period has no previous periods. A file
 * that is not this scope's summary of that period is skipped with a note, never trusted; through
 * `inputs`, one its period's signed manifest does not seal is not used either (the gate records why).
 */
export async function loadStoredHistory(input: LoadStoredHistoryInput): Promise<StoredHistory> {
  const weeks = new Map<string, StoredWeek>();
  const notes: string[] = [];
  await Promise.all(
    storedPeriods(input.period).map(async (week) => {
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
