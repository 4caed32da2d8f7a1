import type { ReportStore } from '../../adapters/report-store.js';
import { assertWithinRetention, type ReportPeriod } from '../../core/period/period.js';
import { ContinuationRefusedError } from '../../shared/errors.js';
import { type Checkpoint, loadCheckpoint } from './collection-checkpoint.js';
import { claimPeriod, LOCK_TTL_MS, type LockHolder, type PeriodLock, startHeartbeat } from './period-lock.js';

export interface BeginRunInput {
  store: ReportStore;
  prefix: string;
  period: ReportPeriod;
  runId: string;
  now: number;
  clock: () => number;
  retentionDays: number;
  /** Continue run `runId` from its checkpoint. */
  resume: boolean;
  /** The invocation number the continuation event claims; checked against the checkpoint. */
  invocation?: number;
  /** From this invocation on, collection stops and reports what it has. */
  maxInvocations?: number;
  /** @default LOCK_TTL_MS */
  lockTtlMs?: number;
}

/** A run holding its period: the lock, its heartbeat, and the checkpoint to collect into. */
export interface ClaimedRun {
  refused: false;
  lock: PeriodLock;
  heartbeat: ReturnType<typeof startHeartbeat>;
  checkpoint: Checkpoint;
  stopReason?: string;
}

export type Refusal = { refused: true; reason: string; holder?: LockHolder };

export type BeganRun = ClaimedRun | Refusal;

/**
 * Runs `work` holding the period: the lock is released when it ends, except when it paused
 * (`state: 'paused'`: the continuation keeps the lock) or a continuation failed (Lambda retries it
 * with the same run ID, which must still find its lock).
 */
export async function inClaimedPeriod<R extends { state: string }>(
  input: BeginRunInput,
  work: (run: ClaimedRun) => Promise<R>,
): Promise<{ refused: false; result: R } | Refusal> {
  const began = await beginRun(input);
  if (began.refused) return began;
  let keepLock = false;
  try {
    const result = await work(began);
    keepLock = result.state === 'paused';
    return { refused: false, result };
  } catch (error) {
    keepLock = input.resume;
    throw error;
  } finally {
    began.heartbeat.stop();
    // A release that fails must not hide the run's outcome: the lock then lapses after its TTL.
    if (!keepLock) await began.lock.release().catch(() => undefined);
  }
}

/**
 * Starts or continues a run: retention (before any request), then the period lock, then for a
 * continuation the checkpoint, which the event must agree with. The period, run ID and invocation
 * count are the checkpoint's; an event cannot reset the retention check (a continuation is
 * checked against the time its run started, kept in the lock). The caller releases the lock.
 */
export async function beginRun(input: BeginRunInput): Promise<BeganRun> {
  if (!input.resume) assertWithinRetention(input.period, input.now, input.retentionDays);
  const ttl = input.lockTtlMs ?? LOCK_TTL_MS;
  const claim = await claimPeriod({
    store: input.store,
    prefix: input.prefix,
    period: input.period.label,
    runId: input.runId,
    clock: input.clock,
    ttlMs: ttl,
  });
  if (!claim.held) {
    const { holder } = claim;
    return {
      refused: true,
      holder,
      reason:
        `Another run (${holder.runId}, started ${iso(holder.startedAt)}) is reporting ${input.period.label}; ` +
        `its lock expires ${iso(holder.expiresAt)} unless it renews it`,
    };
  }
  const { lock } = claim;
  try {
    if (input.resume && !lock.continued) {
      // Released (the run finished or another took over) or never taken: nothing to continue.
      throw new ContinuationRefusedError(
        `Run ${input.runId} is not in progress for ${input.period.label}: its lock was released or never taken`,
      );
    }
    const checkpoint: Checkpoint = input.resume
      ? await loadCheckpoint(input.store, input.prefix, input.runId)
      : { version: 2, runId: input.runId, period: input.period, invocations: 0, collections: [] };
    if (input.resume) {
      checkContinuation(checkpoint, input.period, input.invocation);
      // A week built from its stored days read no search: no retention binds its continuation.
      if (!checkpoint.storedDays?.used)
        assertWithinRetention(input.period, lock.startedAt, input.retentionDays);
    }
    checkpoint.invocations += 1;
    const stopReason =
      input.maxInvocations !== undefined && checkpoint.invocations >= input.maxInvocations
        ? `collection stopped after ${input.maxInvocations} invocations of the function`
        : undefined;
    const heartbeat = startHeartbeat(lock, Math.max(1, Math.floor(ttl / 3)));
    return { refused: false, lock, heartbeat, checkpoint, stopReason };
  } catch (error) {
    // A refused continuation of a run still in progress leaves that run its lock.
    if (!(error instanceof ContinuationRefusedError && lock.continued))
      await lock.release().catch(() => undefined);
    if (error instanceof ContinuationRefusedError) return { refused: true, reason: error.message };
    throw error;
  }
}

/** The event's period and invocation number must be the checkpoint's. */
export function checkContinuation(checkpoint: Checkpoint, period: ReportPeriod, invocation?: number): void {
  const stored = checkpoint.period;
  if (stored.label !== period.label || stored.from !== period.from || stored.to !== period.to) {
    throw new ContinuationRefusedError(
      `The continuation names period ${period.label} [${period.from}, ${period.to}), but run ` +
        `${checkpoint.runId} reports ${stored.label} [${stored.from}, ${stored.to})`,
    );
  }
  // The next invocation, or a retry of the last one (Lambda retries a failed invocation as is).
  if (
    invocation !== undefined &&
    invocation !== checkpoint.invocations + 1 &&
    invocation !== checkpoint.invocations
  ) {
    throw new ContinuationRefusedError(
      `The continuation claims invocation ${invocation}, but run ${checkpoint.runId} has had ${checkpoint.invocations}`,
    );
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
