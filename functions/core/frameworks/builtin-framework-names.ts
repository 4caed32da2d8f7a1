/** The shipped framework files under `frameworks/`, in report order (the function and the synth read the same list). */
export const BUILTIN_FRAMEWORK_NAMES = [
  'soc2.yaml',
  'iso27001.yaml',
  'pci-dss.yaml',
  'nist-800-53.yaml',
  'hipaa.yaml',
  'cis-controls.yaml',
] as const;
