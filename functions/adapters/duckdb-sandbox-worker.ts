import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { RECORDS } from '../core/sql/compile-query.js';
import type { SandboxReply, SandboxRequest, SandboxStart, SqlLimitKind } from './duckdb-sandbox-protocol.js';
import { checkStatement, prepareChecking, refusal } from './duckdb-sql-checker.js';

/*
 * The DuckDB sandbox process: one untrusted statement at a time, under the limits it was started
 * with, on the evidence database opened read-only (or an empty one, to check statements). Started
 * by duckdb-sandbox.ts, which watches this process's memory and kills it past its limit; here each
 * statement's time is bounded by interrupting the connection.
 */

const send = (reply: SandboxReply) =>
  new Promise<void>((resolve, reject) =>
    process.send?.(reply, undefined, undefined, (error) => (error ? reject(error) : resolve())),
  );

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
/** The message DuckDB gives an interrupted statement, also used for one that ended past its limit. */
const INTERRUPTED = 'INTERRUPT Error: Interrupted!';

/** Which DuckDB limit an error reports, if any. */
function limitOf(message: string, interrupted: boolean): SqlLimitKind | undefined {
  if (interrupted || /INTERRUPT/i.test(message)) return 'time';
  if (/max_temp_directory_size|failed to offload/i.test(message)) return 'temp-directory';
  if (/Out of Memory/i.test(message)) return 'duckdb-memory';
  return undefined;
}

const cell = (value: unknown): string | number => {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  if (typeof value === 'number') return value;
  return value === null || value === undefined ? '' : String(value);
};

async function open(
  start: SandboxStart,
): Promise<{ connection: DuckDBConnection; unstable: ReadonlySet<string> }> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const { limits } = start;
  const instance: DuckDBInstance = await DuckDBInstance.create(start.database ?? ':memory:', {
    ...(start.database ? { access_mode: 'READ_ONLY' } : {}),
    memory_limit: `${limits.duckdbMemoryMb}MB`,
    threads: String(limits.threads),
    temp_directory: start.spillDirectory,
    max_temp_directory_size: `${limits.tempMb}MB`,
    preserve_insertion_order: 'false',
    enable_external_access: 'false',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const connection = await instance.connect();
  const unstable = start.database ? new Set<string>() : await prepareChecking(connection);
  await connection.run('SET lock_configuration = true');
  return { connection, unstable };
}

/** A statement's rows, a chunk at a time, each sent once the job asked for more. */
async function run(
  connection: DuckDBConnection,
  id: number,
  sql: string,
  more: () => Promise<void>,
  interrupted: () => boolean,
) {
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM (\n${sql}\n)`);
  const columns = described.getRowsJS().map((row) => String(row[0]));
  const counted = await connection.runAndReadAll(`SELECT count(*) FROM ${RECORDS}`);
  const records = Number(counted.getRowsJS()[0]?.[0] ?? 0);
  await send({ type: 'columns', id, columns, records });
  const result = await connection.stream(sql);
  // A statement that ends after its time limit is over it, even when DuckDB finished before it saw
  // the interrupt: its rows are never sent as a result.
  for await (const rows of result.yieldRowsJs()) {
    if (interrupted()) throw new Error(INTERRUPTED);
    await send({ type: 'rows', id, rows: rows.map((row) => row.map(cell)) });
    await more();
  }
  if (interrupted()) throw new Error(INTERRUPTED);
  await send({ type: 'done', id });
}

async function main(): Promise<void> {
  const start = JSON.parse(process.argv[2] ?? '{}') as SandboxStart;
  let opened: Awaited<ReturnType<typeof open>>;
  try {
    opened = await open(start);
  } catch (error) {
    await send({ type: 'start-failed', message: messageOf(error) });
    process.exit(1);
  }
  const { connection, unstable } = opened;
  let waiting: (() => void) | undefined;
  const more = () =>
    new Promise<void>((resolve) => {
      waiting = resolve;
    });
  let queue = Promise.resolve();
  process.on('message', (request: SandboxRequest) => {
    if (request.type === 'more') {
      waiting?.();
      waiting = undefined;
      return;
    }
    queue = queue.then(async () => {
      let interrupted = false;
      const timer = setTimeout(() => {
        interrupted = true;
        connection.interrupt();
      }, start.limits.timeMs);
      try {
        if (request.type === 'check') {
          const result = await checkStatement(
            connection,
            request.sql,
            unstable,
            () => void send({ type: 'rules-passed', id: request.id }),
          ).catch((error: unknown) => {
            const limit = limitOf(messageOf(error), interrupted);
            if (limit) throw error;
            return refusal(error, request.sql);
          });
          if (interrupted) throw new Error(INTERRUPTED);
          await send({ type: 'checked', id: request.id, result });
        } else {
          await run(connection, request.id, request.sql, more, () => interrupted);
        }
      } catch (error) {
        const message = messageOf(error);
        await send({ type: 'failed', id: request.id, message, limit: limitOf(message, interrupted) });
      } finally {
        clearTimeout(timer);
      }
    });
  });
  process.on('disconnect', () => process.exit(0));
  await send({ type: 'ready' });
}

void main();
