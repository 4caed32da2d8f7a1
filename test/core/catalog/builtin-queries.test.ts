import { describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import { planCollections } from '../../../functions/core/catalog/query-plan.js';
import { BUILTIN_FRAMEWORK_SET } from '../../../functions/core/frameworks/builtin-frameworks.js';
import { controlsForQuery } from '../../../functions/core/frameworks/control-index.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import { planTrendHistory } from '../../../functions/core/trends/weekly-history.js';

describe('the built-in catalog', () => {
  it('names no control itself: the framework files map every built-in query', () => {
    for (const query of BUILTIN_QUERIES) {
      expect(query.controls, query.id).toEqual([]);
      expect(controlsForQuery(BUILTIN_FRAMEWORK_SET, query.id).length, query.id).toBeGreaterThan(0);
    }
  });

  it('stays within Descope’s 10 searches a minute: few searches plus one analytics search', () => {
    const collections = planCollections(BUILTIN_QUERIES);
    expect(collections.map((c) => c.id)).toEqual([
      'login-failures',
      'impersonations',
      'role-changes',
      'administration',
    ]);
    const trends = planTrendHistory(parseIsoWeek('2026-W47'), BUILTIN_QUERIES, {});
    const analytics = trends.ok ? 1 + (trends.plan.tenants ? 1 : 0) : 0;
    expect(collections.length + analytics).toBeLessThanOrEqual(7);
  });

  it('has unique ids', () => {
    const ids = BUILTIN_QUERIES.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
