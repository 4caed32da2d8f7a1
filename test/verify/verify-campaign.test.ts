import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLocalKeySigner } from '../../functions/adapters/local-key-signer.js';
import type { ReportReader } from '../../functions/adapters/report-reader.js';
import { loadCampaign } from '../../functions/campaigns/load-campaign.js';
import { recordDecision, trustedKeysOf } from '../../functions/campaigns/record-decision.js';
import { sealCampaign } from '../../functions/campaigns/seal-campaign.js';
import { renderCampaign } from '../../functions/core/access/campaign.js';
import { campaignKeys } from '../../functions/core/access/campaign-files.js';
import { verifyCampaign } from '../../functions/verify/verify-campaign.js';
import { NOW } from '../core/access/access-builders.js';
import { carol, dave, demoCampaign } from '../core/access/campaign-builders.js';
import { inMemoryCampaignStore } from '../support/in-memory-campaign-store.js';

const pair = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const given = (key: KeyObject) => {
  const signer = createLocalKeySigner(key);
  return signer.key().then((k) => ({ pem: k.publicKeyPem, fingerprint: k.fingerprint }));
};

async function sealedCampaign() {
  const memory = inMemoryCampaignStore();
  const campaign = demoCampaign();
  const keys = campaignKeys(campaign.id);
  memory.objects.set(keys.campaign, Buffer.from(renderCampaign(campaign)));
  const attestation = pair().privateKey;
  const report = pair().privateKey;
  const deps = { store: memory.campaigns, signer: createLocalKeySigner(attestation) };
  for (const item of campaign.items) {
    const reviewer = item.reviewers.includes(carol.loginId) ? carol : dave;
    const request = {
      level: 1 as const,
      outcome: 'keep' as const,
      justification: 'needed for on-call duties',
    };
    const done = await recordDecision(deps, {
      campaignId: campaign.id,
      itemId: item.id,
      reviewer,
      source: 'review-page',
      request,
      now: NOW,
    });
    if (!done.ok) throw new Error(done.refusal.reason);
  }
  const loaded = await loadCampaign(memory.campaigns, campaign.id, await trustedKeysOf(deps));
  expect(await sealCampaign(memory.campaigns, createLocalKeySigner(report), loaded, NOW)).toMatch(
    /^[0-9a-f]{64}$/,
  );
  const reader: ReportReader = {
    complete: true,
    describe: (key) => key,
    list: async (prefix) =>
      [...memory.objects.keys()]
        .filter((k) => k.startsWith(prefix))
        .sort()
        .map((key) => ({ key, bytes: 0 })),
    listFolders: async () => [],
    get: async (key) => memory.objects.get(key),
  };
  return {
    memory,
    campaign,
    keys,
    reader,
    report: await given(report),
    attestation: await given(attestation),
  };
}

describe('verifying a sealed campaign', () => {
  let c: Awaited<ReturnType<typeof sealedCampaign>>;
  beforeEach(async () => {
    c = await sealedCampaign();
  });
  const verify = (keys = { report: c.report, attestation: c.attestation }) =>
    verifyCampaign(c.reader, c.campaign.id, keys);

  it('verifies every decision, the seal and decisions.csv with both keys', async () => {
    const result = await verify();
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({
      verified: true,
      sealed: true,
      items: c.campaign.items.length,
      decisions: c.campaign.items.length,
    });
  });

  it('fails on an edited decision, an edited decisions.csv, a removed record and a wrong key', async () => {
    const [decision] = [...c.memory.objects.keys()].filter((k) => k.includes('/decisions/'));
    const body = c.memory.objects.get(decision ?? '')?.toString('utf8') ?? '';
    c.memory.objects.set(
      decision ?? '',
      Buffer.from(body.replace('needed for on-call duties', 'approved by the CEO!!')),
    );
    const csv = c.memory.objects.get(c.keys.decisionsCsv)?.toString('utf8') ?? '';
    c.memory.objects.set(c.keys.decisionsCsv, Buffer.from(csv.replace('"keep"', '"revoke"')));
    const problems = (await verify()).problems.map((p) => `${p.file}: ${p.problem}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        `${decision?.slice(c.keys.folder.length)}: signature does not verify`,
        `${decision?.slice(c.keys.folder.length)}: differs from its seal.json entry`,
        'decisions.csv: differs from its seal.json entry',
      ]),
    );
    c.memory.objects.delete(decision ?? '');
    expect((await verify()).problems.map((p) => p.problem)).toContain('listed in seal.json but not stored');
    const other = await given(pair().privateKey);
    const wrong = await verify({ report: other, attestation: other });
    expect(wrong.verified).toBe(false);
    expect(wrong.problems.map((p) => p.problem)).toContain(
      `seal.json names key ${c.report.fingerprint}, not the given one`,
    );
  });

  it('fails when campaign.json is changed after the decisions (a reviewer added to their own item)', async () => {
    const carolItem = c.campaign.items.find((i) => i.principal.label.startsWith('carol'));
    const forged = {
      ...c.campaign,
      items: c.campaign.items.map((i) => (i === carolItem ? { ...i, reviewers: [carol.loginId] } : i)),
    };
    c.memory.objects.set(c.keys.campaign, Buffer.from(renderCampaign(forged)));
    const result = await verify();
    const problems = result.problems.map((p) => `${p.file}: ${p.problem}`);
    expect(result.verified).toBe(false);
    expect(problems).toContain('campaign.json: differs from its seal.json entry');
    expect(problems.filter((p) => p.endsWith('was made against another campaign.json'))).toHaveLength(
      c.campaign.items.length,
    );
  });
});
