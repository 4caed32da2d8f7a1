import { z } from 'zod';
import type { ReportStore } from '../../adapters/report-store.js';
import { ReportStorageError } from '../../shared/errors.js';

/**
 * How long a claim on a period lasts without renewal. A running job renews it every third of this
 * (a heartbeat), so only a crashed or frozen run lets it lapse; a later run may then take it over.
 * Longer than the pause between two invocations of a continued run.
 * @default 15 minutes
 */
export const LOCK_TTL_MS = 15 * 60_000;

const lockSchema = z.object({
  version: z.literal(1),
  runId: z.string(),
  period: z.string(),
  /** When the run holding the lock started (epoch ms): continuations check retention against it. */
  startedAt: z.number(),
  renewedAt: z.number(),
  expiresAt: z.number(),
  released: z.boolean(),
});
export type LockRecord = z.output<typeof lockSchema>;

/** Another run holds the period (what a refused run tells its user). */
export interface LockHolder {
  runId: string;
  startedAt: number;
  expiresAt: number;
}

/** The lock on one period, held by this run. */
export interface PeriodLock {
  readonly runId: string;
  readonly startedAt: number;
  /** The lock was already this run's (a continuation of a run in progress), not newly taken. */
  readonly continued: boolean;
  /** Extends the claim; throws `RunLockLostError` if another run took the lock over meanwhile. */
  renew(): Promise<void>;
  /** Gives the period up (continuations keep it instead). Losing it first is not an error. */
  release(): Promise<void>;
}

export type LockClaim = { held: true; lock: PeriodLock } | { held: false; holder: LockHolder };

/** This run's claim on the period lapsed and another run took it: it must stop before writing more. */
export class RunLockLostError extends Error {
  override name = 'RunLockLostError';
}

export const lockKey = (prefix: string) => `${prefix}run-lock.json`;

export interface ClaimPeriodInput {
  store: ReportStore;
  prefix: string;
  period: string;
  runId: string;
  clock: () => number;
  /** @default LOCK_TTL_MS */
  ttlMs?: number;
}

const encode = (record: LockRecord) => `${JSON.stringify(record, null, 2)}\n`;

function parse(body: Uint8Array): LockRecord | undefined {
  try {
    const parsed = lockSchema.safeParse(JSON.parse(Buffer.from(body).toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Claims `reports/<project>/<period>/run-lock.json` with S3 conditional writes: created with
 * `If-None-Match: *`, or, when it exists, overwritten with `If-Match` on its ETag if it is this
 * run's own (a continuation), released, expired or unreadable. Two runs racing for the same object
 * cannot both win: S3 applies one write and answers the other 412.
 */
export async function claimPeriod(input: ClaimPeriodInput): Promise<LockClaim> {
  const ttl = input.ttlMs ?? LOCK_TTL_MS;
  const key = lockKey(input.prefix);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const now = input.clock();
    const fresh: LockRecord = {
      version: 1,
      runId: input.runId,
      period: input.period,
      startedAt: now,
      renewedAt: now,
      expiresAt: now + ttl,
      released: false,
    };
    const created = await input.store.putIf(key, encode(fresh), 'application/json', { ifNoneMatch: '*' });
    if (created.written) return { held: true, lock: heldLock(input, fresh, created.etag, ttl, false) };
    const current = await input.store.getVersioned(key);
    if (!current) continue; // removed between the two calls: try to create it again
    const record = parse(current.body);
    const own = record?.runId === input.runId;
    const free = !record || record.released || record.expiresAt <= now;
    if (!own && !free && record) {
      return {
        held: false,
        holder: { runId: record.runId, startedAt: record.startedAt, expiresAt: record.expiresAt },
      };
    }
    // A continuation keeps its run's start time: the retention check cannot be reset by a new event.
    const next: LockRecord = { ...fresh, startedAt: own && record ? record.startedAt : now };
    const taken = await input.store.putIf(key, encode(next), 'application/json', { ifMatch: current.etag });
    const continued = own && record !== undefined && !record.released;
    if (taken.written) return { held: true, lock: heldLock(input, next, taken.etag, ttl, continued) };
  }
  throw new ReportStorageError(`Could not claim ${key}: it kept changing under this run`);
}

function heldLock(
  input: ClaimPeriodInput,
  initial: LockRecord,
  initialEtag: string,
  ttl: number,
  continued: boolean,
): PeriodLock {
  const key = lockKey(input.prefix);
  let record = initial;
  let etag = initialEtag;
  let lost = false;
  // Renewals and the release run one after another: each needs the ETag the previous one produced.
  let queue: Promise<unknown> = Promise.resolve();
  const write = (next: LockRecord) => {
    const step = queue.then(async () => {
      if (lost) return false;
      const answer = await input.store.putIf(key, encode(next), 'application/json', { ifMatch: etag });
      if (!answer.written) {
        lost = true;
        return false;
      }
      record = next;
      etag = answer.etag;
      return true;
    });
    queue = step.catch(() => undefined);
    return step;
  };
  return {
    runId: initial.runId,
    startedAt: initial.startedAt,
    continued,
    async renew() {
      const now = input.clock();
      if (!(await write({ ...record, renewedAt: now, expiresAt: now + ttl }))) {
        throw new RunLockLostError(
          `Run ${input.runId} lost its lock on ${input.period} (${key}) to another run; it stops without writing more`,
        );
      }
    },
    async release() {
      await write({ ...record, released: true, expiresAt: input.clock() });
    },
  };
}

/** Renews `lock` every `everyMs` until stopped; a failed renewal is remembered for `check`. */
export function startHeartbeat(lock: PeriodLock, everyMs: number) {
  let failure: unknown;
  const timer = setInterval(() => {
    lock.renew().catch((error: unknown) => {
      failure ??= error;
    });
  }, everyMs);
  timer.unref();
  return {
    /** Throws the first renewal failure, then renews once more (the lock is still ours). */
    async check() {
      if (failure !== undefined) throw failure;
      await lock.renew();
    },
    stop: () => clearInterval(timer),
  };
}
