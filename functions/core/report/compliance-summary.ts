import { evaluateCoverage } from '../frameworks/coverage.js';
import type { ReportData } from './report-model.js';

/** Each framework's coverage: per control its status, why, its review frequency, evidence files and finding ids. */
export const complianceSummary = (data: ReportData) =>
  evaluateCoverage(data).map((f) => ({
    framework: f.framework,
    name: f.name,
    version: f.version,
    file: f.file,
    counts: f.counts,
    controls: f.controls.map((c) => ({
      control: c.ref.control,
      label: c.ref.label,
      title: c.ref.title,
      status: c.status,
      reason: c.reason,
      reviewFrequency: c.reviewFrequency ?? null,
      frequencyMet: c.frequencyMet,
      evidence: c.files,
      findings: c.findings.map((x) => x.id),
    })),
  }));
