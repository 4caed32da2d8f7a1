import { findingFingerprint } from '../findings/fingerprint.js';
import type { ReportData } from '../report/report-model.js';
import { allControls, type ControlRef } from './control-index.js';
import { accessItem, type EvidenceItem, integrityItem, queryItem, ruleItem } from './evidence-items.js';
import type { FrameworkControl, ReviewFrequency } from './framework.js';
import { reviewStanding } from './review-cadence.js';

export const CONTROL_STATUSES = [
  'evidenced',
  'evidenced with findings',
  'not evidenced',
  'not applicable',
] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

/** A finding that concerns a control: its stable fingerprint (its id), rule and title. */
export interface ControlFinding {
  id: string;
  rule: string;
  severity: string;
  title: string;
}

/** One control's standing in one report. */
export interface ControlCoverage {
  ref: ControlRef;
  status: ControlStatus;
  /** Why it is not evidenced or not applicable; what was noted about evidence that is present. */
  reason: string;
  reviewFrequency?: ReviewFrequency;
  /** `met`, `not stated`, or why the schedule does not meet it. */
  frequency: string;
  frequencyMet: boolean;
  /** Files that hold the evidence (a name ending in `/` stands for the folder's files). */
  files: string[];
  sections: string[];
  findings: ControlFinding[];
  note: string;
}

/** One framework's standing in one report, and the CSV it is written to. */
export interface FrameworkCoverage {
  framework: string;
  name: string;
  title: string;
  version: string;
  file: string;
  controls: ControlCoverage[];
  counts: Record<ControlStatus, number>;
}

/** The folder the per-framework CSVs go to. */
export const COMPLIANCE_FOLDER = 'compliance/';

function itemsOf(data: ReportData, control: FrameworkControl): EvidenceItem[] {
  const { evidence } = control;
  const items = [
    ...evidence.queries.map((id) => queryItem(data, id)),
    ...evidence.accessReview.map((part) => accessItem(data, part)),
    ...evidence.integrity.map((fact) => integrityItem(data, fact, evidence)),
  ];
  // A control resting on finding rules alone is evidenced by the rules having been applied.
  return items.length > 0 ? items : evidence.findings.map((rule) => ruleItem(data.findings, rule));
}

function controlCoverage(data: ReportData, ref: ControlRef, control: FrameworkControl): ControlCoverage {
  const base = { ref, reviewFrequency: control.reviewFrequency, note: control.note ?? '' };
  const frequency = reviewStanding(data, control.reviewFrequency);
  if (control.notApplicable) {
    return {
      ...base,
      ...frequency,
      status: 'not applicable',
      reason: control.notApplicable,
      files: [],
      sections: [],
      findings: [],
    };
  }
  const items = itemsOf(data, control);
  const rules = data.findings.filter((o) => control.evidence.findings.includes(o.rule));
  const findings = rules.flatMap((o) =>
    o.findings.map((f) => ({
      id: findingFingerprint(f),
      rule: f.rule,
      severity: f.severity,
      title: f.title,
    })),
  );
  const notApplied = rules
    .filter((o) => !o.status.startsWith('evaluated'))
    .map((o) => `${o.rule} ${o.status}`);
  const absent = items.filter((i) => !i.present);
  const status: ControlStatus =
    items.length === 0 || absent.length > 0
      ? 'not evidenced'
      : findings.length > 0
        ? 'evidenced with findings'
        : 'evidenced';
  const reasons =
    items.length === 0
      ? ['no evidence is mapped to this control']
      : absent.length > 0
        ? absent.map((i) => i.reason)
        : [...items.filter((i) => i.reason).map((i) => `${i.label}: ${i.reason}`), ...notApplied];
  return {
    ...base,
    ...frequency,
    status,
    reason: reasons.join('; '),
    files: [...new Set(items.flatMap((i) => i.files))],
    sections: [...new Set(items.flatMap((i) => i.sections))],
    findings,
  };
}

/** Every framework's controls with their status in this report (the coverage matrix). */
export function evaluateCoverage(data: ReportData): FrameworkCoverage[] {
  const controls = allControls(data.compliance.frameworks);
  return data.compliance.frameworks.frameworks.map((framework) => {
    const coverage = controls
      .filter(({ ref }) => ref.framework === framework.framework)
      .map(({ ref, control }) => controlCoverage(data, ref, control));
    const counts = Object.fromEntries(CONTROL_STATUSES.map((s) => [s, 0])) as Record<ControlStatus, number>;
    for (const c of coverage) counts[c.status] += 1;
    return {
      framework: framework.framework,
      name: framework.name,
      title: framework.title,
      version: framework.version,
      file: `${COMPLIANCE_FOLDER}${framework.framework}.csv`,
      controls: coverage,
      counts,
    };
  });
}
