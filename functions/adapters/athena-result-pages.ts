import { type AthenaClient, type ColumnInfo, GetQueryResultsCommand, type Row } from '@aws-sdk/client-athena';
import { AthenaQueryError } from '../shared/athena-errors.js';
import { describeError } from '../shared/errors.js';

/** Rows of a result page: integers as numbers, everything else as text ('' for NULL). */
export type AthenaRows = Array<Array<string | number>>;

/** A result column: its name and Athena's type (`varchar`, `bigint`, …). */
export interface AthenaColumn {
  name: string;
  type: string;
}

/** A finished statement's result: its columns and its rows a page at a time. */
export interface AthenaResultStream {
  columns(): Promise<AthenaColumn[]>;
  chunks: AsyncIterable<AthenaRows>;
}

/** Athena's integer types: their cells become numbers, as DuckDB's counts do. */
const INTEGERS = new Set(['tinyint', 'smallint', 'integer', 'bigint']);

/**
 * A cell as the DuckDB engine gives it (duckdb-query-engine.ts): integers as numbers (text past
 * 2^53, so nothing is rounded), NULL as '', everything else as Athena's text.
 */
function cell(value: string | undefined, type: string | undefined): string | number {
  if (value === undefined) return '';
  if (type && INTEGERS.has(type.toLowerCase())) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  return value;
}

const rowValues = (row: Row, columns: readonly ColumnInfo[]) =>
  columns.map((c, i) => cell(row.Data?.[i]?.VarCharValue, c.Type));

/**
 * Reads a query's results with GetQueryResults, 1,000 rows a request, following `NextToken`. The
 * first row of the first page is the header Athena puts before a SELECT's rows.
 */
export function readAthenaResults(client: AthenaClient, executionId: string): AthenaResultStream {
  let columnInfo: ColumnInfo[] | undefined;
  let firstPage: { rows: Row[]; next?: string } | undefined;
  const page = async (token?: string) => {
    try {
      const out = await client.send(
        new GetQueryResultsCommand({ QueryExecutionId: executionId, NextToken: token, MaxResults: 1000 }),
      );
      columnInfo ??= out.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      return { rows: out.ResultSet?.Rows ?? [], next: out.NextToken };
    } catch (error) {
      throw new AthenaQueryError(
        `Athena could not read the results of ${executionId}: ${describeError(error)}`,
        executionId,
        {
          cause: error,
        },
      );
    }
  };
  const first = async () => {
    firstPage ??= await page();
    return firstPage;
  };
  return {
    columns: async () => {
      await first();
      return (columnInfo ?? []).map((c) => ({
        name: c.Name ?? '',
        type: (c.Type ?? 'varchar').toLowerCase(),
      }));
    },
    chunks: (async function* () {
      let current = await first();
      let header = true;
      for (;;) {
        const rows = header ? current.rows.slice(1) : current.rows;
        header = false;
        if (rows.length > 0) yield rows.map((r) => rowValues(r, columnInfo ?? []));
        if (!current.next) return;
        current = await page(current.next);
      }
    })(),
  };
}
