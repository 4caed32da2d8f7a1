import type { SnapshotScope } from './access-snapshot.js';
import type { CampaignCadence } from './campaign-settings.js';

const DAY_MS = 86_400_000;
const MONTHS: Record<Exclude<CampaignCadence, 'off'>, number> = {
  monthly: 1,
  quarterly: 3,
  semiannual: 6,
  annual: 12,
};

/** The calendar window (UTC) of `at` under a cadence: its month, quarter, half-year or year. */
export function cadenceWindow(
  cadence: Exclude<CampaignCadence, 'off'>,
  at: number,
): { from: number; to: number } {
  const date = new Date(at);
  const months = MONTHS[cadence];
  const first = Math.floor(date.getUTCMonth() / months) * months;
  return {
    from: Date.UTC(date.getUTCFullYear(), first, 1),
    to: Date.UTC(date.getUTCFullYear(), first + months, 1),
  };
}

/**
 * Whether the schedule opens a campaign now: cadence on, and no campaign of this scope was
 * created in the current window (the window of a quarterly cadence is the calendar quarter, so
 * a deployment reviews once a quarter whichever week its first run falls in).
 */
export function isCampaignDue(
  cadence: CampaignCadence,
  now: number,
  createdOfScope: readonly number[],
): boolean {
  if (cadence === 'off') return false;
  const window = cadenceWindow(cadence, now);
  return !createdOfScope.some((at) => at >= window.from && at < window.to);
}

/** `2026-W47-project`, `2026-W47-tenant-acme`: the snapshot's period and scope. */
export function campaignIdOf(period: string, scope: SnapshotScope): string {
  return `${period}-${scope.kind === 'tenant' ? `tenant-${scope.tenantId}` : 'project'}`;
}

/** The due date: `dueDays` after `now`, at the end of that UTC day. */
export function dueDateOf(now: number, dueDays: number): number {
  const day = Math.floor(now / DAY_MS) + dueDays;
  return (day + 1) * DAY_MS - 1000;
}
