import type { FrameworkControl } from '../core/frameworks/framework.js';
import type { FrameworkSet } from '../core/frameworks/framework-set.js';
import { ConfigError } from '../shared/errors.js';

/** The control to sample for, and its framework. */
export interface ChosenControl {
  framework: string;
  frameworkName: string;
  control: FrameworkControl;
}

/** Finds `--control` (in `--framework` when given); a control id several frameworks share needs the framework. */
export function findControl(set: FrameworkSet, controlId: string, framework?: string): ChosenControl {
  const matches = set.frameworks.flatMap((f) =>
    f.controls
      .filter((c) => c.id === controlId && (framework === undefined || f.framework === framework))
      .map((control) => ({ framework: f.framework, frameworkName: f.name, control })),
  );
  const [only, ...others] = matches;
  if (!only) {
    throw new ConfigError(
      `No control ${controlId}${framework ? ` in framework ${framework}` : ''} (frameworks: ${set.frameworks.map((f) => f.framework).join(', ')})`,
    );
  }
  if (others.length > 0) {
    throw new ConfigError(
      `Control ${controlId} is in ${matches.map((m) => m.framework).join(' and ')}: give --framework`,
    );
  }
  if (only.control.evidence.queries.length === 0) {
    throw new ConfigError(
      `${only.frameworkName} ${controlId} rests on no catalog query (its evidence is the access review or how evidence is kept): there are no events to sample`,
    );
  }
  return only;
}
