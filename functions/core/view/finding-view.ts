import { listFindings } from '../findings/evaluate-findings.js';
import type { Finding, RuleOutcome } from '../findings/finding.js';
import { formatCount } from './format.js';

export interface FindingView {
  severity: string;
  severityClass: 'high' | 'medium';
  isHigh: boolean;
  title: string;
  detail: string;
  section: string;
  sectionTitle: string;
  controls: string;
  /** `Exception EXC-1 (owner) expired 2026-11-30; ticket …`, or empty. */
  exceptionExpired: string;
}

export interface RuleView {
  description: string;
  status: string;
}

export interface FindingsView {
  items: FindingView[];
  /** `3 · 1 high, 2 medium`, or `none`. */
  summary: string;
  rules: RuleView[];
}

const view = (
  f: Finding,
  titles: ReadonlyMap<string, string>,
  controlsOf: (rule: Finding['rule']) => string[],
): FindingView => ({
  severity: f.severity === 'high' ? 'High' : 'Medium',
  severityClass: f.severity,
  isHigh: f.severity === 'high',
  title: f.title,
  detail: f.detail,
  section: f.section,
  sectionTitle: titles.get(f.section) ?? f.section,
  controls: controlsOf(f.rule).join(' · '),
  exceptionExpired: f.expiredException
    ? `Exception ${f.expiredException.id} (${f.expiredException.owner}) expired ${f.expiredException.expires}; ticket ${f.expiredException.ticket}.`
    : '',
});

/**
 * Findings high first, a one-line count, and how each rule was applied; `titles` names the
 * sections, `controlsOf` gives the labels of the controls a rule's findings concern.
 */
export function buildFindingsView(
  outcomes: readonly RuleOutcome[],
  titles: ReadonlyMap<string, string> = new Map(),
  controlsOf: (rule: Finding['rule']) => string[] = () => [],
): FindingsView {
  const findings = listFindings(outcomes);
  const high = findings.filter((f) => f.severity === 'high').length;
  return {
    items: findings.map((f) => view(f, titles, controlsOf)),
    summary:
      findings.length === 0
        ? 'none'
        : `${formatCount(findings.length)} · ${high} high, ${findings.length - high} medium`,
    rules: outcomes.map((o) => ({ description: o.description, status: o.status })),
  };
}
