import { describe, expect, it } from 'vitest';
import { queryDefinitionSchema } from '../../../functions/core/catalog/query-definition.js';
import { buildControlViews } from '../../../functions/core/view/control-view.js';

const query = (id: string, controls: string[]) =>
  queryDefinitionSchema.parse({
    id,
    title: id,
    controls,
    filter: {},
    aggregation: { kind: 'rows', columns: [{ column: 'a', field: 'action' }] },
  });

describe('controls evidenced', () => {
  it('explains known controls and never takes a configured name for an Object.prototype member', () => {
    const views = buildControlViews([
      query('a', ['constructor', 'SOC 2 CC6.2']),
      query('b', ['__proto__', 'toString', 'constructor']),
    ]);
    expect(views.map((v) => [v.control, v.meaning, v.sections.map((s) => s.id).join()])).toEqual([
      ['SOC 2 CC6.2', 'User registration, provisioning and deprovisioning', 'a'],
      ['__proto__', 'Named in the report configuration', 'b'],
      ['constructor', 'Named in the report configuration', 'a,b'],
      ['toString', 'Named in the report configuration', 'b'],
    ]);
  });
});
