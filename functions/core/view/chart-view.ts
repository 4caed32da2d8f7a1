import { formatCount } from './format.js';

/**
 * An SVG chart as numbers and labels. The template draws the primitives with `{{ }}` attributes,
 * so every label (audit values included) is escaped and no markup is ever built as a string.
 */
export interface ChartView {
  id: string;
  /** Accessible name (`<title>`). */
  title: string;
  /** Text alternative with every value (`<desc>`). */
  description: string;
  width: number;
  height: number;
  bars: Array<{ x: number; y: number; width: number; height: number; tooltip: string }>;
  texts: Array<{
    x: number;
    y: number;
    anchor: 'start' | 'middle' | 'end';
    kind: 'axis' | 'value';
    text: string;
  }>;
  lines: Array<{ x1: number; y1: number; x2: number; y2: number }>;
}

export interface ChartPoint {
  label: string;
  /** Second label line under a column (e.g. the date under the weekday). */
  sublabel?: string;
  value: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** The smallest 1, 2, 2.5 or 5 × 10^k at or above `max` (at least 1): a readable axis top. */
export function niceCeiling(max: number): number {
  if (max <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * magnitude >= max) ?? 10;
  return step * magnitude;
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const describe = (title: string, points: readonly ChartPoint[]) =>
  `${title}: ${points
    .map((p) => `${[p.label, p.sublabel].filter(Boolean).join(' ')} ${formatCount(p.value)}`)
    .join(', ')}.`;

/** Vertical columns in time order (failed logins per day), with a 0 / half / top axis. */
export function buildColumnChart(id: string, title: string, points: readonly ChartPoint[]): ChartView {
  const width = 720;
  const height = 250;
  const left = 56;
  const right = 12;
  const top = 22;
  const bottom = 44;
  const plotHeight = height - top - bottom;
  const axisTop = niceCeiling(Math.max(0, ...points.map((p) => p.value)));
  const slot = (width - left - right) / Math.max(points.length, 1);
  const barWidth = Math.max(2, slot * 0.64);
  const labelEvery = Math.ceil(points.length / 14);
  const baseline = top + plotHeight;
  const chart = emptyChart(id, title, points, width, height);
  for (const fraction of [0, 0.5, 1]) {
    const y = round(baseline - fraction * plotHeight);
    chart.lines.push({ x1: left, y1: y, x2: width - right, y2: y });
    chart.texts.push({
      x: left - 8,
      y: round(y + 4),
      anchor: 'end',
      kind: 'axis',
      text: formatCount(axisTop * fraction),
    });
  }
  points.forEach((point, i) => {
    const h = (point.value / axisTop) * plotHeight;
    const center = left + slot * i + slot / 2;
    chart.bars.push({
      x: round(center - barWidth / 2),
      y: round(baseline - h),
      width: round(barWidth),
      height: round(h),
      tooltip: `${[point.label, point.sublabel].filter(Boolean).join(' ')}: ${formatCount(point.value)}`,
    });
    if (points.length <= 31) {
      chart.texts.push({
        x: round(center),
        y: round(baseline - h - 6),
        anchor: 'middle',
        kind: 'value',
        text: formatCount(point.value),
      });
    }
    if (i % labelEvery === 0) {
      chart.texts.push({
        x: round(center),
        y: baseline + 18,
        anchor: 'middle',
        kind: 'axis',
        text: point.label,
      });
      if (point.sublabel) {
        chart.texts.push({
          x: round(center),
          y: baseline + 34,
          anchor: 'middle',
          kind: 'axis',
          text: point.sublabel,
        });
      }
    }
  });
  return chart;
}

/** Horizontal bars, largest first (top countries), each labelled with its value. */
export function buildBarChart(id: string, title: string, points: readonly ChartPoint[]): ChartView {
  const width = 720;
  const row = 26;
  const labelWidth = 160;
  const valueWidth = 70;
  const height = Math.max(1, points.length) * row + 8;
  const plotWidth = width - labelWidth - valueWidth;
  const max = Math.max(1, ...points.map((p) => p.value));
  const chart = emptyChart(id, title, points, width, height);
  chart.lines.push({ x1: labelWidth, y1: 0, x2: labelWidth, y2: height });
  points.forEach((point, i) => {
    const w = (point.value / max) * plotWidth;
    const y = 4 + i * row;
    chart.bars.push({
      x: labelWidth,
      y: y + 3,
      width: round(Math.max(w, point.value > 0 ? 2 : 0)),
      height: row - 8,
      tooltip: `${point.label}: ${formatCount(point.value)}`,
    });
    chart.texts.push({
      x: labelWidth - 8,
      y: y + 17,
      anchor: 'end',
      kind: 'axis',
      text: truncate(point.label, 22),
    });
    chart.texts.push({
      x: round(labelWidth + w + 6),
      y: y + 17,
      anchor: 'start',
      kind: 'value',
      text: formatCount(point.value),
    });
  });
  return chart;
}

/** A chart of the given size with its accessible description and nothing drawn yet. */
function emptyChart(
  id: string,
  title: string,
  points: readonly ChartPoint[],
  width: number,
  height: number,
): ChartView {
  return { id, title, description: describe(title, points), width, height, bars: [], texts: [], lines: [] };
}
