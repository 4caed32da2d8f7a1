import type { AthenaQueryRunner } from '../../adapters/athena-query-runner.js';
import type { EngineState, StatementState } from '../run-control/engine-state.js';

/** How the run drives its Athena statements within one invocation. */
export interface AdvanceAthenaInput {
  runner: AthenaQueryRunner;
  /** The checkpoint's engine state: updated in place as statements start and end. */
  state: EngineState;
  /** The statement text of a token (the same plan every invocation computes). */
  sqlOf: (token: string) => string;
  /** Saves the checkpoint (after statements start, and before pausing). */
  save: () => Promise<void>;
  /** `false` once the invocation must hand over (the next one polls the same executions). */
  shouldContinue: () => boolean;
  /** Statements running at once (Athena queues and limits concurrent queries per account). @default 5 */
  concurrency?: number;
  /** Waits between looks, ms. @default {firstMs: 500, factor: 2, maxMs: 10000} */
  poll?: { firstMs: number; factor: number; maxMs: number };
  /** Injected for tests. @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_POLL = { firstMs: 500, factor: 2, maxMs: 10_000 };
const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Looks once at each running statement; true when any ended. */
async function look(runner: AthenaQueryRunner, running: readonly StatementState[]): Promise<boolean> {
  let changed = false;
  for (const statement of running) {
    const status = await runner.status(statement.executionId ?? '');
    if (status.state === 'running') continue;
    statement.state = status.state;
    statement.bytesScanned = status.bytesScanned;
    if (status.state === 'failed') statement.reason = status.reason;
    changed = true;
  }
  return changed;
}

/**
 * Starts the run's pending statements (a few at a time) and polls the running ones, until every
 * statement has ended (true) or the invocation must hand over (false, the checkpoint saved). An
 * execution ID is saved as soon as Athena gives it, so a later invocation resumes that execution,
 * never starts the statement again (its request token would name the same one anyway). A failed
 * or cancelled statement ends with its reason; the report turns it into a gap.
 */
export async function advanceAthenaStatements(input: AdvanceAthenaInput): Promise<boolean> {
  const poll = input.poll ?? DEFAULT_POLL;
  const sleep = input.sleep ?? wait;
  const concurrency = input.concurrency ?? 5;
  const { statements } = input.state;
  let delay = poll.firstMs;
  for (;;) {
    let changed = await look(
      input.runner,
      statements.filter((s) => s.state === 'running'),
    );
    let running = statements.filter((s) => s.state === 'running').length;
    for (const statement of statements) {
      if (running >= concurrency) break;
      if (statement.state !== 'pending') continue;
      try {
        statement.executionId = await input.runner.start(input.sqlOf(statement.token), statement.token);
      } catch (error) {
        // The executions already started stay recorded for the retry.
        if (changed) await input.save();
        throw error;
      }
      statement.state = 'running';
      running += 1;
      changed = true;
    }
    if (changed) await input.save();
    if (statements.every((s) => s.state === 'succeeded' || s.state === 'failed')) return true;
    if (!input.shouldContinue()) {
      // The checkpoint carries this invocation's count even when no statement changed.
      if (!changed) await input.save();
      return false;
    }
    // A statement that just ended suggests others soon will: look again soon.
    if (changed) delay = poll.firstMs;
    await sleep(delay);
    delay = Math.min(poll.maxMs, delay * poll.factor);
  }
}
