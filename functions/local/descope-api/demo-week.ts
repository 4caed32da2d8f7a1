import { type AuditRecord, emptyRecordFields } from '../../core/records/audit-record.js';
import type { DemoPopulation, DemoUser } from './demo-population.js';
import { pickWeighted } from './demo-population.js';
import type { SeededRandom } from './seeded-random.js';

const HOUR_MS = 3_600_000;
const DAY_WEIGHTS = [10, 10, 10, 10, 9, 4, 3].map((weight, day) => [day, weight] as const);
const HOUR_WEIGHTS = Array.from({ length: 24 }, (_, hour) => {
  const weight = hour < 6 ? 2 : hour < 9 ? 6 : hour < 18 ? 10 : hour < 22 ? 6 : 3;
  return [hour, weight] as const;
});

/** A user agent carrying markup, so escaping of `data` values is visible in the demo. */
export const HOSTILE_USER_AGENT = 'Mozilla/5.0 "><img src=x onerror=alert(1)>';

const USER_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Edg/126.0',
];

/** The fields a generator sets; everything else gets an empty default. */
export type DemoRecordFields = Pick<AuditRecord, 'action' | 'occurred'> & Partial<Omit<AuditRecord, 'id'>>;

/** One week being generated: its PRNG, population and the records emitted so far (no IDs yet). */
export interface DemoWeek {
  rng: SeededRandom;
  weekStart: number;
  population: DemoPopulation;
  records: AuditRecord[];
  /** Emits a record with defaults for the fields not given. */
  add(fields: DemoRecordFields): AuditRecord;
  /** A time in the week, busier on weekdays and in office hours (UTC). */
  randomTime(): number;
  randomUser(): DemoUser;
  userAgent(): string;
  /** 16 hex characters, like Descope's correlation IDs. */
  correlationId(): string;
}

/** Creates the context for one week; `rng` must be seeded from the week alone. */
export function createDemoWeek(
  rng: SeededRandom,
  weekStart: number,
  population: DemoPopulation,
  projectId: string,
): DemoWeek {
  const records: AuditRecord[] = [];
  return {
    rng,
    weekStart,
    population,
    records,
    add(fields) {
      // Keys stay in the order the demo data has always had (fields named after the empty ones).
      const record: AuditRecord = { ...emptyRecordFields(), projectId, type: 'info', ...fields };
      records.push(record);
      return record;
    },
    randomTime() {
      const day = pickWeighted(rng, DAY_WEIGHTS);
      const hour = pickWeighted(rng, HOUR_WEIGHTS);
      return weekStart + day * 24 * HOUR_MS + hour * HOUR_MS + Math.floor(rng.next() * HOUR_MS);
    },
    randomUser: () => rng.pick(population.users),
    userAgent: () => rng.pick(USER_AGENTS),
    correlationId: () => Array.from({ length: 16 }, () => rng.int(0, 15).toString(16)).join(''),
  };
}
