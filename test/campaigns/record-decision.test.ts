import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLocalKeySigner } from '../../functions/adapters/local-key-signer.js';
import { loadCampaign } from '../../functions/campaigns/load-campaign.js';
import { recordDecision, trustedKeysOf } from '../../functions/campaigns/record-decision.js';
import { renderCampaign } from '../../functions/core/access/campaign.js';
import { campaignKeys } from '../../functions/core/access/campaign-files.js';
import { NOW } from '../core/access/access-builders.js';
import { carol, dave, demoCampaign, erin } from '../core/access/campaign-builders.js';
import { inMemoryCampaignStore } from '../support/in-memory-campaign-store.js';

const signerOf = () =>
  createLocalKeySigner(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey);

async function setUp(overrides: Record<string, unknown> = {}) {
  const memory = inMemoryCampaignStore();
  const campaign = demoCampaign(overrides);
  memory.objects.set(campaignKeys(campaign.id).campaign, Buffer.from(renderCampaign(campaign)));
  const deps = { store: memory.campaigns, signer: signerOf() };
  const item = (label: string) => campaign.items.find((i) => i.principal.label.startsWith(label))?.id ?? '';
  const decide = (
    itemId: string,
    reviewer = carol,
    level: 1 | 2 = 1,
    outcome = 'revoke',
    justification = '',
  ) =>
    recordDecision(deps, {
      campaignId: campaign.id,
      itemId,
      reviewer,
      source: 'review-page',
      session: { issuedAt: NOW / 1000, expiresAt: NOW / 1000 + 600 },
      request: { level, outcome, justification } as never,
      now: NOW,
    });
  return { memory, campaign, deps, item, decide };
}

describe('recording decisions', () => {
  it('stores a signed record naming the reviewer and the session, chained per item', async () => {
    const { memory, campaign, deps, item, decide } = await setUp({ secondLevel: ['erin@corp.example'] });
    const first = await decide(item('alice'));
    expect(first.ok).toBe(true);
    const second = await decide(item('alice'), erin, 2, 'approve');
    expect(second.ok).toBe(true);
    const loaded = await loadCampaign(memory.campaigns, campaign.id, await trustedKeysOf(deps));
    expect(loaded.problems).toEqual([]);
    const chain = loaded.records.get(item('alice')) ?? [];
    expect(chain.map((d) => [d.record.sequence, d.record.outcome, d.record.reviewer.loginId])).toEqual([
      [1, 'revoke', 'carol@corp.example'],
      [2, 'approve', 'erin@corp.example'],
    ]);
    expect(chain[1]?.record.previousSha256).toBe(chain[0]?.sha256);
    expect(chain[0]?.record.reviewer.sessionExpiresAt).toBe(new Date(NOW + 600_000).toISOString());
    expect(loaded.states.get(item('alice'))?.state).toBe('final');
  });

  it('writes nothing when a rule refuses', async () => {
    const { memory, item, decide } = await setUp();
    const before = memory.objects.size;
    const refused = await decide(item('carol'), carol, 1, 'keep', 'my own access is fine');
    expect(refused).toEqual({ ok: false, refusal: expect.objectContaining({ kind: 'self-review' }) });
    expect(memory.objects.size).toBe(before);
  });

  it('lets only one of two reviewers deciding the same item at once win', async () => {
    const { item, decide } = await setUp();
    const results = await Promise.all([decide(item('alice'), carol), decide(item('alice'), dave)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({
      ok: false,
      refusal: expect.objectContaining({ kind: 'state' }),
    });
  });

  it('ignores a record whose signature does not verify, and lets the item take no further record', async () => {
    const { memory, campaign, deps, item, decide } = await setUp();
    await decide(item('alice'));
    const [key, body] = [...memory.objects].find(([k]) => k.includes('/decisions/')) ?? [];
    if (!key || !body) throw new Error('no record stored');
    memory.objects.set(key, Buffer.from(body.toString('utf8').replace('"revoke"', '"keep"')));
    const loaded = await loadCampaign(memory.campaigns, campaign.id, await trustedKeysOf(deps));
    expect(loaded.problems).toEqual([`decisions/${item('alice')}/001.json: signature does not verify`]);
    expect(loaded.states.get(item('alice'))?.state).toBe('pending');
    const again = await decide(item('alice'));
    expect(again.ok).toBe(false);
  });
});
