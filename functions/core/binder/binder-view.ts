import type { Attestation } from '../access/attestation.js';
import { findingFingerprint } from '../findings/fingerprint.js';
import { evaluateCoverage } from '../frameworks/coverage.js';
import { headlineCount } from '../report/headline-figures.js';
import { isReportComplete, type ReportData } from '../report/report-model.js';
import { formatCount, formatInstant } from '../view/format.js';

/** What one stored week says about itself, as the binder reads it from the week's folder. */
export interface BinderWeek {
  week: string;
  /** SHA-256 of the week's manifest as the rollup read it; absent: the week was not stored. */
  manifestSha256?: string;
  /** Why the week is missing. */
  reason?: string;
  /** From the week's `summary.json`; absent when the week has none. */
  complete?: boolean;
  findings?: number;
  /** The access review's sign-off, when the week has one. */
  signOff?: { attestation: Attestation /** A detached signature is stored beside it. */; signed: boolean };
  /** The week holds an access review (with or without a sign-off). */
  accessReview: boolean;
}

export interface BinderInput {
  /** The sealed month, quarter or year report (its seal planned: key fingerprint known). */
  data: ReportData;
  weeks: readonly BinderWeek[];
}

/** The binder page's model: every value is text, escaped by the template. */
export interface BinderView {
  title: string;
  projectId: string;
  period: string;
  range: string;
  complete: string;
  signing: string;
  objectLock: string;
  anchored: string;
  queries: Array<{ id: string; title: string; count: string; complete: string }>;
  weeks: Array<{
    week: string;
    manifestSha256: string;
    complete: string;
    findings: string;
    signOff: string;
  }>;
  frameworks: Array<{
    name: string;
    title: string;
    version: string;
    counts: string;
    controls: Array<{ control: string; title: string; status: string; frequency: string; findings: string }>;
  }>;
  findings: Array<{
    rule: string;
    description: string;
    status: string;
    items: Array<{ id: string; severity: string; title: string; detail: string }>;
  }>;
}

const yesNo = (value: boolean | undefined, yes: string, no: string, unknown = 'unknown') =>
  value === undefined ? unknown : value ? yes : no;

function signOffText(week: BinderWeek): string {
  if (!week.accessReview) return 'no access review';
  if (!week.signOff) return 'pending: not signed off';
  const { attestation, signed } = week.signOff;
  return `${attestation.decision} by ${attestation.reviewer} at ${attestation.attestedAt}${signed ? ', signature stored (npm run verify checks it)' : ', unsigned'}`;
}

function completeness(data: ReportData): string {
  const missing = data.rollup?.missing.length ?? 0;
  if (missing > 0)
    return `INCOMPLETE: ${formatCount(missing)} weeks of the period are not stored (listed below)`;
  return isReportComplete(data)
    ? 'complete: every week of the period was stored and read in full'
    : 'INCOMPLETE: some queries have gaps (listed below)';
}

/**
 * The binder of a month, quarter or year: cover, scope, integrity statement (each week's manifest
 * SHA-256, the signing key's fingerprint, the bucket's Object Lock), the coverage matrix of every
 * framework, each week's summary and sign-off, and the period's findings. Built from the rollup's
 * own data and the stored weeks' files only: the same stored weeks give the same binder.
 */
export function buildBinderView({ data, weeks }: BinderInput): BinderView {
  const { deployment } = data.compliance;
  const lock = deployment.objectLock;
  return {
    title: `Audit binder: ${data.projectId}, ${data.period.label}`,
    projectId: data.projectId,
    period: data.period.label,
    range: `${formatInstant(data.period.from)} – ${formatInstant(data.period.to)} (UTC, end exclusive)`,
    complete: completeness(data),
    signing: data.seal?.signing
      ? `ECDSA P-256 key, SHA-256 fingerprint ${data.seal.signing.keyFingerprint}`
      : `unsigned${data.seal?.unsignedReason ? `: ${data.seal.unsignedReason}` : ''}`,
    objectLock: lock
      ? `S3 Object Lock ${lock.mode}, ${formatCount(lock.retentionDays)} days from each object's creation`
      : 'not stated by the deployment',
    anchored: deployment.anchored
      ? "each project manifest's SHA-256 is also written into Descope's audit trail"
      : 'manifests are not anchored in Descope',
    queries: data.results.map((r) => ({
      id: r.query.id,
      title: r.query.title,
      count: formatCount(headlineCount(r)),
      complete: r.complete ? 'complete' : `INCOMPLETE: ${formatCount(r.gaps.length)} gaps`,
    })),
    weeks: weeks.map((w) => ({
      week: w.week,
      manifestSha256: w.manifestSha256 ?? `not stored: ${w.reason ?? 'no report'}`,
      complete: yesNo(w.complete, 'complete', 'INCOMPLETE', w.manifestSha256 ? 'unknown' : '—'),
      findings: w.findings === undefined ? '—' : formatCount(w.findings),
      signOff: signOffText(w),
    })),
    frameworks: evaluateCoverage(data).map((f) => ({
      name: f.name,
      title: f.title,
      version: f.version,
      counts: Object.entries(f.counts)
        .map(([status, n]) => `${status}: ${formatCount(n)}`)
        .join(' · '),
      controls: f.controls.map((c) => ({
        control: c.ref.control,
        title: c.ref.title,
        status: c.reason ? `${c.status} (${c.reason})` : c.status,
        frequency: c.frequency,
        findings: c.findings.length === 0 ? 'none' : c.findings.map((x) => x.id).join(', '),
      })),
    })),
    findings: data.findings.map((outcome) => ({
      rule: outcome.rule,
      description: outcome.description,
      status: outcome.status,
      items: outcome.findings.map((f) => ({
        id: findingFingerprint(f),
        severity: f.severity,
        title: f.title,
        detail: f.detail,
      })),
    })),
  };
}
