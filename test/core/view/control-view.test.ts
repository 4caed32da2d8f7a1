import { describe, expect, it } from 'vitest';
import { BUILTIN_FRAMEWORK_SET } from '../../../functions/core/frameworks/builtin-frameworks.js';
import { buildControlViews } from '../../../functions/core/view/control-view.js';

const section = (id: string, controls: string[] = []) => ({ id, title: id, controls });

describe('controls evidenced', () => {
  it('titles controls from the framework files and lists the sections that evidence them', () => {
    const views = buildControlViews(BUILTIN_FRAMEWORK_SET, [
      section('user-lifecycle'),
      { id: 'access-review', title: 'Access review', controls: [], accessReview: true },
    ]);
    const soc2 = views.find((v) => v.control === 'SOC 2 CC6.2');
    expect(soc2).toEqual({
      control: 'SOC 2 CC6.2',
      meaning: expect.stringMatching(/^Users are registered and authorised/),
      sections: [
        { id: 'user-lifecycle', title: 'user-lifecycle' },
        { id: 'access-review', title: 'Access review' },
      ],
    });
    // A control no section evidences is not listed; nor is a not-applicable one.
    expect(views.some((v) => v.control === 'SOC 2 CC6.6')).toBe(false);
    expect(views.some((v) => v.control === 'PCI DSS 10.2.1.1')).toBe(false);
    expect(views[0]?.control).toMatch(/^SOC 2 /);
  });

  it('adds the catalog’s own control names and never takes one for an Object.prototype member', () => {
    const views = buildControlViews(BUILTIN_FRAMEWORK_SET, [
      section('a', ['constructor', 'SOC 2 CC6.6']),
      section('b', ['__proto__', 'toString', 'constructor']),
    ]);
    expect(views.map((v) => [v.control, v.meaning, v.sections.map((s) => s.id).join()])).toEqual([
      ['SOC 2 CC6.6', expect.stringMatching(/outside the system boundaries/), 'a'],
      ['__proto__', 'Named in the report configuration', 'b'],
      ['constructor', 'Named in the report configuration', 'a,b'],
      ['toString', 'Named in the report configuration', 'b'],
    ]);
  });
});
