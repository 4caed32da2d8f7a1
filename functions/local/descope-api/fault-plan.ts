import { createSeededRandom } from './seeded-random.js';

/** The failures the stand-in can inject, as seen by a client on the wire. */
export const FAULT_KINDS = ['http500', 'http503', 'html502', 'truncatedJson', 'hang', 'reset'] as const;

/**
 * - `http500` / `http503`: a JSON error body with that status.
 * - `html502`: a proxy's HTML error page with status 502 (not JSON: the SDK throws on it).
 * - `truncatedJson`: status 200, the real answer cut in half, `Content-Length` matching what is sent.
 * - `hang`: the request is read but never answered (until `close()`).
 * - `reset`: the socket is destroyed without an answer.
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Random faults, reproducible through `seed`. */
export interface RandomFaults {
  /** Chance in `[0, 1]` that an admitted search request fails. */
  probability: number;
  /** Kinds to choose from, uniformly. */
  kinds: readonly FaultKind[];
  seed: number;
}

/** Decides which fault, if any, hits each admitted search request. */
export interface FaultPlan {
  /** Queues faults for the next requests, one each, in order; they take precedence over random ones. */
  enqueue(kinds: readonly FaultKind[]): void;
  /** The fault for the next request, or `undefined` to answer normally. */
  next(): FaultKind | undefined;
  /** Queued faults not yet used. */
  readonly pending: number;
}

/** Creates a plan from optional random faults; queued faults are added later with `enqueue`. */
export function createFaultPlan(random?: RandomFaults): FaultPlan {
  const queue: FaultKind[] = [];
  const rng = random ? createSeededRandom(random.seed) : undefined;
  return {
    enqueue(kinds) {
      queue.push(...kinds);
    },
    next() {
      const queued = queue.shift();
      if (queued) return queued;
      if (!rng || !random || random.kinds.length === 0) return undefined;
      return rng.chance(random.probability) ? rng.pick(random.kinds) : undefined;
    },
    get pending() {
      return queue.length;
    },
  };
}
