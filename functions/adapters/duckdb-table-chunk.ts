import { endianness } from 'node:os';
import type { DuckDBDataChunk, DuckDBValue } from '@duckdb/node-api';
import type duckdb from '@duckdb/node-bindings';
import { z } from 'zod';
import { QueryEngineError } from '../shared/errors.js';

/** A table cell as the report holds it: text, or a whole number (beyond 2^53 as text, exact). */
export type TableCell = string | number;

/** A plain value leaving DuckDB: text, a number (a whole number beyond 2^53 as text), a boolean or null. */
export type SqlValue = string | number | boolean | null;

/** Converts what the binding gives for text, whole numbers and booleans; anything else is left for zod to refuse. */
export const plainValue = (value: unknown): unknown => {
  // Counts are far below 2^53; a larger integer (a hash in a custom query) stays exact as text.
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  return value;
};

/** A cell of a table: the report writes NULL as an empty text cell and a boolean as its text. */
const tableCell = z
  .union([z.string(), z.number(), z.boolean(), z.null()])
  .transform((v): TableCell => (v === null ? '' : typeof v === 'boolean' ? String(v) : v));

const LITTLE_ENDIAN = endianness() === 'LE';

/** The binding's functions, passed in: the native library is loaded only by processes that aggregate. */
export type DuckDbBindings = typeof duckdb;
/** Bytes of a `duckdb_string_t`: length, then the text itself (up to 12 bytes) or a prefix and a pointer. */
const STRING_T = 16;
const INLINED = 12;

/**
 * Rows [from, to) of a VARCHAR vector as one buffer of their UTF-8 bytes, never decoded. DuckDB
 * writes a chunk's longer strings back to back in its string heap, so each run of adjacent strings
 * is copied with one call (read from the run's first pointer); reading them one by one costs a call
 * and an allocation per row, several times more (BENCHMARKS.md). Short strings live in the vector.
 */
function varcharBytes(
  duckdb: DuckDbBindings,
  vector: duckdb.Vector,
  size: number,
  from: number,
  to: number,
): Buffer {
  const data = duckdb.vector_get_data(vector, size * STRING_T);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const length = (i: number) => view.getUint32(i * STRING_T, LITTLE_ENDIAN);
  let total = 0;
  for (let i = from; i < to; i += 1) total += length(i);
  const out = Buffer.allocUnsafe(total);
  const pointer = new DataView(new ArrayBuffer(8));
  let at = 0;
  let i = from;
  while (i < to) {
    const n = length(i);
    const offset = data.byteOffset + i * STRING_T;
    if (n <= INLINED) {
      out.set(new Uint8Array(data.buffer, offset + 4, n), at);
      at += n;
      i += 1;
      continue;
    }
    // The pointer's two halves; the run goes on while the next string starts where this one ends.
    const low = view.getUint32(i * STRING_T + 8, LITTLE_ENDIAN);
    const high = view.getUint32(i * STRING_T + 12, LITTLE_ENDIAN);
    let run = n;
    let j = i + 1;
    while (j < to) {
      const next = length(j);
      if (next <= INLINED) break;
      if (view.getUint32(j * STRING_T + 12, LITTLE_ENDIAN) !== high) break;
      if (view.getUint32(j * STRING_T + 8, LITTLE_ENDIAN) !== low + run) break;
      run += next;
      j += 1;
    }
    pointer.setUint32(0, low, LITTLE_ENDIAN);
    pointer.setUint32(4, high, LITTLE_ENDIAN);
    out.set(duckdb.get_data_from_pointer(pointer.buffer, 0, run), at);
    at += run;
    i = j;
  }
  return out;
}

/**
 * The sum of rows [from, to) of a BIGINT vector (the counts), read from its memory as two 32-bit
 * halves: no BigInt per row. Exact while the sum stays below 2^53 (counts of records do).
 */
function bigintSum(
  duckdb: DuckDbBindings,
  vector: duckdb.Vector,
  size: number,
  from: number,
  to: number,
): number {
  const data = duckdb.vector_get_data(vector, size * 8);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let total = 0;
  for (let i = from; i < to; i += 1)
    total += view.getInt32(i * 8 + 4, LITTLE_ENDIAN) * 2 ** 32 + view.getUint32(i * 8, LITTLE_ENDIAN);
  return total;
}

/** Whether rows [from, to) of a vector all hold a value (its validity mask is absent when they all do). */
function allValid(
  duckdb: DuckDbBindings,
  vector: duckdb.Vector,
  size: number,
  from: number,
  to: number,
): boolean {
  const mask = duckdb.vector_get_validity(vector, Math.ceil(size / 64) * 8);
  if (!mask || mask.length === 0) return true;
  for (let i = from; i < to; i += 1) if (((mask[i >> 3] ?? 0) & (1 << (i & 7))) === 0) return false;
  return true;
}

/**
 * One chunk of a table statement's result (about 2,048 rows), read only as asked: the CSV lines
 * as bytes for every row, cells by column name for the rows the report holds.
 */
export class TableChunk {
  constructor(
    private readonly chunk: DuckDBDataChunk,
    private readonly index: ReadonlyMap<string, number>,
    private readonly duckdb: DuckDbBindings,
  ) {}

  get size(): number {
    return this.chunk.rowCount;
  }

  private column(name: string): number {
    const at = this.index.get(name);
    if (at === undefined) throw new QueryEngineError(`DuckDB's result has no column "${name}"`);
    return at;
  }

  private value(column: string, row: number): DuckDBValue {
    return this.chunk.getColumnVector(this.column(column)).getItem(row);
  }

  /** Rows [from, to) of the VARCHAR column `column` (the statement's CSV lines), as one buffer of bytes. */
  bytes(column: string, from = 0, to = this.size): Buffer {
    const vector = this.duckdb.data_chunk_get_vector(this.chunk.chunk, this.column(column));
    if (!allValid(this.duckdb, vector, this.size, from, to))
      throw new QueryEngineError(`"${column}" is NULL in a row`);
    return varcharBytes(this.duckdb, vector, this.size, from, to);
  }

  /** A row's cells for the named columns, in their order, each checked as it leaves DuckDB. */
  cells(row: number, columns: readonly string[]): TableCell[] {
    return columns.map((column) => {
      const cell = tableCell.safeParse(plainValue(this.value(column, row)));
      if (!cell.success) throw new QueryEngineError(`"${column}" holds a value that is not text or a number`);
      return cell.data;
    });
  }

  /** The text of `column` at `row` (a tenant statement's tenant). */
  text(column: string, row: number): string {
    const value = this.value(column, row);
    if (typeof value !== 'string') throw new QueryEngineError(`"${column}" is not text`);
    return value;
  }

  /** The sum of a whole-number column over rows [from, to). */
  sum(column: string, from = 0, to = this.size): number {
    const at = this.column(column);
    const vector = this.chunk.getColumnVector(at);
    const raw = this.duckdb.data_chunk_get_vector(this.chunk.chunk, at);
    if (vector.type.toString() === 'BIGINT' && allValid(this.duckdb, raw, this.size, from, to))
      return bigintSum(this.duckdb, raw, this.size, from, to);
    let total = 0;
    for (let i = from; i < to; i += 1) {
      const value = vector.getItem(i);
      if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value)))
        total += Number(value);
      else if (value !== null) throw new QueryEngineError(`"${column}" is not a whole number`);
    }
    return total;
  }
}

/** Column name → position in a result, refusing a name given twice (it could not be read by name). */
export function columnIndex(names: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    if (index.has(name)) throw new QueryEngineError(`DuckDB's result has two columns named "${name}"`);
    index.set(name, i);
  });
  return index;
}
