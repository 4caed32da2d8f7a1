import { describe, expect, it } from 'vitest';
import { buildBarChart, buildColumnChart, niceCeiling } from '../../../functions/core/view/chart-view.js';

describe('charts', () => {
  it.each([
    [0, 1],
    [1, 1],
    [7, 10],
    [19, 20],
    [24, 25],
    [759, 1000],
    [1001, 2000],
    [4200, 5000],
  ])('rounds an axis top of %i up to %i', (max, top) => {
    expect(niceCeiling(max)).toBe(top);
  });

  it('draws one column per point from the baseline, scaled to the axis top', () => {
    const chart = buildColumnChart('c', 'Failed logins per day', [
      { label: 'Mon', sublabel: '16 Nov', value: 50 },
      { label: 'Tue', sublabel: '17 Nov', value: 0 },
      { label: 'Wed', sublabel: '18 Nov', value: 100 },
    ]);
    expect(chart.bars).toHaveLength(3);
    const [mon, tue, wed] = chart.bars;
    expect(wed?.height).toBeCloseTo(2 * (mon?.height ?? 0), 0);
    expect(tue?.height).toBe(0);
    expect((mon?.y ?? 0) + (mon?.height ?? 0)).toBeCloseTo((wed?.y ?? 0) + (wed?.height ?? 0), 1);
    expect(chart.description).toBe('Failed logins per day: Mon 16 Nov 50, Tue 17 Nov 0, Wed 18 Nov 100.');
    expect(chart.texts.filter((t) => t.kind === 'axis').map((t) => t.text)).toEqual(
      expect.arrayContaining(['0', '50', '100', 'Mon', '16 Nov']),
    );
  });

  it('keeps labels as data, shortening long ones, and gives every bar its value', () => {
    const hostile = '<script>alert(1)</script>-and-a-long-tail';
    const chart = buildBarChart('b', 'Top countries', [
      { label: hostile, value: 10 },
      { label: 'US', value: 5 },
    ]);
    expect(chart.texts.map((t) => t.text)).toEqual(['<script>alert(1)</scr…', '10', 'US', '5']);
    expect(chart.bars[0]?.width).toBeGreaterThan(chart.bars[1]?.width ?? 0);
    expect(chart.bars[0]?.tooltip).toBe(`${hostile}: 10`);
  });
});
