import type { QueryResult } from '../report/report-model.js';
import { rowCount, shownRowsOf } from '../report/rows-held.js';
import { loginIdColumns, MASKED_DISTINCT_NOTE } from '../stream/pii-masking.js';
import { buildBarChart, buildColumnChart, type ChartView } from './chart-view.js';
import { formatCount, plural } from './format.js';

/** A table cell: its text and how its column wraps (`num` right-aligned, `keep` never broken, `wrap` broken anywhere). */
export interface CellView {
  text: string;
  cls: 'num' | 'keep' | 'wrap' | '';
}

export interface SectionView {
  id: string;
  title: string;
  description: string;
  controls: string[];
  summary: string;
  columns: string[];
  /** Few columns: the table is not stretched across the page. */
  narrow: boolean;
  rows: CellView[][];
  empty: boolean;
  truncatedNote: string;
  csvFile: string;
  incompleteNote: string;
  /** On a stream that masks login IDs: which columns mean nothing ('' otherwise). */
  maskedNote: string;
  /** The SQL that computed the table ('' in a tenant's report, whose statements are not shown). */
  sql: string;
  charts: ChartView[];
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function dayPoint(day: string, value: number) {
  const date = new Date(`${day}T00:00:00Z`);
  return {
    label: WEEKDAYS[date.getUTCDay()] ?? day,
    sublabel: `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()] ?? ''}`,
    value,
  };
}

function chartsOf(result: QueryResult, shown: number): ChartView[] {
  const { query, table } = result;
  if (query.aggregation.kind === 'series') {
    const points = table.rows.map((row) => dayPoint(String(row[0] ?? ''), Number(row[1] ?? 0)));
    return [buildColumnChart(`${query.id}-chart`, `${query.title} (UTC days)`, points)];
  }
  if (query.aggregation.kind === 'group' && query.aggregation.chart && table.rows.length > 0) {
    const countIndex = query.aggregation.groupBy.length;
    const points = table.rows.slice(0, shown).map((row) => ({
      label: String(row[0] ?? ''),
      value: Number(row[countIndex] ?? 0),
    }));
    const title = rowCount(table) > shown ? `${query.title}: top ${formatCount(shown)}` : query.title;
    return [buildBarChart(`${query.id}-chart`, title, points)];
  }
  return [];
}

const ISO_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/;
/** Tokens longer than this (IDs, emails) may be broken anywhere rather than widen the table. */
const LONG_TOKEN = 24;

/** `2026-11-16T04:50:09.214Z` → `2026-11-16 04:50:09` (UTC, as the report says; the CSV keeps milliseconds). */
const displayText = (cell: string) => cell.replace(ISO_TIME, '$1 $2');

function columnClass(cells: ReadonlyArray<string | number>): CellView['cls'] {
  const texts = cells.filter((c) => c !== '');
  if (texts.length > 0 && texts.every((c) => typeof c === 'number')) return 'num';
  const strings = texts.map((c) => displayText(String(c)));
  const longest = Math.max(0, ...strings.flatMap((t) => t.split(/\s+/)).map((t) => t.length));
  if (longest > LONG_TOKEN) return 'wrap';
  return strings.every((t) => t.length <= LONG_TOKEN) ? 'keep' : '';
}

function cellViews(rows: ReadonlyArray<ReadonlyArray<string | number>>, columns: number): CellView[][] {
  const classes = Array.from({ length: columns }, (_, i) => columnClass(rows.map((row) => row[i] ?? '')));
  return rows.map((row) =>
    row.map((cell, i) => ({
      text: typeof cell === 'number' ? formatCount(cell) : displayText(cell),
      cls: classes[i] ?? '',
    })),
  );
}

/**
 * One query's section: its table capped for reading, its chart, and where the full CSV is.
 * `controls`: the labels of the controls it evidences (from the framework files and the catalog);
 * `masked`: the source masks login IDs.
 */
export function buildSectionView(result: QueryResult, controls: string[] = [], masked = false): SectionView {
  const { query, table } = result;
  const maskedColumns = masked ? loginIdColumns(query.aggregation) : [];
  const limit = shownRowsOf(result);
  const shown = table.rows.slice(0, limit);
  const hidden = rowCount(table) - shown.length;
  const rowsText = plural(rowCount(table), 'row', 'rows');
  return {
    id: query.id,
    title: query.title,
    description: query.description,
    controls,
    summary: `${plural(result.records, 'record', 'records')} · ${rowsText}`,
    columns: table.columns,
    narrow: table.columns.length <= 3,
    rows: cellViews(shown, table.columns.length),
    empty: query.aggregation.kind === 'series' ? result.records === 0 : rowCount(table) === 0,
    truncatedNote:
      hidden > 0
        ? `Showing the first ${formatCount(shown.length)} of ${rowsText}; all rows are in ${query.id}.csv.`
        : '',
    csvFile: `${query.id}.csv`,
    incompleteNote: result.complete
      ? ''
      : `Incomplete: ${result.gaps.length} time range(s) could not be read in full; see Gaps.`,
    maskedNote: maskedColumns.length > 0 ? `${maskedColumns.join(', ')}: ${MASKED_DISTINCT_NOTE}.` : '',
    sql: result.sql ?? '',
    charts: result.records === 0 ? [] : chartsOf(result, limit),
  };
}
