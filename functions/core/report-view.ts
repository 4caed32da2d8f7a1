import { UNKNOWN } from './aggregation/group-aggregator.js';
import type { QueryResult, ReportData, ReportLocation } from './report-model.js';
import { headlineCount, isReportComplete } from './report-model.js';

/** View models hold ready-made strings only: templates stay logic-light and escape every value. */
export interface HeadlineView {
  label: string;
  value: string;
}

export interface GapView {
  query: string;
  range: string;
  reason: string;
}

export interface SectionView {
  id: string;
  title: string;
  description: string;
  controls: string;
  summary: string;
  columns: string[];
  rows: string[][];
  empty: boolean;
  truncatedNote: string;
  csvFile: string;
  incompleteNote: string;
}

export interface ReportView {
  title: string;
  projectId: string;
  periodLabel: string;
  periodRange: string;
  retentionNote: string;
  complete: boolean;
  statusText: string;
  gaps: GapView[];
  headlines: HeadlineView[];
  topGeos: string;
  sections: SectionView[];
  location: ReportLocation;
}

const numberFormat = new Intl.NumberFormat('en-US');
export const formatCount = (n: number): string => numberFormat.format(n);

const isoMinute = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/:\d\d\.\d{3}Z$/, ' UTC')
    .replace('T', ' ');

export const formatRange = (from: number, to: number): string => `${isoMinute(from)} – ${isoMinute(to)}`;

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

const headlineLabel = (result: QueryResult): string => result.query.headline ?? result.query.title;

/** "DE 1,204 · US 87 · unknown 3" from the first column of a geo table. */
export function describeTopGeos(result: QueryResult | undefined, limit = 3): string {
  if (!result || result.table.rows.length === 0) return 'none';
  return result.table.rows
    .slice(0, limit)
    .map((row) => `${String(row[0] ?? UNKNOWN)} ${formatCount(Number(row[1] ?? 0))}`)
    .join(' · ');
}

function sectionView(result: QueryResult): SectionView {
  const { query, table } = result;
  const shown = table.rows.slice(0, query.htmlRowLimit);
  const hidden = table.rows.length - shown.length;
  const rowsText = plural(table.rows.length, 'row', 'rows');
  return {
    id: query.id,
    title: query.title,
    description: query.description,
    controls: query.controls.join(' · '),
    summary: `${plural(result.records, 'record', 'records')} · ${rowsText}`,
    columns: table.columns,
    rows: shown.map((row) => row.map((cell) => (typeof cell === 'number' ? formatCount(cell) : cell))),
    empty: table.rows.length === 0,
    truncatedNote:
      hidden > 0
        ? `Showing the first ${formatCount(shown.length)} of ${rowsText}; all rows are in ${query.id}.csv.`
        : '',
    csvFile: `${query.id}.csv`,
    incompleteNote: result.complete
      ? ''
      : `Incomplete: ${result.gaps.length} time range(s) could not be read in full; see Gaps.`,
  };
}

/** The HTML report's and the email's view of the data. */
export function buildReportView(data: ReportData, location: ReportLocation): ReportView {
  const complete = isReportComplete(data);
  const gaps = data.results.flatMap((r) =>
    r.gaps.map((g) => ({
      query: r.query.title,
      range: formatRange(g.from, g.to),
      reason:
        g.expected !== undefined
          ? `${g.reason} (read ${formatCount(g.fetched)} of ${formatCount(g.expected)} records)`
          : `${g.reason} (read ${formatCount(g.fetched)} records)`,
    })),
  );
  return {
    title: `Descope audit report ${data.period.label}`,
    projectId: data.projectId,
    periodLabel: data.period.label,
    periodRange: formatRange(data.period.from, data.period.to),
    retentionNote:
      `Descope keeps audit events for ${data.retentionDays} days: this report is the standing evidence ` +
      'for the period once the events have expired there.',
    complete,
    statusText: complete
      ? 'Complete: every query read every matching record.'
      : `INCOMPLETE: ${gaps.length} gap(s) — the numbers below miss the records listed under Gaps.`,
    gaps,
    headlines: data.results.map((r) => ({ label: headlineLabel(r), value: formatCount(headlineCount(r)) })),
    topGeos: describeTopGeos(data.results.find((r) => r.query.id === 'failed-logins-by-geo')),
    sections: data.results.map(sectionView),
    location,
  };
}
