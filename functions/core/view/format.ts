const numberFormat = new Intl.NumberFormat('en-US');

/** `1,204`: counts as people read them (the CSVs keep plain digits). */
export const formatCount = (n: number): string => numberFormat.format(n);

const isoMinute = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/:\d\d\.\d{3}Z$/, ' UTC')
    .replace('T', ' ');

/** `2026-11-16 00:00 UTC – 2026-11-23 00:00 UTC` */
export const formatRange = (from: number, to: number): string => `${isoMinute(from)} – ${isoMinute(to)}`;

/** `2026-11-16 00:00 UTC` */
export const formatInstant = (ms: number): string => isoMinute(ms);

/** `1 row`, `2,000 rows` */
export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** Median of a list (0 for none): the middle value, or the mean of the two middle values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/** `3`, `2.5`: one decimal at most. */
export const formatDecimal = (n: number): string => String(Math.round(n * 10) / 10);

/** An ISO 8601 time from a table as `2026-11-16 08:59 UTC`; anything else unchanged. */
export function formatTableTime(text: string): string {
  const ms = Date.parse(text);
  return /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(ms) ? isoMinute(ms) : text;
}
