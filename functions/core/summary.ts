import type { ReportData } from './report-model.js';
import { headlineCount, isReportComplete } from './report-model.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * `summary.json`: the period, per-query totals and completeness. It holds no run time or request
 * counts, so a re-run over unchanged data writes the same bytes.
 */
export function renderSummary(data: ReportData): string {
  const summary = {
    schemaVersion: 1,
    projectId: data.projectId,
    period: {
      label: data.period.label,
      from: iso(data.period.from),
      to: iso(data.period.to),
      timezone: 'UTC',
    },
    complete: isReportComplete(data),
    queries: data.results.map((r) => ({
      id: r.query.id,
      title: r.query.title,
      controls: r.query.controls,
      complete: r.complete,
      records: r.records,
      rows: r.table.rows.length,
      headline: headlineCount(r),
      csv: `${r.query.id}.csv`,
      evidence: r.evidenceFile,
      gaps: r.gaps.map((g) => ({
        from: iso(g.from),
        to: iso(g.to),
        reason: g.reason,
        ...(g.expected !== undefined ? { expected: g.expected } : {}),
        fetched: g.fetched,
      })),
    })),
  };
  return `${JSON.stringify(summary, null, 2)}\n`;
}
