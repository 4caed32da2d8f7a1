import { createHmac } from 'node:crypto';
import type { Severity } from '../findings/finding.js';
import type { ReportData } from '../report/report-model.js';
import { renderSummary } from '../report/summary.js';

/** The headers a signed webhook carries (documented in docs/routing.md). */
export const WEBHOOK_HEADERS = {
  timestamp: 'x-descope-report-timestamp',
  signature: 'x-descope-report-signature',
  delivery: 'x-descope-report-delivery',
} as const;

/** The keys of `summary.json` a webhook carries: the report's identity and its findings. */
const FINDINGS_PART = [
  'schemaVersion',
  'projectId',
  'scope',
  'period',
  'complete',
  'changes',
  'findings',
  'findingRules',
  'acceptedRisks',
  'exceptions',
] as const;

const rank = (s: unknown) => (s === 'high' ? 2 : s === 'medium' ? 1 : 0);

/**
 * The webhook's JSON body: the findings part of the report's `summary.json` (same fields, same
 * values), with findings and changes below `minSeverity` left out. A day's body (`"digest":
 * "new-findings"`) holds only the findings new since the day before.
 */
export function webhookBody(data: ReportData, minSeverity: Severity): string {
  const summary = JSON.parse(renderSummary(data)) as Record<string, unknown>;
  const keep = (list: unknown) =>
    Array.isArray(list)
      ? list.filter((f: { severity?: unknown }) => rank(f.severity) >= rank(minSeverity))
      : list;
  const part: Record<string, unknown> = {};
  for (const key of FINDINGS_PART) if (summary[key] !== undefined) part[key] = summary[key];
  part.findings = keep(part.findings);
  // A day's body is the digest of its new findings only (daily review), and says so.
  if (data.period.kind === 'day') {
    const fresh = new Set((data.changes?.new ?? []).map((c) => c.fingerprint));
    part.digest = 'new-findings';
    part.findings = (part.findings as Array<{ fingerprint?: unknown }>).filter(
      (f) => typeof f.fingerprint === 'string' && fresh.has(f.fingerprint),
    );
    const changes = part.changes as Record<string, unknown> | undefined;
    if (changes)
      part.changes = { comparedWith: changes.comparedWith, reason: changes.reason, new: changes.new };
  }
  if (part.acceptedRisks !== undefined) part.acceptedRisks = keep(part.acceptedRisks);
  const changes = part.changes as Record<string, unknown> | undefined;
  if (changes)
    part.changes = Object.fromEntries(
      Object.entries(changes).map(([k, v]) => [k, Array.isArray(v) ? keep(v) : v]),
    );
  return JSON.stringify(part);
}

/**
 * `sha256=<hex>`: HMAC-SHA256 with the channel's secret over `<timestamp>.<body>` (the timestamp in
 * Unix seconds, as sent in its header), so a captured request cannot be replayed with a new time.
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
