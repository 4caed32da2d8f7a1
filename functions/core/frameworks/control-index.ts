import type { FindingRule } from '../findings/finding.js';
import type { Framework, FrameworkControl } from './framework.js';
import type { FrameworkSet } from './framework-set.js';

/** One control of one framework, as the report names it. */
export interface ControlRef {
  /** The framework's id (`soc2`). */
  framework: string;
  /** The framework's short name (`SOC 2`). */
  frameworkName: string;
  /** The control's id in its framework (`CC6.2`). */
  control: string;
  title: string;
  /** `SOC 2 CC6.2`: how the report, the email and `summary.json` name it. */
  label: string;
}

const refOf = (framework: Framework, control: FrameworkControl): ControlRef => ({
  framework: framework.framework,
  frameworkName: framework.name,
  control: control.id,
  title: control.title,
  label: `${framework.name} ${control.id}`,
});

/** Controls (in framework order, then file order) whose evidence matches `test`; not-applicable ones left out. */
function controlsWhere(set: FrameworkSet, test: (control: FrameworkControl) => boolean): ControlRef[] {
  return set.frameworks.flatMap((framework) =>
    framework.controls.filter((c) => !c.notApplicable && test(c)).map((c) => refOf(framework, c)),
  );
}

/** The controls a catalog query evidences (pure lookup over the framework files). */
export const controlsForQuery = (set: FrameworkSet, queryId: string): ControlRef[] =>
  controlsWhere(set, (c) => c.evidence.queries.includes(queryId));

/** The controls a finding rule's findings concern (pure lookup over the framework files). */
export const controlsForFinding = (set: FrameworkSet, rule: FindingRule): ControlRef[] =>
  controlsWhere(set, (c) => c.evidence.findings.includes(rule));

/** The controls the access review evidences (any of its parts). */
export const controlsForAccessReview = (set: FrameworkSet): ControlRef[] =>
  controlsWhere(set, (c) => c.evidence.accessReview.length > 0);

/** Every control of the set, in order, with its framework. */
export const allControls = (set: FrameworkSet): Array<{ ref: ControlRef; control: FrameworkControl }> =>
  set.frameworks.flatMap((framework) =>
    framework.controls.map((control) => ({ ref: refOf(framework, control), control })),
  );

/** Labels of the controls a query evidences: the framework files' mapping, then any the catalog names itself. */
export function queryControlLabels(
  set: FrameworkSet,
  query: { id: string; controls: readonly string[] },
): string[] {
  return [...new Set([...controlsForQuery(set, query.id).map((c) => c.label), ...query.controls])];
}

/** Labels of the controls a finding rule concerns. */
export const findingControlLabels = (set: FrameworkSet, rule: FindingRule): string[] =>
  controlsForFinding(set, rule).map((c) => c.label);
