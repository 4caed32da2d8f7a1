import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TableCell } from '../../adapters/duckdb-table-chunk.js';
import type { QueryTable, TableFile } from '../../core/report/report-model.js';
import { renderCsvHeader } from '../../core/view/csv.js';

/** What a sink made of the rows it was given. */
export interface SunkTable {
  /** The first `keep` rows, and `rowCount` when there were more. */
  table: QueryTable;
  /** The sum of the count column, or the rows when there is none. */
  counted: number;
  /** The whole table as CSV, when the sink writes one. */
  csv?: TableFile;
}

/** What a sink takes from each row of a table statement, by column name. */
export interface SinkColumns {
  /** The table's columns (the statement's, in order). */
  table: string[];
  /** The column holding each row's CSV line (see core/sql/csv-line-sql.ts). */
  line: string;
  /** The column summed into the records counted (none: each row is a record). */
  count?: string;
}

/**
 * A chunk of a table's rows as a sink reads it: DuckDB's own chunk (duckdb-table-chunk.ts), or rows
 * that arrived as values (a sandboxed statement's, rows-chunk.ts).
 */
export interface SinkChunk {
  readonly size: number;
  /** The CSV lines of rows [from, to), back to back, from the column holding them. */
  bytes(column: string, from?: number, to?: number): Buffer;
  /** A row's cells, in the order of `columns`. */
  cells(row: number, columns: readonly string[]): TableCell[];
  /** The sum of a count column over rows [from, to). */
  sum(column: string, from?: number, to?: number): number;
}

/** A CSV file written chunk by chunk, hashed and measured as written. */
interface CsvTarget {
  path: string;
  out?: WriteStream;
  hash: ReturnType<typeof createHash>;
  bytes: number;
  failed?: unknown;
}

/**
 * Takes a table's rows as the engine streams them: keeps the first `keep` in memory (decoded from
 * DuckDB by column name), counts them all (and sums the count column), and when given a `path`
 * writes every row to that CSV file: the header (the report's CSV writer), then each row's line as
 * the statement computed it, its bytes copied from DuckDB without being decoded. The file has the
 * bytes `renderCsv` gives the whole table (tests hold the two to it). Memory stays flat at any row count.
 */
export class TableSink {
  private readonly rows: TableCell[][] = [];
  private seen = 0;
  private sum = 0;
  private readonly target?: CsvTarget;

  constructor(
    private readonly columns: SinkColumns,
    private readonly keep: number,
    path?: string,
  ) {
    if (path) this.target = { path, hash: createHash('sha256'), bytes: 0 };
  }

  /** Adds rows [from, to) of a chunk, in table order; resolves once the file can take more. */
  async add(chunk: SinkChunk, from = 0, to = chunk.size): Promise<void> {
    if (to <= from) return;
    this.seen += to - from;
    if (this.columns.count !== undefined) this.sum += chunk.sum(this.columns.count, from, to);
    for (let row = from; row < to && this.rows.length < this.keep; row += 1)
      this.rows.push(chunk.cells(row, this.columns.table));
    if (this.target) await this.write(this.target, chunk.bytes(this.columns.line, from, to));
  }

  private async write(target: CsvTarget, lines: Buffer): Promise<void> {
    if (!target.out) {
      await mkdir(dirname(target.path), { recursive: true });
      target.out = createWriteStream(target.path);
      target.out.on('error', (error) => {
        target.failed = error;
      });
      await this.append(target, Buffer.from(renderCsvHeader(this.columns.table), 'utf8'));
    }
    await this.append(target, lines);
  }

  private async append(target: CsvTarget, chunk: Buffer): Promise<void> {
    target.hash.update(chunk);
    target.bytes += chunk.length;
    if (target.failed) throw target.failed;
    if (target.out && !target.out.write(chunk)) await waitToWrite(target.out);
  }

  async finish(): Promise<SunkTable> {
    const table: QueryTable = { columns: this.columns.table, rows: this.rows };
    if (this.seen > this.rows.length) table.rowCount = this.seen;
    const counted = this.columns.count === undefined ? this.seen : this.sum;
    const target = this.target;
    if (!target) return { table, counted };
    // A table without rows is its header alone.
    if (!target.out) await this.write(target, Buffer.alloc(0));
    const out = target.out;
    if (out)
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
    if (target.failed) throw target.failed;
    return {
      table,
      counted,
      csv: { path: target.path, bytes: target.bytes, sha256: target.hash.digest('hex') },
    };
  }
}

/** Resolves when the stream drains, or rejects when it fails first. */
const waitToWrite = (out: WriteStream) =>
  new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      out.off('drain', drained);
      out.off('error', done);
      if (error) reject(error);
      else resolve();
    };
    const drained = () => done();
    out.once('drain', drained);
    out.once('error', done);
  });
