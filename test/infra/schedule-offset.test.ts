import { describe, expect, it } from 'vitest';
import { offsetCron } from '../../infra/config/schedule-offset.js';

describe('offsetCron', () => {
  it.each([
    ['0 6 ? * MON *', 0, '0 6 ? * MON *'],
    ['0 6 ? * MON *', 20, '20 6 ? * MON *'],
    ['50 6 ? * MON *', 20, '10 7 ? * MON *'],
    ['0 8 2 1,4,7,10 ? *', 90, '30 9 2 1,4,7,10 ? *'],
    ['5 6,18 ? * MON *', 30, '35 6,18 ? * MON *'],
  ])('%s + %i minutes = %s', (cron, minutes, expected) => {
    expect(offsetCron(cron, minutes)).toEqual({ ok: true, cron: expected });
  });

  it.each([
    ['0 23 ? * MON *', 60, 'past midnight'],
    ['45 6,18 ? * MON *', 20, 'past the hour'],
    ['0/15 6 ? * MON *', 5, 'no single start minute'],
  ])('refuses %s + %i (%s)', (cron, minutes, reason) => {
    const moved = offsetCron(cron, minutes);
    expect(moved.ok).toBe(false);
    if (!moved.ok) expect(moved.reason).toContain(reason);
  });
});
