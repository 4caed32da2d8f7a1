import type { ReportReader } from '../adapters/report-reader.js';
import { checkRecord, type StoredDecision } from '../campaigns/load-campaign.js';
import { parseCampaign } from '../core/access/campaign.js';
import { parseSignedDecision } from '../core/access/campaign-decision.js';
import { campaignKeys, parseDecisionKey } from '../core/access/campaign-files.js';
import { foldItem, type ItemState } from '../core/access/campaign-progress.js';
import { parseSeal } from '../core/access/campaign-seal.js';
import { checkDecision } from '../core/access/decision-rules.js';
import { decisionsTable } from '../core/access/decisions-table.js';
import { isValidSignature } from '../core/integrity/check-signature.js';
import { sha256Hex } from '../core/integrity/manifest.js';
import type { VerifyProblem } from '../core/integrity/report-files.js';
import { renderCsv } from '../core/view/csv.js';
import type { GivenKey } from './verify-context.js';

export interface CampaignVerifyResult {
  verified: boolean;
  campaignId: string;
  items: number;
  decisions: number;
  sealed: boolean;
  problems: VerifyProblem[];
  notes: string[];
}

/**
 * Verifies a stored campaign: `campaign.json` and the snapshot it names (its SHA-256, when the
 * reader holds it); every decision record's signature (with the attestation key), its chain and
 * the campaign's rules replayed in order (a reviewer of the item, never their own access, the
 * justifications, a different second level); the seal (`seal.json` lists every file with its
 * SHA-256, `seal.sig` verifies with the report key) and `decisions.csv` rendered again from the
 * records. Verified only when nothing is wrong and the campaign is sealed and signed.
 */
export async function verifyCampaign(
  reader: ReportReader,
  id: string,
  keys: { report?: GivenKey; attestation?: GivenKey },
): Promise<CampaignVerifyResult> {
  const k = campaignKeys(id);
  const problems: VerifyProblem[] = [];
  const notes: string[] = [];
  const problem = (file: string, text: string) =>
    void problems.push({ file: file.slice(k.folder.length) || file, problem: text });
  const result = (sealed: boolean, items = 0, decisions = 0): CampaignVerifyResult => ({
    verified: problems.length === 0 && sealed,
    campaignId: id,
    items,
    decisions,
    sealed,
    problems,
    notes,
  });
  const bytes = await reader.get(k.campaign);
  const parsed = bytes ? parseCampaign(bytes) : undefined;
  if (!bytes || !parsed?.ok) {
    problem(k.campaign, bytes ? `cannot be read (${parsed && !parsed.ok ? parsed.reason : ''})` : 'missing');
    return result(false);
  }
  const { campaign } = parsed;
  const campaignSha256 = sha256Hex(bytes);
  const snapshot = await reader.get(campaign.snapshot.key);
  if (!snapshot)
    notes.push(`${campaign.snapshot.key} is not in this folder: the snapshot's SHA-256 is not checked`);
  else if (sha256Hex(snapshot) !== campaign.snapshot.sha256)
    problem(
      k.campaign,
      `names snapshot SHA-256 ${campaign.snapshot.sha256}, the stored ${campaign.snapshot.key} differs`,
    );

  const trusted = new Map(keys.attestation ? [[keys.attestation.fingerprint, keys.attestation.pem]] : []);
  if (!keys.attestation)
    notes.push('decision signatures not checked: give the attestation key with --attestation-key FILE');
  const byItem = new Map<string, Map<number, string>>();
  for (const { key } of await reader.list(k.decisions)) {
    const at = parseDecisionKey(id, key);
    if (!at) problem(key, 'not a decision record name');
    else byItem.set(at.itemId, (byItem.get(at.itemId) ?? new Map()).set(at.sequence, key));
  }
  const states = new Map<string, ItemState>();
  const files = new Map<string, Uint8Array>();
  let decisions = 0;
  for (const [itemId, sequence] of byItem) {
    const item = campaign.items.find((i) => i.id === itemId);
    if (!item) {
      problem(`${k.decisions}${itemId}/`, 'no such item in the campaign');
      continue;
    }
    const chain: StoredDecision[] = [];
    for (let n = 1; n <= Math.max(...sequence.keys()); n++) {
      const key = sequence.get(n);
      const file = key ? await reader.get(key) : undefined;
      const signed = file ? parseSignedDecision(file) : undefined;
      if (!key || !file || !signed) {
        problem(key ?? `${k.decisions}${itemId}/${n}`, 'missing or not a signed decision');
        break;
      }
      files.set(key, file);
      const stored: StoredDecision = { key, ...signed, sha256: sha256Hex(signed.canonical), file };
      const expected = { campaignId: id, campaignSha256, itemId, sequence: n };
      // Without the attestation key every check but the signature's is still made.
      const checked = checkRecord(
        stored,
        expected,
        chain.at(-1),
        keys.attestation ? trusted : new Map([[stored.record.signing.keyFingerprint, '']]),
      );
      const wrong = !keys.attestation && checked === 'signature does not verify' ? undefined : checked;
      const reviewer = { userId: stored.record.reviewer.userId, loginId: stored.record.reviewer.loginId };
      const onCampaign = [...campaign.reviewers, ...(campaign.secondLevel?.reviewers ?? [])].some(
        (r) => r.userId === reviewer.userId && r.loginId === reviewer.loginId,
      );
      const before = foldItem(
        campaign,
        chain.map((d) => d.record),
      );
      const refusal = checkDecision(
        campaign,
        item,
        before,
        reviewer,
        {
          level: stored.record.level,
          outcome: stored.record.outcome,
          justification: stored.record.justification,
        } as never,
        false,
      );
      if (wrong) problem(key, wrong);
      else if (!onCampaign)
        problem(key, `names ${reviewer.loginId} (${reviewer.userId}), who is not a reviewer of the campaign`);
      else if (refusal) problem(key, `breaks the campaign's rules: ${refusal.reason}`);
      if (stored.record.reviewer.source === 'attest-cli')
        notes.push(
          `${key.slice(k.folder.length)}: recorded by npm run attest (reviewer named by the operator, no session)`,
        );
      chain.push(stored);
      decisions += 1;
    }
    states.set(
      itemId,
      foldItem(
        campaign,
        chain.map((d) => d.record),
      ),
    );
  }
  const sealBytes = await reader.get(k.seal);
  if (!sealBytes) {
    notes.push('the campaign is not sealed (items are still open, or the next weekly run seals it)');
    return result(false, campaign.items.length, decisions);
  }
  const seal = parseSeal(sealBytes);
  if (!seal || seal.campaignId !== id) {
    problem(k.seal, 'is not this campaign’s seal');
    return result(false, campaign.items.length, decisions);
  }
  const listed = new Map(seal.files.map((f) => [`${k.folder}${f.name}`, f]));
  const expectedFiles = [k.campaign, ...files.keys(), k.decisionsCsv];
  for (const key of expectedFiles) {
    const entry = listed.get(key);
    const body = key === k.campaign ? bytes : (files.get(key) ?? (await reader.get(key)));
    if (!entry) problem(key, 'not listed in seal.json');
    else if (!body || sha256Hex(body) !== entry.sha256) problem(key, 'differs from its seal.json entry');
  }
  for (const key of listed.keys())
    if (!expectedFiles.includes(key)) problem(key, 'listed in seal.json but not stored');
  const csv = await reader.get(k.decisionsCsv);
  const rendered = renderCsv(
    decisionsTable(campaign, states, new Map(seal.remediation.map(([item, state]) => [item, { state }]))),
  );
  if (csv && Buffer.from(csv).toString('utf8') !== rendered)
    problem(k.decisionsCsv, 'differs from the decision records');
  const signature = await reader.get(k.sealSignature);
  if (!signature) problem(k.sealSignature, 'missing');
  else if (!keys.report)
    problem(k.sealSignature, 'not checked: give the report signing key with --public-key FILE');
  else if (seal.signing.keyFingerprint !== keys.report.fingerprint)
    problem(k.sealSignature, `seal.json names key ${seal.signing.keyFingerprint}, not the given one`);
  else if (!isValidSignature(sealBytes, signature, keys.report.pem))
    problem(k.sealSignature, 'does not verify with the given public key');
  return result(true, campaign.items.length, decisions);
}
