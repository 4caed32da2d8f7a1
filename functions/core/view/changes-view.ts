import type { ChangedFinding, FindingChanges } from '../history/finding-changes.js';
import { formatCount } from './format.js';

export interface ChangedFindingView {
  severity: string;
  severityClass: 'high' | 'medium';
  title: string;
}

/** "What changed" at the top of the report and the email. */
export interface ChangesView {
  /** False for reports with no previous week (custom periods, rollups). */
  shown: boolean;
  /** `2 new · 1 still open · 1 resolved since 2026-W46`, or why nothing is compared. */
  summary: string;
  newItems: ChangedFindingView[];
  openItems: ChangedFindingView[];
  resolvedItems: ChangedFindingView[];
  /** Last week's findings whose rule could not be evaluated this week. */
  notReevaluatedItems: ChangedFindingView[];
  /** For the subject: `2 new`, or empty when nothing was compared. */
  newText: string;
}

const items = (list: readonly ChangedFinding[]): ChangedFindingView[] =>
  list.map((f) => ({
    severity: f.severity === 'high' ? 'High' : 'Medium',
    severityClass: f.severity === 'high' ? 'high' : 'medium',
    title: f.title,
  }));

export function buildChangesView(changes: FindingChanges | undefined): ChangesView {
  const none = { newItems: [], openItems: [], resolvedItems: [], notReevaluatedItems: [], newText: '' };
  if (!changes) return { shown: false, summary: '', ...none };
  if (changes.comparedWith === null) {
    return { shown: true, summary: `Not compared: ${changes.reason ?? 'no previous report'}.`, ...none };
  }
  const parts = [
    `${formatCount(changes.new.length)} new`,
    `${formatCount(changes.stillOpen.length)} still open`,
    `${formatCount(changes.resolved.length)} resolved`,
    ...(changes.notReevaluated.length > 0
      ? [`${formatCount(changes.notReevaluated.length)} not re-evaluated`]
      : []),
  ];
  return {
    shown: true,
    summary: `${parts.join(' · ')} since ${changes.comparedWith}`,
    newItems: items(changes.new),
    openItems: items(changes.stillOpen),
    resolvedItems: items(changes.resolved),
    notReevaluatedItems: items(changes.notReevaluated),
    newText: `${formatCount(changes.new.length)} new`,
  };
}
