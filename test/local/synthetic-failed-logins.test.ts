import { describe, expect, it } from 'vitest';
import {
  generateSyntheticFailedLogins,
  SYNTHETIC_BURST_GEO,
} from '../../functions/local/descope-api/synthetic-failed-logins.js';

const FROM = Date.UTC(2026, 0, 5);
const window = { from: FROM, to: FROM + 7 * 86_400_000 };

describe('generateSyntheticFailedLogins', () => {
  const records = generateSyntheticFailedLogins({ count: 20_000, window, seed: 3 });

  it('generates exactly `count` LoginFailed records in [from, to), oldest first, unique IDs in time order', () => {
    expect(records).toHaveLength(20_000);
    expect(records.every((r) => r.action === 'LoginFailed' && r.type === 'warn')).toBe(true);
    expect(records.every((r) => r.occurred >= window.from && r.occurred < window.to)).toBe(true);
    const ordered = records.every((r, i) => {
      const before = records[i - 1];
      return (
        !before ||
        before.occurred < r.occurred ||
        (before.occurred === r.occurred && (before.id ?? '') < (r.id ?? ''))
      );
    });
    expect(ordered).toBe(true);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
  });

  it('puts a tenth of the records in a one-hour burst from one country and few addresses', () => {
    const burst = records.filter((r) => r.geo === SYNTHETIC_BURST_GEO);
    expect(burst).toHaveLength(2000);
    expect((burst.at(-1)?.occurred ?? 0) - (burst[0]?.occurred ?? 0)).toBeLessThan(3_600_000);
    expect(new Set(burst.map((r) => r.remoteAddress)).size).toBeLessThanOrEqual(3);
    expect(new Set(burst.map((r) => r.loginIds[0])).size).toBeGreaterThan(1000);
  });

  it('is reproducible from the seed', () => {
    const again = generateSyntheticFailedLogins({ count: 20_000, window, seed: 3 });
    const other = generateSyntheticFailedLogins({ count: 20_000, window, seed: 4 });
    expect(again).toEqual(records);
    expect(other.map((r) => r.occurred)).not.toEqual(records.map((r) => r.occurred));
  });
});
