import { listFindings } from '../findings/evaluate-findings.js';
import type { Finding, Severity } from '../findings/finding.js';
import { findingFingerprint } from '../findings/fingerprint.js';
import { findingControlLabels } from '../frameworks/control-index.js';
import type { ChangedFinding } from '../history/finding-changes.js';
import { type PeriodStamp, periodStamp } from '../period/period-stamp.js';
import { isReportComplete, type ReportData, type ReportLocation } from '../report/report-model.js';

/** How many findings a chat message names; the rest are counted. */
export const TOP_FINDINGS = 5;

/** A finding as a channel carries it. */
export interface DigestFinding {
  fingerprint: string;
  rule: string;
  severity: Severity;
  title: string;
  detail: string;
  controls: string[];
  /** Link to the finding's evidence (its section of report.html, else the folder; may be empty). */
  link: string;
  /** New since the previous period's stored report. */
  isNew: boolean;
}

/** What one channel is told about one report: counts and findings at or above its severity. */
export interface ChannelDigest {
  projectId: string;
  period: PeriodStamp;
  scope: ReportData['scope'];
  complete: boolean;
  /** Findings at or above the channel's severity, high first. */
  findings: DigestFinding[];
  counts: { findings: number; new: number; stillOpen: number; resolved: number; accepted: number };
  /** False when nothing could be called new (no stored previous report). */
  compared: boolean;
  reportUrl: string;
  location: string;
}

const rank = (s: string) => (s === 'high' ? 2 : s === 'medium' ? 1 : 0);

/**
 * The digest of `data` for a channel sending findings at least `minSeverity`. Counts of new, still
 * open and resolved findings come from the report's comparison with the previous period and obey
 * the same severity filter. A day's digest carries its new findings only.
 */
export function buildChannelDigest(
  data: ReportData,
  location: ReportLocation,
  minSeverity: Severity,
): ChannelDigest {
  const keep = (f: { severity: string }) => rank(f.severity) >= rank(minSeverity);
  const changes = data.changes;
  const fresh = new Set((changes?.new ?? []).map((c) => c.fingerprint));
  // A link to report.html itself takes an anchor; the S3 console's folder link does not.
  const reportUrl = location.browseUrl;
  const linkTo = (section: string) =>
    reportUrl.endsWith('report.html') ? `${reportUrl}#${encodeURIComponent(section)}` : reportUrl;
  // A day's message is the digest of its new findings only (daily review); a week's names them all.
  const onlyNew = data.period.kind === 'day';
  const findings = listFindings(data.findings)
    .filter(keep)
    .filter((f) => !onlyNew || fresh.has(findingFingerprint(f)))
    .map((f: Finding): DigestFinding => {
      const fingerprint = findingFingerprint(f);
      return {
        fingerprint,
        rule: f.rule,
        severity: f.severity,
        title: f.title,
        detail: f.detail,
        controls: findingControlLabels(data.compliance.frameworks, f.rule),
        link: linkTo(f.section),
        isNew: fresh.has(fingerprint),
      };
    });
  const count = (list: readonly ChangedFinding[] | undefined) => (list ?? []).filter(keep).length;
  return {
    projectId: data.projectId,
    period: periodStamp(data.period),
    scope: data.scope,
    complete: isReportComplete(data),
    findings,
    counts: {
      findings: findings.length,
      new: count(changes?.new),
      stillOpen: count(changes?.stillOpen),
      resolved: count(changes?.resolved),
      accepted: (data.risks?.accepted ?? []).filter((a) => keep(a.finding)).length,
    },
    compared: Boolean(changes?.comparedWith),
    reportUrl,
    location: location.uri,
  };
}

/** `2026-W47 · project P2… · complete` or `… · tenant T1 · INCOMPLETE`. */
export const digestHeadline = (d: ChannelDigest) =>
  `Descope audit ${d.period.label} · ${d.scope.kind === 'tenant' ? `tenant ${d.scope.tenantId}` : `project ${d.projectId}`} · ${d.complete ? 'complete' : 'INCOMPLETE'}`;

/** `3 new · 2 still open · 1 resolved` (with "nothing to compare with" when there was no previous report). */
export const digestCounts = (d: ChannelDigest) =>
  d.compared
    ? `${d.counts.new} new · ${d.counts.stillOpen} still open · ${d.counts.resolved} resolved · ${d.counts.accepted} accepted`
    : `${d.counts.findings} findings (no previous report to compare with) · ${d.counts.accepted} accepted`;
