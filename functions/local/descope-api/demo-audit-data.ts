import { isoWeekStarting, startOfIsoWeek, WEEK_MS } from '../../core/period/period.js';
import type { AuditRecord } from '../../core/records/audit-record.js';
import { addCredentialStuffingBurst } from './demo-credential-stuffing.js';
import { addEverydayLogins } from './demo-login-events.js';
import { addPlatformEvents } from './demo-platform-events.js';
import { createDemoPopulation, type DemoPopulation } from './demo-population.js';
import { addUserModifications } from './demo-user-admin-events.js';
import { addUserLifecycle } from './demo-user-lifecycle-events.js';
import { createDemoWeek } from './demo-week.js';
import { createSeededRandom, seedFromText } from './seeded-random.js';

/** Complete ISO weeks generated before the week containing `now`. */
export const DEMO_WEEKS_BEFORE = 5;

/**
 * Countries of the weekly credential-stuffing burst, one per week in rotation. None appears in ordinary
 * traffic, and the rotation is longer than the demo span, so each week's burst country is unseen in
 * the weeks before it.
 */
export const DEMO_BURST_COUNTRIES = ['RO', 'VN', 'KZ', 'NG', 'PE', 'ID', 'MA', 'TH'] as const;

/** Options of {@link generateDemoAuditData}. */
export interface DemoAuditDataOptions {
  /** Epoch ms; the current week is generated up to and including this instant. */
  now: number;
  projectId: string;
}

/** The burst country of the ISO week starting at `weekStart`. */
export function demoBurstCountry(weekStart: number): string {
  const weekNumber = Math.floor(weekStart / WEEK_MS);
  return DEMO_BURST_COUNTRIES[weekNumber % DEMO_BURST_COUNTRIES.length] ?? 'RO';
}

/**
 * Every record of one ISO week (Monday 00:00 UTC + 7 days), oldest first, IDs `aud-<week>-<n>` in
 * time order. Seeded by the week alone: a week's records are the same whenever they are generated.
 */
export function generateDemoWeek(
  weekStart: number,
  projectId: string,
  population: DemoPopulation = createDemoPopulation(),
): AuditRecord[] {
  const rng = createSeededRandom(seedFromText(`demo-week:${weekStart}`));
  const week = createDemoWeek(rng, weekStart, population, projectId);
  addEverydayLogins(week);
  addCredentialStuffingBurst(week, demoBurstCountry(weekStart));
  addUserModifications(week);
  addUserLifecycle(week);
  addPlatformEvents(week);

  const label = isoWeekStarting(weekStart).label;
  return week.records
    .filter((r) => r.occurred >= weekStart && r.occurred < weekStart + WEEK_MS)
    .sort((a, b) => a.occurred - b.occurred) // stable: equal times keep generation order
    .map((record, n) => ({ id: `aud-${label}-${String(n).padStart(5, '0')}`, ...record }));
}

/**
 * Realistic, deterministic demo audit data: the {@link DEMO_WEEKS_BEFORE} ISO weeks before the week
 * containing `now`, plus that week up to `now`. Includes markup and formula-shaped values on purpose.
 * Oldest first; a few thousand records per week.
 */
export function generateDemoAuditData(options: DemoAuditDataOptions): AuditRecord[] {
  const population = createDemoPopulation();
  const currentWeek = startOfIsoWeek(options.now);
  const records: AuditRecord[] = [];
  for (let w = DEMO_WEEKS_BEFORE; w >= 0; w--) {
    const week = generateDemoWeek(currentWeek - w * WEEK_MS, options.projectId, population);
    for (const record of week) if (record.occurred <= options.now) records.push(record);
  }
  return records;
}
