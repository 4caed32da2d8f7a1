import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../functions/core/records/audit-record.js';
import {
  createAuditRecordStore,
  type StoreQuery,
} from '../../functions/local/descope-api/audit-record-store.js';
import { createSeededRandom } from '../../functions/local/descope-api/seeded-random.js';
import { auditRecord } from '../support/audit-record-builder.js';

const ACTIONS = ['LoginFailed', 'LoginSucceed', 'UserModified', 'SCIMEvent'];

/** Shuffled records with many equal timestamps, so ties and the unsorted path are exercised. */
function randomRecords(count: number, seed: number): AuditRecord[] {
  const rng = createSeededRandom(seed);
  return Array.from({ length: count }, (_, n) =>
    auditRecord({
      id: `id-${rng.int(0, 1e9).toString(36)}-${n}`,
      action: rng.pick(ACTIONS),
      occurred: 1_000_000 + rng.int(0, 500) * 1000,
      geo: rng.pick(['US', 'DE', '']),
    }),
  );
}

/** The obvious implementation: filter everything, sort everything. */
function bruteForce(records: AuditRecord[], query: StoreQuery, oldestFirst: boolean): string[] {
  const matching = records.filter(
    (r) =>
      r.occurred >= query.from &&
      r.occurred <= query.to &&
      (!query.actions || query.actions.size === 0 || query.actions.has(r.action)) &&
      !query.excludedActions?.has(r.action) &&
      (query.predicate?.(r) ?? true),
  );
  const key = (r: AuditRecord) => [r.occurred, r.id ?? ''] as const;
  matching.sort((a, b) => key(a)[0] - key(b)[0] || (key(a)[1] < key(b)[1] ? -1 : 1));
  if (!oldestFirst) matching.reverse();
  return matching.map((r) => r.id ?? '');
}

describe('createAuditRecordStore', () => {
  const records = randomRecords(3000, 42);
  const store = createAuditRecordStore(records);
  const rng = createSeededRandom(9);

  it('answers random queries exactly like a full filter and sort', () => {
    for (let i = 0; i < 200; i++) {
      const from = 1_000_000 + rng.int(0, 500) * 1000;
      const query: StoreQuery = {
        from,
        to: from + rng.int(0, 200) * 1000,
        ...(rng.chance(0.6) ? { actions: new Set(ACTIONS.filter(() => rng.chance(0.5))) } : {}),
        ...(rng.chance(0.3) ? { excludedActions: new Set([rng.pick(ACTIONS)]) } : {}),
        ...(rng.chance(0.3) ? { predicate: (r: AuditRecord) => r.geo === 'US' } : {}),
      };
      const oldestFirst = rng.chance(0.5);
      const expected = bruteForce(records, query, oldestFirst);
      const selection = store.select(query);
      expect(selection.total).toBe(expected.length);
      const offset = rng.int(0, 50);
      const size = rng.int(1, 80);
      const page = selection.page(offset, size, oldestFirst).map((s) => s.id);
      expect(page).toEqual(expected.slice(offset, offset + size));
    }
  });

  it('assigns IDs to records without one', () => {
    const { id: _, ...withoutId } = auditRecord();
    const page = createAuditRecordStore([withoutId])
      .select({ from: 0, to: Number.MAX_SAFE_INTEGER })
      .page(0, 1, true);
    expect(page[0]?.id).toBe('standin-0');
  });
});
