import {
  type AthenaClient,
  GetQueryExecutionCommand,
  type QueryExecution,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { AthenaCostGuardError, AthenaQueryError } from '../shared/athena-errors.js';
import { describeError } from '../shared/errors.js';
import { type AthenaResultStream, readAthenaResults } from './athena-result-pages.js';

/** Where and how the job's Athena statements run. */
export interface AthenaRunnerOptions {
  /** The workgroup (its enforced settings give the results location, encryption and cutoff). */
  workGroup: string;
  /** The Glue database the statements' tables are in. */
  database: string;
  /**
   * Bytes a statement may scan; one that scanned more fails the run (the workgroup's
   * `BytesScannedCutoffPerQuery` stops it in Athena first; this names it in the report's error).
   */
  bytesScannedCutoff: number;
  /** Waits between status polls, ms: the first, then ×`factor` each time up to `maxMs`. @default {firstMs: 500, factor: 2, maxMs: 10000} */
  poll?: { firstMs: number; factor: number; maxMs: number };
  /** Gives up waiting after this long, ms (the caller continues in a new invocation). @default 600000 */
  maxWaitMs?: number;
  /** Injected for tests. @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

/** A finished statement: its execution ID and the bytes Athena scanned for it. */
export interface AthenaExecution {
  executionId: string;
  bytesScanned: number;
}

/** One look at a statement: still running, finished, or how it ended (the named error's message). */
export type AthenaStatus =
  | { state: 'running' }
  | { state: 'succeeded'; bytesScanned: number }
  | { state: 'failed'; bytesScanned: number; reason: string };

/** Starts statements, waits for them, and reads their results page by page. */
export interface AthenaQueryRunner {
  /** Looks once at a statement and never waits: a run polls this across invocations. */
  status(executionId: string): Promise<AthenaStatus>;
  /** Starts a statement; `token` makes a repeated start (a retried invocation) the same execution. */
  start(sql: string, token: string): Promise<string>;
  /** Polls with backoff until the statement succeeds; fails, cancelled or over the cutoff throw. */
  wait(executionId: string): Promise<AthenaExecution>;
  results(executionId: string): AthenaResultStream;
}

const DEFAULT_POLL = { firstMs: 500, factor: 2, maxMs: 10_000 };
const CUTOFF_REASON = /bytes scanned|scanned limit|BytesScannedCutoff/i;

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Why an execution ended otherwise than SUCCEEDED, as the named error the run fails with. */
function failure(execution: QueryExecution, id: string, cutoff: number): Error {
  const state = execution.Status?.State ?? 'UNKNOWN';
  const reason = execution.Status?.StateChangeReason ?? execution.Status?.AthenaError?.ErrorMessage ?? '';
  if (CUTOFF_REASON.test(reason))
    return new AthenaCostGuardError(
      `Athena stopped query ${id} at the workgroup's cutoff of ${cutoff} bytes scanned: ${reason}`,
    );
  return new AthenaQueryError(
    `Athena query ${id} ${state.toLowerCase()}: ${reason || 'no reason given'}`,
    id,
  );
}

export function createAthenaQueryRunner(
  client: AthenaClient,
  options: AthenaRunnerOptions,
): AthenaQueryRunner {
  const poll = options.poll ?? DEFAULT_POLL;
  const sleep = options.sleep ?? wait;
  const maxWait = options.maxWaitMs ?? 600_000;
  return {
    async status(executionId) {
      const { QueryExecution: execution } = await client.send(
        new GetQueryExecutionCommand({ QueryExecutionId: executionId }),
      );
      const state = execution?.Status?.State;
      const bytesScanned = execution?.Statistics?.DataScannedInBytes ?? 0;
      if (bytesScanned > options.bytesScannedCutoff)
        return {
          state: 'failed',
          bytesScanned,
          reason: `Athena query ${executionId} scanned ${bytesScanned} bytes, over the cutoff of ${options.bytesScannedCutoff}`,
        };
      if (state === 'SUCCEEDED') return { state: 'succeeded', bytesScanned };
      if (state === 'FAILED' || state === 'CANCELLED')
        return {
          state: 'failed',
          bytesScanned,
          reason: failure(execution ?? {}, executionId, options.bytesScannedCutoff).message,
        };
      return { state: 'running' };
    },
    async start(sql, token) {
      try {
        const started = await client.send(
          new StartQueryExecutionCommand({
            QueryString: sql,
            ClientRequestToken: token,
            WorkGroup: options.workGroup,
            QueryExecutionContext: { Database: options.database, Catalog: 'AwsDataCatalog' },
          }),
        );
        if (!started.QueryExecutionId) throw new Error('no QueryExecutionId');
        return started.QueryExecutionId;
      } catch (error) {
        throw new AthenaQueryError(`Athena could not start a query: ${describeError(error)}`, undefined, {
          cause: error,
        });
      }
    },
    async wait(executionId) {
      let delay = poll.firstMs;
      let waited = 0;
      for (;;) {
        const { QueryExecution: execution } = await client.send(
          new GetQueryExecutionCommand({ QueryExecutionId: executionId }),
        );
        const state = execution?.Status?.State;
        const bytesScanned = execution?.Statistics?.DataScannedInBytes ?? 0;
        if (bytesScanned > options.bytesScannedCutoff)
          throw new AthenaCostGuardError(
            `Athena query ${executionId} scanned ${bytesScanned} bytes, over the cutoff of ${options.bytesScannedCutoff}`,
          );
        if (state === 'SUCCEEDED') return { executionId, bytesScanned };
        if (state === 'FAILED' || state === 'CANCELLED')
          throw failure(execution ?? {}, executionId, options.bytesScannedCutoff);
        if (waited >= maxWait)
          throw new AthenaQueryError(
            `Athena query ${executionId} still ${state} after ${waited} ms`,
            executionId,
          );
        await sleep(delay);
        waited += delay;
        delay = Math.min(poll.maxMs, delay * poll.factor);
      }
    },
    results: (executionId) => readAthenaResults(client, executionId),
  };
}
