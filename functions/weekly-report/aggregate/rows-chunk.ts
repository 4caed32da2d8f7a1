import type { TableCell } from '../../adapters/duckdb-table-chunk.js';
import { renderCsv, renderCsvHeader } from '../../core/view/csv.js';
import type { SinkChunk } from './table-sink.js';

/** The line column a {@link RowsChunk} answers for (its lines are rendered, not read). */
export const RENDERED_LINE = '';

/**
 * Rows that arrived as values (a sandboxed statement's, a list the job made) as a sink takes them:
 * each row's CSV line rendered by the report's CSV writer, so its file has the bytes `renderCsv`
 * gives the whole table, as a DuckDB-computed line does.
 */
export class RowsChunk implements SinkChunk {
  constructor(
    private readonly columns: readonly string[],
    private readonly rows: ReadonlyArray<readonly TableCell[]>,
  ) {}

  get size(): number {
    return this.rows.length;
  }

  bytes(_column: string, from = 0, to = this.size): Buffer {
    const rows = this.rows.slice(from, to).map((row) => [...row]);
    const whole = renderCsv({ columns: [...this.columns], rows });
    // renderCsv starts with the header line: the sink writes that once, itself.
    return Buffer.from(whole.slice(renderCsvHeader(this.columns).length), 'utf8');
  }

  cells(row: number, columns: readonly string[]): TableCell[] {
    const values = this.rows[row] ?? [];
    return columns.map((name) => values[this.columns.indexOf(name)] ?? '');
  }

  sum(column: string, from = 0, to = this.size): number {
    const at = this.columns.indexOf(column);
    let total = 0;
    for (let row = from; row < to; row += 1) total += Number(this.rows[row]?.[at] ?? 0);
    return total;
  }
}
