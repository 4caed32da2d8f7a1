import { describe, expect, it } from 'vitest';
import { buildSparkline } from '../../../functions/core/view/sparkline-view.js';

describe('the headline sparkline', () => {
  it('draws a run per stretch of weeks with figures, scaled to the largest, with every number in its name', () => {
    const spark = buildSparkline('Failed logins', [
      { week: '2026-W44', value: 0, source: 'stored-report' },
      { week: '2026-W45', value: 10, source: 'analytics' },
      { week: '2026-W46', value: null, source: 'none' },
      { week: '2026-W47', value: 1200, source: 'this-report' },
    ]);
    expect(spark.shown).toBe(true);
    expect(spark.segments).toEqual(['3.0,25.0 41.0,24.8', '117.0,3.0']);
    expect(spark.dots).toHaveLength(3);
    expect(spark.label).toBe('Failed logins, 4 weeks 2026-W44 to 2026-W47: 0, 10, no figure, 1,200');
  });

  it('is not shown without at least two weeks', () => {
    expect(buildSparkline('x', [{ week: 'w', value: 1, source: 'this-report' }]).shown).toBe(false);
  });
});
