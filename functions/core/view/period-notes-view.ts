import { DAY_MS } from '../period/period.js';
import type { ReportData } from '../report/report-model.js';
import { formatInstant } from './format.js';

/** How long Descope keeps this period's events, and what that means for this report. */
export function buildRetentionNote(data: ReportData): string {
  if (data.source?.kind === 'stream') {
    return (
      `Descope's audit search keeps events for ${data.retentionDays} days; this report was read from the audit ` +
      'stream, which keeps them as long as its bucket does: any period whose objects exist can be reported again.'
    );
  }
  if (data.rollup) {
    const stored = data.rollup.sources.some((s) => s.day)
      ? 'the weekly reports and daily reviews'
      : 'the weekly reports';
    return (
      `Descope's audit search keeps events for ${data.retentionDays} days. This report was recomputed from the ` +
      `evidence ${stored} stored, the only record of these events once they leave Descope.`
    );
  }
  if (data.source?.kind === 'search' && data.source.days?.used) {
    return (
      `Descope's audit search keeps events for ${data.retentionDays} days; this week was computed from its seven ` +
      'stored daily reviews, which with this report and its evidence files stay the record of its events: as long ' +
      'as they are stored and verify, the week can be built from them again after the search has forgotten it.'
    );
  }
  const firstExpires = formatInstant(data.period.from + data.retentionDays * DAY_MS);
  const lastExpires = formatInstant(data.period.to + data.retentionDays * DAY_MS);
  return (
    `Descope's audit search keeps events for ${data.retentionDays} days: this period's events leave it between ` +
    `${firstExpires} and ${lastExpires}. After that, this report and its evidence files are the only record, and ` +
    `no report can be produced for a period that started more than ${data.retentionDays} days ago.`
  );
}

/** Where the previous weeks' figures come from, or why there are none. */
export function buildTrendNote(data: ReportData): string {
  const stored = data.history?.storedWeeks ?? [];
  const storedText =
    stored.length > 0
      ? `Previous figures marked "stored report" are the exact numbers of this scope's stored reports (${stored.join(', ')}); those marked "Descope analytics" are counted by Descope analytics for weeks never reported.`
      : '';
  const skipped = data.history?.notes ?? [];
  if (!data.trends.available && stored.length === 0) {
    return [
      `Week-over-week trends are unavailable: ${data.trends.reason}. This week's numbers are exact.`,
      ...skipped,
    ].join(' ');
  }
  if (!data.trends.available) {
    return [
      storedText,
      `The findings' country history is unavailable: ${data.trends.reason}. This week's numbers are exact.`,
      ...skipped,
    ]
      .filter(Boolean)
      .join(' ');
  }
  const { weeks, note, sources } = data.trends.history;
  const fromStore = sources?.every((s) => s === 'stored-report') ?? false;
  return [
    `Previous weeks (${weeks[0]} – ${weeks[weeks.length - 1]}) are ${fromStore ? 'read from the stored reports' : sources ? 'read from the stored reports where reported, else counted by Descope analytics' : 'counted by Descope analytics'}; this week's ` +
      'numbers are exact counts of the audit records read for this report.',
    storedText,
    note,
    ...skipped,
  ]
    .filter(Boolean)
    .join(' ');
}
