import { describe, expect, it } from 'vitest';
import { createSlidingWindowRateLimiter } from '../../functions/local/descope-api/sliding-window-rate-limiter.js';

describe('createSlidingWindowRateLimiter', () => {
  it('admits `requests` per sliding window and says when the oldest slot frees', () => {
    let now = 0;
    const limiter = createSlidingWindowRateLimiter({ requests: 2, windowMs: 60_000 }, () => now);
    expect(limiter.tryAcquire()).toEqual({ allowed: true });
    now = 10_000;
    expect(limiter.tryAcquire()).toEqual({ allowed: true });
    now = 20_500;
    expect(limiter.tryAcquire()).toEqual({ allowed: false, retryAfterSeconds: 40 });
    now = 59_999;
    expect(limiter.tryAcquire()).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 60_000;
    expect(limiter.tryAcquire()).toEqual({ allowed: true });
    expect(limiter.tryAcquire()).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it('never uses a slot for a refusal', () => {
    let now = 0;
    const limiter = createSlidingWindowRateLimiter({ requests: 1, windowMs: 1000 }, () => now);
    limiter.tryAcquire();
    for (now = 1; now < 1000; now += 100) expect(limiter.tryAcquire().allowed).toBe(false);
    now = 1000;
    expect(limiter.tryAcquire().allowed).toBe(true);
  });
});
