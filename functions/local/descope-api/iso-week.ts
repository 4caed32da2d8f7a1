const DAY_MS = 86_400_000;

/** Length of an ISO week in milliseconds (Descope timestamps are UTC; no DST applies). */
export const WEEK_MS = 7 * DAY_MS;

/** Start (Monday 00:00 UTC, epoch ms) of the ISO week containing `time`. */
export function startOfIsoWeek(time: number): number {
  const dayStart = Math.floor(time / DAY_MS) * DAY_MS;
  // getUTCDay(): Sunday = 0 … Saturday = 6; ISO weeks start on Monday.
  const daysSinceMonday = (new Date(dayStart).getUTCDay() + 6) % 7;
  return dayStart - daysSinceMonday * DAY_MS;
}

/** ISO week label such as `2025-W03` for the week starting at `weekStart`. */
export function isoWeekLabel(weekStart: number): string {
  // The ISO year is the year of the week's Thursday.
  const thursday = new Date(weekStart + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstThursdayWeek = startOfIsoWeek(Date.UTC(year, 0, 4));
  const week = Math.round((weekStart - firstThursdayWeek) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
