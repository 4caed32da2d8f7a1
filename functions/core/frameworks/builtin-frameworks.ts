import cisControls from '../../../frameworks/cis-controls.yaml';
import hipaa from '../../../frameworks/hipaa.yaml';
import iso27001 from '../../../frameworks/iso27001.yaml';
import nist80053 from '../../../frameworks/nist-800-53.yaml';
import pciDss from '../../../frameworks/pci-dss.yaml';
import soc2 from '../../../frameworks/soc2.yaml';
import type { ComplianceContext } from './compliance-context.js';
import type { Framework } from './framework.js';
import type { FrameworkSet } from './framework-set.js';
import { parseFrameworkFile } from './parse-framework-file.js';

/** The framework files shipped in `frameworks/`, bundled as text (like the templates), in report order (`BUILTIN_FRAMEWORK_NAMES`). */
export const BUILTIN_FRAMEWORK_FILES: ReadonlyArray<{ file: string; text: string }> = [
  { file: 'frameworks/soc2.yaml', text: soc2 },
  { file: 'frameworks/iso27001.yaml', text: iso27001 },
  { file: 'frameworks/pci-dss.yaml', text: pciDss },
  { file: 'frameworks/nist-800-53.yaml', text: nist80053 },
  { file: 'frameworks/hipaa.yaml', text: hipaa },
  { file: 'frameworks/cis-controls.yaml', text: cisControls },
];

/** The built-in frameworks, parsed with the same rules as a customer's file (a broken one fails every test). */
export const BUILTIN_FRAMEWORKS: readonly Framework[] = BUILTIN_FRAMEWORK_FILES.map(({ file, text }) => {
  const parsed = parseFrameworkFile(file, text);
  if (!parsed.ok) throw new Error(`A built-in framework file is invalid: ${parsed.problems.join('; ')}`);
  return parsed.framework;
});

/** The built-in frameworks as a set: what a deployment reports against unless configured otherwise. */
export const BUILTIN_FRAMEWORK_SET: FrameworkSet = { frameworks: BUILTIN_FRAMEWORKS };

/** The built-in frameworks with nothing stated about the store: no Object Lock, no anchor, weekly reports. */
export const defaultComplianceContext = (): ComplianceContext => ({
  frameworks: BUILTIN_FRAMEWORK_SET,
  deployment: { anchored: false, cadence: 'weekly' },
});
