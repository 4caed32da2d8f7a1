import type { ReportAnchor } from '../adapters/report-anchor.js';
import type { ExpectedManifest } from '../core/integrity/check-manifest.js';
import { DAY_MS } from '../core/period/period.js';
import { addProblem, type VerifyContext } from './verify-context.js';

/**
 * How far back an anchor is looked for: Descope's audit search refuses a `from` older than 30 days,
 * so a day less leaves room for clock skew. An older anchor is out of the search's reach.
 */
export const ANCHOR_LOOKBACK_MS = 29 * DAY_MS;

/**
 * Finds the report's `ComplianceReportSealed` event in Descope's audit trail: one for the manifest's
 * key as stored (never a key the manifest states), stating the period and project the folder stands
 * for, and the manifest's SHA-256. Descope keeps events 30 days: an older anchor can no longer be
 * searched.
 */
export async function verifyAnchor(
  context: VerifyContext,
  anchor: ReportAnchor,
  manifestKey: string,
  expected: ExpectedManifest,
  manifestSha256: string,
  now: number,
  label = '',
): Promise<boolean> {
  const file = `${label}manifest.json`;
  if (expected.scope.kind !== 'project') {
    addProblem(context, file, 'anchors are written for project manifests: verify the project folder');
    return false;
  }
  const found = await anchor.find(manifestKey, { from: now - ANCHOR_LOOKBACK_MS, to: now });
  const forThisFolder = found.filter(
    (a) =>
      a.period === expected.period &&
      (expected.projectId === undefined || a.projectId === expected.projectId),
  );
  const match = forThisFolder.find((a) => a.manifestSha256 === manifestSha256);
  if (match) {
    context.notes.push(
      `${label}anchor: Descope's audit trail recorded this manifest's SHA-256 for ${expected.period} at ${new Date(match.occurred).toISOString()}`,
    );
    return true;
  }
  const other = found.filter((a) => !forThisFolder.includes(a));
  addProblem(
    context,
    file,
    forThisFolder.length > 0
      ? `Descope's audit trail anchors SHA-256 ${forThisFolder.map((a) => a.manifestSha256).join(', ')} for ${manifestKey}, not ${manifestSha256}`
      : other.length > 0
        ? `the anchors found for ${manifestKey} state ${other.map((a) => `${a.projectId} ${a.period}`).join(', ')}, not ${expected.period}`
        : `no ComplianceReportSealed event for ${manifestKey} in Descope's audit trail (last ${ANCHOR_LOOKBACK_MS / DAY_MS} days)`,
  );
  return false;
}
