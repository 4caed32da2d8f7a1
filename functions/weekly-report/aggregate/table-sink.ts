import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { SqlRows } from '../../adapters/duckdb-query-engine.js';
import type { QueryTable, TableFile } from '../../core/report/report-model.js';
import { csvOptions } from '../../core/view/csv.js';

/** What a sink made of the rows it was given. */
export interface SunkTable {
  /** The first `keep` rows, and `rowCount` when there were more. */
  table: QueryTable;
  /** The sum of the count column (`countAt`), or the rows when there is none. */
  counted: number;
  /** The whole table as CSV, when the sink writes one. */
  csv?: TableFile;
}

type Row = Array<string | number>;

/** A CSV file written chunk by chunk, hashed and measured as written. */
interface CsvTarget {
  path: string;
  out?: WriteStream;
  hash: ReturnType<typeof createHash>;
  bytes: number;
  header: boolean;
  failed?: unknown;
}

/**
 * Takes a table's rows as the engine streams them: keeps the first `keep` in memory, counts them
 * all (and sums the count column), and when given a `path` writes every row to that CSV file. Each
 * chunk is rendered by the report's CSV writer (header with the first), so the file has the bytes
 * `renderCsv` gives the whole table. Memory stays flat at any row count.
 */
export class TableSink {
  private readonly rows: Row[] = [];
  private seen = 0;
  private sum = 0;
  private readonly target?: CsvTarget;

  constructor(
    private readonly columns: string[],
    private readonly keep: number,
    private readonly countAt: number | undefined,
    path?: string,
  ) {
    if (path) this.target = { path, hash: createHash('sha256'), bytes: 0, header: true };
  }

  /** Adds rows in table order; resolves once the file can take more. */
  async add(rows: SqlRows): Promise<void> {
    for (const row of rows) {
      this.seen += 1;
      if (this.countAt !== undefined) this.sum += Number(row[this.countAt] ?? 0);
      if (this.rows.length < this.keep) this.rows.push(row);
    }
    if (this.target && rows.length > 0) await this.write(this.target, rows);
  }

  private async write(target: CsvTarget, rows: SqlRows): Promise<void> {
    const text = stringify(rows, { ...csvOptions(this.columns), header: target.header });
    target.header = false;
    const chunk = Buffer.from(text, 'utf8');
    target.hash.update(chunk);
    target.bytes += chunk.length;
    if (!target.out) {
      await mkdir(dirname(target.path), { recursive: true });
      target.out = createWriteStream(target.path);
      target.out.on('error', (error) => {
        target.failed = error;
      });
    }
    if (target.failed) throw target.failed;
    if (!target.out.write(chunk)) await waitToWrite(target.out);
  }

  async finish(): Promise<SunkTable> {
    const table: QueryTable = {
      columns: this.columns,
      rows: this.rows,
      ...(this.seen > this.rows.length ? { rowCount: this.seen } : {}),
    };
    const counted = this.countAt === undefined ? this.seen : this.sum;
    const target = this.target;
    if (!target) return { table, counted };
    // A table without rows is its header alone.
    if (target.header) await this.write(target, []);
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
