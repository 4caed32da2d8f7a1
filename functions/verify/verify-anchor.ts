import type { ReportAnchor } from '../adapters/report-anchor.js';
import type { Manifest } from '../core/integrity/manifest.js';
import { reportFolder } from '../core/integrity/manifest-chain.js';
import { DAY_MS } from '../core/period/period.js';
import { addProblem, type VerifyContext } from './verify-context.js';

/**
 * How far back an anchor is looked for: Descope's audit search refuses a `from` older than 30 days,
 * so a day less leaves room for clock skew. An older anchor is out of the search's reach.
 */
export const ANCHOR_LOOKBACK_MS = 29 * DAY_MS;

/**
 * Finds the report's `ComplianceReportSealed` event in Descope's audit trail and compares its hash
 * with the manifest's. Descope keeps events 30 days: an older anchor can no longer be searched.
 */
export async function verifyAnchor(
  context: VerifyContext,
  anchor: ReportAnchor,
  manifest: Manifest,
  manifestSha256: string,
  now: number,
): Promise<boolean> {
  if (manifest.scope.kind !== 'project') {
    addProblem(
      context,
      'manifest.json',
      'anchors are written for project manifests: verify the project folder',
    );
    return false;
  }
  const key = `${reportFolder(manifest.projectId, manifest.period, manifest.scope)}manifest.json`;
  const found = await anchor.find(key, { from: now - ANCHOR_LOOKBACK_MS, to: now });
  const match = found.find((a) => a.manifestSha256 === manifestSha256);
  if (match) {
    context.notes.push(
      `anchor: Descope's audit trail recorded this manifest's SHA-256 at ${new Date(match.occurred).toISOString()}`,
    );
    return true;
  }
  addProblem(
    context,
    'manifest.json',
    found.length > 0
      ? `Descope's audit trail anchors SHA-256 ${found.map((a) => a.manifestSha256).join(', ')} for ${key}, not ${manifestSha256}`
      : `no ComplianceReportSealed event for ${key} in Descope's audit trail (last ${ANCHOR_LOOKBACK_MS / DAY_MS} days)`,
  );
  return false;
}
