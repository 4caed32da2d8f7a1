import { describe, expect, it } from 'vitest';
import { queryDefinitionSchema } from '../../../functions/core/catalog/query-definition.js';
import { canonicalFilter, planCollections } from '../../../functions/core/catalog/query-plan.js';

const query = (id: string, filter: Record<string, unknown>) =>
  queryDefinitionSchema.parse({
    id,
    title: id,
    filter,
    aggregation: { kind: 'rows', columns: [{ column: 'user_id', field: 'userId' }] },
  });

describe('collection planning', () => {
  it('searches each distinct filter once', () => {
    const plans = planCollections([
      query('a', { actions: ['LoginFailed'] }),
      query('b', { actions: ['UserModified'] }),
      query('c', { actions: ['LoginFailed'] }),
      query('d', { methods: ['otp'], actions: ['LoginFailed'] }),
    ]);
    expect(plans.map((p) => [p.id, p.queries.map((q) => q.id)])).toEqual([
      ['a', ['a', 'c']],
      ['b', ['b']],
      ['d', ['d']],
    ]);
  });

  it('treats reordered lists and keys as the same filter', () => {
    expect(canonicalFilter({ actions: ['B', 'A', 'A'], geos: ['US'] })).toBe(
      canonicalFilter({ geos: ['US'], actions: ['A', 'B'] }),
    );
  });
});
