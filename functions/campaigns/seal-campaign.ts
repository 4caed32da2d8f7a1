import type { CampaignStore } from '../adapters/campaign-store.js';
import type { ManifestSigner } from '../adapters/manifest-signer.js';
import { campaignKeys } from '../core/access/campaign-files.js';
import { campaignProgress } from '../core/access/campaign-progress.js';
import { type CampaignSeal, renderSeal } from '../core/access/campaign-seal.js';
import { decisionsTable } from '../core/access/decisions-table.js';
import { describeFile, SIGNATURE_ALGORITHM, sha256Hex } from '../core/integrity/manifest.js';
import { renderCsv } from '../core/view/csv.js';
import { CampaignError, type LoadedCampaign } from './load-campaign.js';

/**
 * Seals a campaign whose every item is final: writes `decisions.csv` (the project's CSV writer:
 * quoted, formulas neutralised), then `seal.json` listing `campaign.json`, every decision record
 * and `decisions.csv` with their SHA-256, then `seal.sig` (the key that signs the report
 * manifests). Each file is created once; a seal whose signature was not written is signed on the
 * next call. Returns the seal's SHA-256, or `undefined` when the campaign is not complete.
 */
export async function sealCampaign(
  store: CampaignStore,
  signer: ManifestSigner,
  loaded: LoadedCampaign,
  now: number,
): Promise<string | undefined> {
  const keys = campaignKeys(loaded.campaign.id);
  const stored = await store.get(keys.seal);
  if (stored) {
    if (!(await store.get(keys.sealSignature)))
      await store.create(keys.sealSignature, await signer.sign(stored), 'application/octet-stream');
    return sha256Hex(stored);
  }
  if (!campaignProgress(loaded.campaign, loaded.states).complete) return undefined;
  const csv = renderCsv(decisionsTable(loaded.campaign, loaded.states, loaded.remediation));
  if (!(await store.create(keys.decisionsCsv, csv, 'text/csv; charset=utf-8'))) {
    const existing = await store.get(keys.decisionsCsv);
    if (!existing || Buffer.from(existing).toString('utf8') !== csv)
      throw new CampaignError(
        `${keys.decisionsCsv} exists with other content: the campaign cannot be sealed`,
      );
  }
  const relative = (key: string) => key.slice(keys.folder.length);
  const records = [...loaded.records.values()].flat();
  const key = await signer.key();
  const seal: CampaignSeal = {
    schemaVersion: 1,
    campaignId: loaded.campaign.id,
    projectId: loaded.campaign.projectId,
    sealedAt: new Date(now).toISOString(),
    decisionKeys: [...new Set(records.map((r) => r.record.signing.keyFingerprint))],
    remediation: [...loaded.remediation.values()]
      .map((e): [string, string] => [e.itemId, e.state])
      .sort(([a], [b]) => (a < b ? -1 : 1)),
    files: [
      describeFile(relative(keys.campaign), loaded.bytes),
      ...records.map((r) => describeFile(relative(r.key), r.file)),
      describeFile(relative(keys.decisionsCsv), Buffer.from(csv, 'utf8')),
    ],
    signing: { algorithm: SIGNATURE_ALGORITHM, keyFingerprint: key.fingerprint },
  };
  const bytes = Buffer.from(renderSeal(seal), 'utf8');
  if (!(await store.create(keys.seal, bytes, 'application/json')))
    return sealCampaign(store, signer, loaded, now);
  await store.create(keys.sealSignature, await signer.sign(bytes), 'application/octet-stream');
  return sha256Hex(bytes);
}
