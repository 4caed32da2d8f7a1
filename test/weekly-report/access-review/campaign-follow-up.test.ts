import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RoleRemover } from '../../../functions/adapters/descope-role-remover.js';
import { createLocalKeySigner } from '../../../functions/adapters/local-key-signer.js';
import { loadCampaign } from '../../../functions/campaigns/load-campaign.js';
import { recordDecision, trustedKeysOf } from '../../../functions/campaigns/record-decision.js';
import { type CampaignItem, renderCampaign } from '../../../functions/core/access/campaign.js';
import { campaignKeys } from '../../../functions/core/access/campaign-files.js';
import {
  applyRevocations,
  finalRevocations,
  followUpRevocations,
  saveRemediation,
} from '../../../functions/weekly-report/access-review/campaign-follow-up.js';
import { NOW } from '../../core/access/access-builders.js';
import { carol, demoCampaign, erin } from '../../core/access/campaign-builders.js';
import { inMemoryCampaignStore } from '../../support/in-memory-campaign-store.js';

const DAY = 86_400_000;

/** alice's admin role revoked by carol and approved by erin (final); bob's revoked, not yet approved. */
async function setUp(remediation: 'apply' | 'report' = 'apply') {
  const memory = inMemoryCampaignStore();
  const campaign = demoCampaign({ secondLevel: ['erin@corp.example'], remediation });
  memory.objects.set(campaignKeys(campaign.id).campaign, Buffer.from(renderCampaign(campaign)));
  const deps = {
    store: memory.campaigns,
    signer: createLocalKeySigner(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey),
  };
  const itemOf = (label: string) => {
    const item = campaign.items.find((i) => i.principal.label.startsWith(label));
    if (!item) throw new Error(`no item ${label}`);
    return item;
  };
  const decide = async (item: CampaignItem, reviewer: typeof carol, level: 1 | 2, outcome: string) => {
    const result = await recordDecision(deps, {
      campaignId: campaign.id,
      itemId: item.id,
      reviewer,
      source: 'review-page',
      session: { issuedAt: NOW / 1000, expiresAt: NOW / 1000 + 600 },
      request: { level, outcome, justification: 'no longer needed' } as never,
      now: NOW,
    });
    if (!result.ok) throw new Error(`refused: ${JSON.stringify(result)}`);
  };
  await decide(itemOf('alice'), carol, 1, 'revoke');
  await decide(itemOf('alice'), erin, 2, 'approve');
  await decide(itemOf('bob'), carol, 1, 'revoke');
  const trusted = await trustedKeysOf(deps);
  const loaded = await loadCampaign(memory.campaigns, campaign.id, trusted);
  return { memory, loaded, trusted, alice: itemOf('alice'), bob: itemOf('bob') };
}

/** A remover that records what it was asked to remove; users only, as the Descope one. */
function recordingRemover(): RoleRemover & { removed: string[] } {
  const removed: string[] = [];
  return {
    removed,
    async removeRole(item) {
      if (item.principal.kind !== 'user') return false;
      removed.push(item.id);
      return true;
    },
  };
}

describe('following up revocations', () => {
  it('counts only approved revocations as final', async () => {
    const { loaded, alice } = await setUp();
    expect(finalRevocations(loaded).map((r) => [r.item.id, r.outcome, r.approved])).toEqual([
      [alice.id, 'revoke', true],
    ]);
  });

  it("removes an approved revocation's role that is still held, once", async () => {
    const { loaded, alice } = await setUp();
    const remover = recordingRemover();
    const notes: string[] = [];
    const applied = await applyRevocations(loaded, remover, () => true, NOW + DAY, notes);
    expect([...applied]).toEqual([[alice.id, NOW + DAY]]);
    expect(remover.removed).toEqual([alice.id]);
    expect(notes).toEqual([]);
    const entries = followUpRevocations(loaded, {
      holds: () => true,
      removals: [],
      trailFrom: 0,
      trailComplete: true,
      applied,
      now: NOW + DAY,
      period: '2026-W49',
    });
    expect(entries.map((e) => [e.itemId, e.appliedAt])).toEqual([
      [alice.id, new Date(NOW + DAY).toISOString()],
    ]);
    // Applied before: not removed again.
    const again = recordingRemover();
    const remediation = new Map(entries.map((e) => [e.itemId, e]));
    expect([...(await applyRevocations({ ...loaded, remediation }, again, () => true, NOW, []))]).toEqual([]);
    expect(again.removed).toEqual([]);
  });

  it('removes nothing when the role is gone or the directory could not tell, in report mode, or without a remover', async () => {
    const { loaded } = await setUp();
    for (const holds of [() => false, () => undefined]) {
      const remover = recordingRemover();
      expect((await applyRevocations(loaded, remover, holds, NOW, [])).size).toBe(0);
      expect(remover.removed).toEqual([]);
    }
    expect((await applyRevocations(loaded, undefined, () => true, NOW, [])).size).toBe(0);
    const reported = await setUp('report');
    const remover = recordingRemover();
    expect((await applyRevocations(reported.loaded, remover, () => true, NOW, [])).size).toBe(0);
    expect(remover.removed).toEqual([]);
  });

  it('leaves a principal the remover cannot change to a person, with a note', async () => {
    const { loaded, alice } = await setUp();
    const notes: string[] = [];
    const refusing: RoleRemover = { removeRole: async () => false };
    expect((await applyRevocations(loaded, refusing, () => true, NOW, notes)).size).toBe(0);
    expect(notes).toEqual([
      `${loaded.campaign.id}: ${alice.principal.label} is an access key: remove ${alice.role} by hand`,
    ]);
  });

  it('stores the remediation states only when there are some and they changed', async () => {
    const { memory, loaded, trusted } = await setUp();
    const key = campaignKeys(loaded.campaign.id).remediation;
    await saveRemediation(memory.campaigns, loaded, []);
    expect(memory.objects.has(key)).toBe(false);
    const entries = followUpRevocations(loaded, {
      holds: () => true,
      removals: [],
      trailFrom: 0,
      trailComplete: false,
      applied: new Map(),
      now: NOW + DAY,
      period: '2026-W49',
    });
    await saveRemediation(memory.campaigns, loaded, entries);
    expect(memory.objects.has(key)).toBe(true);
    // Read back with its version: the same states are not written again, changed ones are.
    const reloaded = await loadCampaign(memory.campaigns, loaded.campaign.id, trusted);
    expect(reloaded.remediationEtag).toBeDefined();
    let writes = 0;
    const counting = {
      ...memory.campaigns,
      replace: (...args: Parameters<typeof memory.campaigns.replace>) => {
        writes += 1;
        return memory.campaigns.replace(...args);
      },
    };
    await saveRemediation(counting, reloaded, entries);
    expect(writes).toBe(0);
    await saveRemediation(
      counting,
      reloaded,
      entries.map((e) => ({ ...e, checkedIn: '2026-W50' })),
    );
    expect(writes).toBe(1);
    expect(Buffer.from(memory.objects.get(key) ?? '').toString()).toContain('2026-W50');
  });
});
