import { randomUUID } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import { TRINO_ON_DUCKDB_MACROS, trinoOnDuckDb } from '../../core/sql/trino/trino-on-duckdb.js';
import { type AthenaOperation, startAthenaJsonServer } from './athena-json-server.js';
import { type StreamTableLocation, scannedBytes, streamTableLoader } from './stream-table-loader.js';

/** What the stand-in holds for one execution. */
interface Execution {
  id: string;
  sql: string;
  state: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  reason?: string;
  bytes: number;
  columns: Array<{ Name: string; Type: string }>;
  rows: Array<Array<string | null>>;
}

export interface AthenaStandIn {
  /** Endpoint for the Athena client (`AWS_ENDPOINT_URL_ATHENA`). */
  endpoint: string;
  /** Every statement started (a repeated `ClientRequestToken` starts none). */
  readonly started: readonly string[];
  /** Requests answered, by operation (`StartQueryExecution`, …). */
  readonly requests: ReadonlyMap<string, number>;
  /** Statements started from now on stay RUNNING until {@link release} (a long query, for tests). */
  hold(): void;
  release(): void;
  /** Statements for which `reason` gives a text fail with it, as Athena fails a query. */
  failWhen(reason: (sql: string) => string | undefined): void;
  close(): Promise<void>;
}

/** Options of {@link startAthenaStandIn}. */
export interface AthenaStandInOptions extends StreamTableLocation {
  workGroup: string;
  /** The workgroup's `BytesScannedCutoffPerQuery`: a statement scanning more fails as Athena's does. */
  bytesScannedCutoff: number;
}

const DUCKDB_INTEGERS = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/;
const athenaType = (duckType: string) =>
  DUCKDB_INTEGERS.test(duckType) ? 'bigint' : duckType === 'BOOLEAN' ? 'boolean' : 'varchar';

/**
 * Amazon Athena on loopback, speaking its JSON 1.1 protocol (`X-Amz-Target:
 * AmazonAthena.StartQueryExecution`, `GetQueryExecution`, `GetQueryResults`, `StopQueryExecution`): each statement runs on
 * DuckDB through the Trino layer (core/sql/trino/trino-on-duckdb.ts) over the stream objects it
 * reads from S3 as the Glue table does; `ClientRequestToken` is idempotent, results page with
 * `NextToken` and the header row first, bytes scanned are the named partitions' objects, and the
 * workgroup's cutoff fails a statement that would scan more. A model of Athena, not Athena.
 */
export async function startAthenaStandIn(options: AthenaStandInOptions): Promise<AthenaStandIn> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const executions = new Map<string, Execution>();
  const byToken = new Map<string, string>();
  const started: string[] = [];
  let queue = Promise.resolve();
  let held: { until: Promise<void>; release: () => void } | undefined;
  let failure: (sql: string) => string | undefined = () => undefined;
  const loadTable = streamTableLoader(options);
  let macros = false;

  const run = async (execution: Execution) => {
    await held?.until;
    // Stopped while it waited (StopQueryExecution): it never runs.
    if (execution.state !== 'RUNNING') return;
    const failed = failure(execution.sql);
    if (failed !== undefined) {
      execution.state = 'FAILED';
      execution.reason = failed;
      return;
    }
    const connection = await instance.connect();
    try {
      // The macros live in the database's catalog: every later connection has them.
      if (!macros) for (const macro of TRINO_ON_DUCKDB_MACROS) await connection.run(macro);
      macros = true;
      const loaded = await loadTable(connection);
      execution.bytes = scannedBytes(execution.sql, loaded);
      if (execution.bytes > options.bytesScannedCutoff) {
        execution.state = 'FAILED';
        execution.reason = `Query exhausted resources at this scale factor: Bytes scanned limit was exceeded (${options.bytesScannedCutoff})`;
        return;
      }
      const result = await connection.runAndReadAll(trinoOnDuckDb(execution.sql));
      const types = result.columnTypes().map((t) => t.toString());
      execution.columns = result.columnNames().map((Name, i) => ({ Name, Type: athenaType(types[i] ?? '') }));
      execution.rows = result.getRows().map((row) => row.map((v) => (v === null ? null : String(v))));
      execution.state = 'SUCCEEDED';
    } catch (error) {
      execution.state = 'FAILED';
      execution.reason = error instanceof Error ? error.message : String(error);
    } finally {
      connection.closeSync();
    }
  };

  const operations = new Map<string, AthenaOperation>(
    Object.entries({
      StartQueryExecution(input) {
        if (input.WorkGroup !== options.workGroup)
          throw invalid(`unknown workgroup ${String(input.WorkGroup)}`);
        const token = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : randomUUID();
        const known = byToken.get(token);
        if (known) return { QueryExecutionId: known };
        const execution: Execution = {
          id: randomUUID(),
          sql: String(input.QueryString ?? ''),
          state: 'RUNNING',
          bytes: 0,
          columns: [],
          rows: [],
        };
        executions.set(execution.id, execution);
        byToken.set(token, execution.id);
        started.push(execution.sql);
        // One statement at a time, in the background: the client polls as it would Athena.
        queue = queue.then(() => run(execution));
        return { QueryExecutionId: execution.id };
      },
      StopQueryExecution(input) {
        const e = found(input.QueryExecutionId);
        if (e.state === 'RUNNING') {
          e.state = 'CANCELLED';
          e.reason = 'Query was cancelled by user';
        }
        return {};
      },
      GetQueryExecution(input) {
        const e = found(input.QueryExecutionId);
        return {
          QueryExecution: {
            QueryExecutionId: e.id,
            Query: e.sql,
            WorkGroup: options.workGroup,
            Status: { State: e.state, StateChangeReason: e.reason },
            Statistics: { DataScannedInBytes: e.bytes },
          },
        };
      },
      GetQueryResults(input) {
        const e = found(input.QueryExecutionId);
        if (e.state !== 'SUCCEEDED') throw invalid(`Query has not yet finished. Current state: ${e.state}`);
        const max = Math.min(1000, Number(input.MaxResults ?? 1000));
        const all = [e.columns.map((c) => c.Name), ...e.rows];
        const from = typeof input.NextToken === 'string' ? Number(input.NextToken) : 0;
        const page = all.slice(from, from + max);
        return {
          ResultSet: {
            Rows: page.map((row) => ({ Data: row.map((v) => (v === null ? {} : { VarCharValue: v })) })),
            ResultSetMetadata: {
              ColumnInfo: e.columns.map((c) => ({
                Name: c.Name,
                Label: c.Name,
                Type: c.Type,
                CatalogName: 'hive',
              })),
            },
          },
          NextToken: from + max < all.length ? String(from + max) : undefined,
          UpdateCount: 0,
        };
      },
    }),
  );
  const found = (id: unknown) => {
    const e = typeof id === 'string' ? executions.get(id) : undefined;
    if (!e) throw invalid(`QueryExecution ${String(id)} was not found`);
    return e;
  };

  const server = await startAthenaJsonServer(operations);
  return {
    endpoint: server.endpoint,
    started,
    requests: server.requests,
    hold: () => {
      if (held) return;
      let release = () => {};
      const until = new Promise<void>((resolve) => {
        release = resolve;
      });
      held = { until, release };
    },
    release: () => {
      held?.release();
      held = undefined;
    },
    failWhen: (reason) => {
      failure = reason;
    },
    close: async () => {
      held?.release();
      await queue;
      await server.close();
      instance.closeSync();
    },
  };
}

const invalid = (message: string) => new Error(message);
