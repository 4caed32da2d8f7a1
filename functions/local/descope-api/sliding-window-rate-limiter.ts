/** A limit of `requests` per `windowMs` milliseconds. */
export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** Either a slot was taken, or the request must wait `retryAfterSeconds` (whole seconds, at least 1). */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A sliding-window limiter: at most `requests` admissions within any `windowMs` span. */
export interface SlidingWindowRateLimiter {
  /** Admits and records the request, or refuses it without using a slot. */
  tryAcquire(): RateLimitDecision;
}

/**
 * Creates a limiter over a monotonic clock (not the stand-in's injectable `now`, which tests often
 * freeze at a date while the window must still slide in real time).
 */
export function createSlidingWindowRateLimiter(
  limit: RateLimit,
  clock: () => number = () => performance.now(),
): SlidingWindowRateLimiter {
  const admitted: number[] = [];
  return {
    tryAcquire() {
      const now = clock();
      while (admitted.length > 0 && (admitted[0] ?? 0) <= now - limit.windowMs) admitted.shift();
      if (admitted.length < limit.requests) {
        admitted.push(now);
        return { allowed: true };
      }
      const freesAt = (admitted[0] ?? now) + limit.windowMs;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now) / 1000)) };
    },
  };
}
