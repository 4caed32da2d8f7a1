import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { SqlRows } from '../adapters/duckdb-query-engine.js';
import type { QueryTable } from '../core/aggregation/aggregator.js';
import { csvOptions } from '../core/csv.js';
import type { TableFile } from '../core/report-model.js';

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

/**
 * Takes a table's rows as the engine streams them: keeps the first `keep` in memory, counts them
 * all (and sums the count column), and when given a `path` writes every row to that CSV file (the
 * same bytes `renderCsv` gives, hashed as written). Memory stays flat at any row count.
 */
export class TableSink {
  private readonly rows: Row[] = [];
  private seen = 0;
  private sum = 0;
  private readonly csv?: {
    stringifier: ReturnType<typeof stringify>;
    done: Promise<void>;
    hash: ReturnType<typeof createHash>;
    bytes: { n: number };
  };

  constructor(
    private readonly columns: string[],
    private readonly keep: number,
    private readonly countAt: number | undefined,
    private readonly path?: string,
  ) {
    if (!path) return;
    const stringifier = stringify(csvOptions(columns));
    const hash = createHash('sha256');
    const bytes = { n: 0 };
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        bytes.n += chunk.length;
        callback(null, chunk);
      },
    });
    const done = mkdir(dirname(path), { recursive: true }).then(() =>
      pipeline(stringifier, measure, createWriteStream(path)),
    );
    // Surfaced by `finish`; a write error must not go unhandled before then.
    done.catch(() => undefined);
    this.csv = { stringifier, done, hash, bytes };
  }

  /** Adds rows in table order; resolves once the CSV writer can take more. */
  async add(rows: SqlRows): Promise<void> {
    for (const row of rows) {
      this.seen += 1;
      if (this.countAt !== undefined) this.sum += Number(row[this.countAt] ?? 0);
      if (this.rows.length < this.keep) this.rows.push(row);
      if (this.csv && !this.csv.stringifier.write(row))
        await Promise.race([drained(this.csv.stringifier), this.csv.done]);
    }
  }

  async finish(): Promise<SunkTable> {
    const table: QueryTable = {
      columns: this.columns,
      rows: this.rows,
      ...(this.seen > this.rows.length ? { rowCount: this.seen } : {}),
    };
    const counted = this.countAt === undefined ? this.seen : this.sum;
    if (!this.csv || !this.path) return { table, counted };
    this.csv.stringifier.end();
    await this.csv.done;
    return {
      table,
      counted,
      csv: { path: this.path, bytes: this.csv.bytes.n, sha256: this.csv.hash.digest('hex') },
    };
  }
}

const drained = (stream: NodeJS.WritableStream) =>
  new Promise<void>((resolve) => stream.once('drain', () => resolve()));
