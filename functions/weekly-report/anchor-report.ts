import type { ReportAnchor, ReportAnchorEvent } from '../adapters/report-anchor.js';
import { MANIFEST_FILE } from '../core/manifest.js';
import type { ReportSeal } from '../core/report-model.js';

const DAY_MS = 86_400_000;
/**
 * How far back an earlier anchor is looked for: Descope's audit search refuses a `from` older than
 * 30 days, so a day less leaves room for clock skew. An anchor older than that is invisible to the
 * search; a re-run then writes a new one (harmless: it states the same hash).
 */
export const ANCHOR_LOOKBACK_MS = 29 * DAY_MS;

export type AnchorOutcome =
  | { status: 'written' | 'already-anchored'; manifestKey: string; manifestSha256: string }
  | { status: 'not-anchored'; reason: string };

/**
 * Writes the manifest's SHA-256 into Descope's audit trail once per report: an anchor naming the same
 * manifest key and hash already in the trail is not written again (a re-run over unchanged data
 * stores byte-identical manifests). A re-run that changed the manifest anchors the new hash too.
 */
export async function anchorReport(
  anchor: ReportAnchor,
  event: ReportAnchorEvent,
  now: number,
): Promise<AnchorOutcome> {
  const found = await anchor.find(event.manifestKey, { from: now - ANCHOR_LOOKBACK_MS, to: now });
  const { manifestKey, manifestSha256 } = event;
  if (found.some((f) => f.manifestSha256 === manifestSha256)) {
    return { status: 'already-anchored', manifestKey, manifestSha256 };
  }
  await anchor.write(event);
  return { status: 'written', manifestKey, manifestSha256 };
}

/** Anchors the stored project manifest described by `seal`; without an anchor, says so. */
export function anchorSealedReport(
  anchor: ReportAnchor | undefined,
  report: { projectId: string; period: string; prefix: string; seal: ReportSeal | undefined },
  now: number,
): Promise<AnchorOutcome> {
  const { seal } = report;
  if (!anchor || !seal?.manifestSha256) {
    return Promise.resolve({ status: 'not-anchored', reason: 'no anchor configured for this run' });
  }
  return anchorReport(
    anchor,
    {
      projectId: report.projectId,
      period: report.period,
      manifestKey: `${report.prefix}${MANIFEST_FILE}`,
      manifestSha256: seal.manifestSha256,
      keyFingerprint: seal.signing?.keyFingerprint ?? null,
    },
    now,
  );
}
