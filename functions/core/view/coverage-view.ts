import { ACCESS_SECTION, ACCESS_SECTION_TITLE } from '../access/access-controls.js';
import { type ControlStatus, evaluateCoverage } from '../frameworks/coverage.js';
import type { ReportData } from '../report/report-model.js';
import { plural } from './format.js';

export interface CoverageControlView {
  control: string;
  title: string;
  status: string;
  /** `ok`, `findings`, `missing` or `na`: the status badge's colour. */
  statusClass: string;
  reason: string;
  frequency: string;
  frequencyMissed: boolean;
  sections: Array<{ id: string; title: string }>;
  findings: string;
  note: string;
}

export interface FrameworkCoverageView {
  id: string;
  name: string;
  title: string;
  version: string;
  file: string;
  counts: string;
  controls: CoverageControlView[];
}

/** The coverage matrix page: every framework's controls with their status in this report. */
export interface CoverageView {
  shown: boolean;
  summary: string;
  frameworks: FrameworkCoverageView[];
}

const STATUS_CLASS = new Map<ControlStatus, string>([
  ['evidenced', 'ok'],
  ['evidenced with findings', 'findings'],
  ['not evidenced', 'missing'],
  ['not applicable', 'na'],
]);

const countsText = (counts: Record<ControlStatus, number>) =>
  [
    `${counts.evidenced} evidenced`,
    `${counts['evidenced with findings']} with findings`,
    `${counts['not evidenced']} not evidenced`,
    `${counts['not applicable']} not applicable`,
  ].join(' · ');

/** The matrix's view model: ready-made strings, sections linked by their ids. */
export function buildCoverageView(data: ReportData): CoverageView {
  const coverage = evaluateCoverage(data);
  const titles = new Map<string, string>([
    ...data.results.map((r) => [r.query.id, r.query.title] as const),
    [ACCESS_SECTION, ACCESS_SECTION_TITLE],
  ]);
  const controls = coverage.reduce((n, f) => n + f.controls.length, 0);
  return {
    shown: coverage.length > 0,
    summary: `${plural(coverage.length, 'framework', 'frameworks')}, ${plural(controls, 'control', 'controls')}. Each framework's table is also compliance/<framework>.csv, naming every evidence file with its SHA-256.`,
    frameworks: coverage.map((f) => ({
      id: `coverage-${f.framework}`,
      name: f.name,
      title: f.title,
      version: f.version,
      file: f.file,
      counts: countsText(f.counts),
      controls: f.controls.map((c) => ({
        control: c.ref.control,
        title: c.ref.title,
        status: c.status,
        statusClass: STATUS_CLASS.get(c.status) ?? 'na',
        reason: c.reason,
        frequency: c.frequency,
        frequencyMissed: !c.frequencyMet,
        sections: c.sections
          .filter((id) => titles.has(id))
          .map((id) => ({ id, title: titles.get(id) ?? id })),
        findings: c.findings.length > 0 ? plural(c.findings.length, 'finding', 'findings') : '',
        note: c.note,
      })),
    })),
  };
}
