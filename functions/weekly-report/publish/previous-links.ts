import type { ReportStore } from '../../adapters/report-store.js';
import { MANIFEST_FILE, type ManifestScope, sha256Hex } from '../../core/integrity/manifest.js';
import { previousManifestKey } from '../../core/integrity/manifest-chain.js';
import { comparedPeriod, parseDay, parseIsoWeek, type ReportPeriod } from '../../core/period/period.js';
import { reportPrefix } from '../../core/report/report-prefix.js';
import type { StoredInputs } from '../history/stored-inputs.js';
import type { SealTarget } from './seal-manifest.js';
import { newestSealedRevision } from './sealed-revisions.js';

/** A day's label (`YYYY-MM-DD`); a week's is `YYYY-Www`. */
const DAY_LABEL = /^\d{4}-\d{2}-\d{2}$/;

/** What a previous period's manifest is used for, as an unverified one's gap says. */
export const CHAIN_USE = "this report's link to the previous period (the manifest chain)";

/** The previous manifest's SHA-256 as a seal records it: through the gate when the run signs. */
export async function linkedHash(
  store: ReportStore,
  target: SealTarget,
  link: { period: string; key: string },
  inputs: StoredInputs | undefined,
): Promise<string | null> {
  if (!inputs?.verifying) {
    const body = await store.get(link.key);
    return body ? sha256Hex(body) : null;
  }
  const verified = await inputs.manifest(previousFolder(target, link), CHAIN_USE);
  return verified?.sha256 ?? null;
}

/**
 * Verifies, before the report is assembled, the previous period's manifest (the week before a
 * week, the day before a day) each folder of the run will link (the project's and each reported
 * tenant's, in that period's newest sealed revision, as the seal links it), so one that fails is in the report as a gap and a finding;
 * `planSeal` then finds the verdict in the gate's cache.
 */
export async function checkPreviousLinks(
  store: ReportStore,
  inputs: StoredInputs,
  projectId: string,
  period: ReportPeriod,
  tenantIds: readonly string[],
): Promise<void> {
  const previous = comparedPeriod(period);
  if (!inputs.verifying || !previous) return;
  const revision = (await newestSealedRevision(store, reportPrefix(projectId, previous)))?.revision ?? 1;
  const scopes: ManifestScope[] = [
    { kind: 'project' },
    ...tenantIds.map((tenantId) => ({ kind: 'tenant' as const, tenantId })),
  ];
  for (const scope of scopes) {
    const target = { projectId, period, scope };
    const link = previousManifestKey(projectId, period, scope, revision);
    if (link) await inputs.manifest(previousFolder(target, link), CHAIN_USE);
  }
}

/** The previous period's folder of `target`'s scope (a week's or a day's), as the stored-input gate checks it. */
export function previousFolder(target: SealTarget, link: { period: string; key: string }) {
  return {
    folder: link.key.slice(0, -MANIFEST_FILE.length),
    period: DAY_LABEL.test(link.period) ? parseDay(link.period) : parseIsoWeek(link.period),
    expected: { projectId: target.projectId, period: link.period, scope: target.scope },
  };
}
