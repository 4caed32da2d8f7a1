import type { ReportAnchor, ReportAnchorEvent } from '../../adapters/report-anchor.js';
import type { ReportStore } from '../../adapters/report-store.js';
import { MANIFEST_FILE } from '../../core/integrity/manifest.js';
import type { ReportSeal } from '../../core/report/report-model.js';
import { replaceRecord } from './replace-record.js';

/**
 * What this folder's last anchor stated, written after the event (`anchor.json`, like
 * `delivery.json` not listed in the manifest): a re-run over unchanged data finds it and sends
 * nothing, so anchoring costs no audit search of the 10 a minute. A run that fails between the event
 * and this record anchors again on its retry: harmless, the two events state the same hash.
 */
export const ANCHOR_RECORD_FILE = 'anchor.json';

export type AnchorOutcome =
  | { status: 'written' | 'already-anchored'; manifestKey: string; manifestSha256: string }
  | { status: 'not-anchored'; reason: string };

/**
 * Writes the manifest's SHA-256 into Descope's audit trail once per report: when the folder's anchor
 * record already states this hash nothing is sent. A re-run that changed the manifest anchors the
 * new hash too.
 */
export async function anchorReport(
  anchor: ReportAnchor,
  event: ReportAnchorEvent,
  record: { store: ReportStore; key: string },
  now: number,
): Promise<AnchorOutcome> {
  const { manifestKey, manifestSha256 } = event;
  if ((await readAnchoredHash(record.store, record.key)) === manifestSha256) {
    return { status: 'already-anchored', manifestKey, manifestSha256 };
  }
  await anchor.write(event);
  const stored = { manifestKey, manifestSha256, anchoredAt: new Date(now).toISOString() };
  await replaceRecord(record.store, record.key, `${JSON.stringify(stored, null, 2)}\n`, 'application/json');
  return { status: 'written', manifestKey, manifestSha256 };
}

async function readAnchoredHash(store: ReportStore, key: string): Promise<string | undefined> {
  const body = await store.get(key);
  if (!body) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    const hash = (parsed as { manifestSha256?: unknown } | null)?.manifestSha256;
    return typeof hash === 'string' ? hash : undefined;
  } catch {
    return undefined; // unreadable: anchor again
  }
}

/** Anchors the stored project manifest described by `seal`; without an anchor, says so. */
export function anchorSealedReport(
  anchor: ReportAnchor | undefined,
  store: ReportStore,
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
    { store, key: `${report.prefix}${ANCHOR_RECORD_FILE}` },
    now,
  );
}
