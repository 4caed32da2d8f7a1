import type { WeekFigure } from '../history/twelve-weeks.js';
import { formatCount } from './format.js';

/** An inline SVG sparkline, drawn from these numbers by the template (no script, no image). */
export interface SparklineView {
  shown: boolean;
  width: number;
  height: number;
  /** Accessible name and `<title>`: every week's number, `no figure` where there is none. */
  label: string;
  /** `x,y x,y …` runs of consecutive weeks with a figure (a week without one breaks the line). */
  segments: string[];
  dots: Array<{ x: string; y: string }>;
}

const WIDTH = 120;
const HEIGHT = 28;
const PAD = 3;

export const NO_SPARKLINE: SparklineView = {
  shown: false,
  width: WIDTH,
  height: HEIGHT,
  label: '',
  segments: [],
  dots: [],
};

/** The sparkline of a headline's weekly series (oldest first, this week last). */
export function buildSparkline(title: string, series: readonly WeekFigure[]): SparklineView {
  if (series.length < 2) return NO_SPARKLINE;
  const max = Math.max(1, ...series.map((f) => f.value ?? 0));
  const step = (WIDTH - 2 * PAD) / (series.length - 1);
  const point = (value: number, i: number) => ({
    x: (PAD + i * step).toFixed(1),
    y: (HEIGHT - PAD - (value / max) * (HEIGHT - 2 * PAD)).toFixed(1),
  });
  const segments: string[] = [];
  const dots: Array<{ x: string; y: string }> = [];
  let run: string[] = [];
  series.forEach((f, i) => {
    if (f.value === null) {
      if (run.length > 0) segments.push(run.join(' '));
      run = [];
      return;
    }
    const p = point(f.value, i);
    run.push(`${p.x},${p.y}`);
    dots.push(p);
  });
  if (run.length > 0) segments.push(run.join(' '));
  const first = series[0]?.week ?? '';
  const last = series[series.length - 1]?.week ?? '';
  const numbers = series.map((f) => (f.value === null ? 'no figure' : formatCount(f.value))).join(', ');
  return {
    shown: true,
    width: WIDTH,
    height: HEIGHT,
    label: `${title}, ${series.length} weeks ${first} to ${last}: ${numbers}`,
    segments,
    dots,
  };
}
