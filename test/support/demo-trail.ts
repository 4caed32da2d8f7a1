import { startOfIsoWeek, WEEK_MS } from '../../functions/core/period/period.js';
import type { AuditRecord } from '../../functions/core/records/audit-record.js';
import { DEMO_WEEKS_BEFORE, generateDemoWeek } from '../../functions/local/descope-api/demo-audit-data.js';
import { createDemoPopulation } from '../../functions/local/descope-api/demo-population.js';

/**
 * `generateDemoAuditData({ now, projectId })` for a test whose clock moves on: the same weeks
 * (each seeded by its start alone, over one population the generation only reads), each generated
 * once however often the trail is asked for. A scenario advancing a week generates one more week,
 * not six.
 */
export function demoTrail(projectId: string): (now: number) => AuditRecord[] {
  const population = createDemoPopulation();
  const weeks = new Map<number, AuditRecord[]>();
  const weekOf = (start: number) => {
    let week = weeks.get(start);
    if (!week) {
      week = generateDemoWeek(start, projectId, population);
      weeks.set(start, week);
    }
    return week;
  };
  return (now) => {
    const current = startOfIsoWeek(now);
    const records: AuditRecord[] = [];
    for (let w = DEMO_WEEKS_BEFORE; w >= 0; w--) {
      for (const record of weekOf(current - w * WEEK_MS)) if (record.occurred <= now) records.push(record);
    }
    return records;
  };
}
