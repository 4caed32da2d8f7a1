import { stringify } from 'csv-stringify/sync';
import type { QueryTable } from './aggregation/aggregator.js';

/**
 * A table as RFC 4180 CSV (UTF-8, header row, CRLF). `escape_formulas` prefixes cells starting
 * with `=`, `+`, `-`, `@`, tab or CR with a quote so spreadsheets show audit data as text instead
 * of running it as a formula.
 */
export function renderCsv(table: QueryTable): string {
  return stringify(table.rows, {
    header: true,
    columns: table.columns,
    escape_formulas: true,
    record_delimiter: '\r\n',
    // Line breaks inside a value must be quoted whatever the record delimiter is.
    quoted_match: /[\r\n]/,
    cast: { number: (value) => String(value) },
  });
}
