import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order in which the projects' files start. Vitest's own order runs projects by name, so the
 * `demo` files came first and both workers waited for the demo run its global setup builds in the
 * background; `stored` waits likewise for its scenarios. The long integration files go first
 * instead while those runs are built beside them, and the many short unit files last, where they
 * fill the two workers evenly until the end.
 */
const PROJECT_ORDER = ['integration', 'stored', 'demo', 'unit', 'full'];

const rank = (spec: TestSpecification) => {
  const at = PROJECT_ORDER.indexOf(spec.project.name);
  return at === -1 ? PROJECT_ORDER.length : at;
};

/** Vitest's order within a project (failed first, then longest or largest first), projects as above. */
export default class SuiteSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: each project keeps Vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
