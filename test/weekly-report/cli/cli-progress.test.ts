import { describe, expect, it } from 'vitest';
import { createCliProgress } from '../../../functions/weekly-report/cli/cli-progress.js';
import { emptyOutcome } from '../../../functions/weekly-report/collect/collection-progress.js';

const window = { from: 0, to: 1 };

describe('CLI progress', () => {
  it('gives an ETA against total while the records read stay within it, and none past it', () => {
    const lines: string[] = [];
    const progress = createCliProgress((line) => lines.push(line), 10);
    progress.onPage?.('login-failures', { window, page: 1, records: 1000, kept: 1000, windowTotal: 5000 });
    progress.onPage?.('login-failures', { window, page: 7, records: 1000, kept: 7000, windowTotal: 5000 });
    progress.onCollected?.('login-failures', {
      ...emptyOutcome(),
      kept: 27_000,
      fetched: 27_010,
      expected: 5000,
      uncounted: 22_000,
    });
    expect(lines).toEqual([
      '  login-failures: 1,000 of 5,000 records read · request 1 · ETA 0 s',
      '  login-failures: 7,000 records read · request 2',
      'Collected login-failures: 27,000 records kept, 27,010 received with edge re-reads (API total 5,000) — complete; the API under-counted by 22,000',
    ]);
  });
});
