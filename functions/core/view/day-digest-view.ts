import { findingFingerprint } from '../findings/fingerprint.js';
import { findingControlLabels } from '../frameworks/control-index.js';
import { isReportComplete, type ReportData, type ReportLocation } from '../report/report-model.js';
import { buildFindingsView, type FindingsView } from './finding-view.js';
import { formatCount, formatRange, plural } from './format.js';
import { buildIntegrityView, type IntegrityView } from './integrity-view.js';

/**
 * The daily review's message (PCI DSS 10.4.1): the findings that are new since the day before and
 * nothing else, so a reader acts on today's news; the day's full report is one link away.
 */
export interface DayDigestView {
  title: string;
  /** `Descope daily review 2026-11-30 · 2 new findings`, `(INCOMPLETE)` when the day has gaps. */
  subject: string;
  projectId: string;
  scopeText: string;
  periodRange: string;
  complete: boolean;
  statusText: string;
  /** What the day was compared with, and what is left out of this message. */
  comparedText: string;
  /** The new findings only, high first. */
  findings: FindingsView;
  location: ReportLocation;
  integrity: IntegrityView;
}

/** The digest of a day's report: its new findings (those not in the day before's stored report). */
export function buildDayDigestView(data: ReportData, location: ReportLocation): DayDigestView {
  const changes = data.changes;
  const fresh = new Set((changes?.new ?? []).map((c) => c.fingerprint));
  const outcomes = data.findings.map((o) => ({
    ...o,
    findings: o.findings.filter((f) => fresh.has(findingFingerprint(f))),
  }));
  const findings = buildFindingsView(outcomes, new Map(), (rule) =>
    findingControlLabels(data.compliance.frameworks, rule),
  );
  const count = findings.items.length;
  const gaps = data.results.reduce((n, r) => n + r.gaps.length, 0);
  const complete = isReportComplete(data);
  const tenant = data.scope.kind === 'tenant' ? data.scope.tenantId : undefined;
  const title = `Descope daily review ${data.period.label}${tenant ? ` · tenant ${tenant}` : ''}`;
  const comparedText =
    !changes || changes.comparedWith === null
      ? `Not compared: ${changes?.reason ?? 'no stored report of the day before'}; nothing is called new.`
      : `Compared with ${changes.comparedWith}: ${formatCount(changes.stillOpen.length)} still open and ` +
        `${formatCount(changes.resolved.length)} resolved, listed in the day's report, not here.`;
  return {
    title,
    subject: `${title} · ${count === 0 ? 'no new findings' : plural(count, 'new finding', 'new findings')}${complete ? '' : ' (INCOMPLETE)'}`,
    projectId: data.projectId,
    scopeText: tenant ? `Tenant ${tenant} only.` : 'The whole project.',
    periodRange: formatRange(data.period.from, data.period.to),
    complete,
    statusText: complete
      ? 'Complete: every query read every matching record of the day.'
      : `INCOMPLETE: ${plural(gaps, 'gap', 'gaps')}${data.unverifiedInputs?.length ? ' and stored inputs that failed verification' : ''}; the day's report lists what is missing.`,
    comparedText,
    findings,
    location,
    integrity: buildIntegrityView(data.seal),
  };
}
