import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLocalKeySigner } from '../../../functions/adapters/local-key-signer.js';
import type { EmailMessage } from '../../../functions/adapters/mailer.js';
import { loadCampaign } from '../../../functions/campaigns/load-campaign.js';
import { recordDecision, trustedKeysOf } from '../../../functions/campaigns/record-decision.js';
import { renderCampaign } from '../../../functions/core/access/campaign.js';
import { campaignKeys } from '../../../functions/core/access/campaign-files.js';
import type { RemediationEntry } from '../../../functions/core/access/remediation.js';
import {
  escalateOverdue,
  escalationRecipients,
  remindReviewers,
} from '../../../functions/weekly-report/access-review/campaign-reminders.js';
import { NOW } from '../../core/access/access-builders.js';
import { carol, dave, demoCampaign } from '../../core/access/campaign-builders.js';
import { inMemoryCampaignStore } from '../../support/in-memory-campaign-store.js';

const DAY = 86_400_000;
const FALLBACK = ['security@corp.example', 'not an address'];

async function setUp(overrides: Record<string, unknown> = {}, options: { failSend?: boolean } = {}) {
  const memory = inMemoryCampaignStore();
  const campaign = demoCampaign(overrides);
  memory.objects.set(campaignKeys(campaign.id).campaign, Buffer.from(renderCampaign(campaign)));
  const signer = createLocalKeySigner(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey);
  const deps = { store: memory.campaigns, signer };
  const sent: EmailMessage[] = [];
  const mail = {
    sender: 'reports@corp.example',
    pageUrl: 'https://review.example/',
    mailer: {
      async send(message: EmailMessage) {
        if (options.failSend) throw new Error('SES refused');
        sent.push(message);
        return { messageId: `m${sent.length}` };
      },
    },
  };
  const load = async () => loadCampaign(memory.campaigns, campaign.id, await trustedKeysOf(deps));
  const due = Date.parse(campaign.dueAt);
  /** Decides every item (a reviewer may not decide their own access: the other one does). */
  const decideAll = async () => {
    for (const item of campaign.items) {
      for (const reviewer of [carol, dave]) {
        const result = await recordDecision(deps, {
          campaignId: campaign.id,
          itemId: item.id,
          reviewer,
          source: 'review-page',
          session: { issuedAt: NOW / 1000, expiresAt: NOW / 1000 + 600 },
          request: { level: 1, outcome: 'keep', justification: 'still needed' } as never,
          now: NOW,
        });
        if (result.ok) break;
      }
    }
  };
  return { memory, campaign, mail, sent, load, due, decideAll };
}

describe('campaign reminders and escalations', () => {
  it('sends nothing before the reminder window opens', async () => {
    const { mail, sent, load, due, memory } = await setUp({ reminderDaysBeforeDue: 3 });
    const result = await remindReviewers(memory.campaigns, mail, await load(), {
      now: due - 4 * DAY,
      reminderDays: 3,
      fallback: FALLBACK,
    });
    expect(result).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('reminds the reviewers with items left, once, inside the window', async () => {
    const { mail, sent, load, due, memory, campaign } = await setUp();
    const options = { now: due - DAY, reminderDays: 3, fallback: FALLBACK };
    expect(await remindReviewers(memory.campaigns, mail, await load(), options)).toEqual(['reminder']);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toMatch(new RegExp(`^Reminder: access review ${campaign.id} is due `));
    expect(new Set(sent[0]?.to)).toEqual(new Set([carol.loginId, dave.loginId]));
    expect(sent[0]?.text).toContain(`https://review.example/campaigns/${campaign.id}`);
    expect(await remindReviewers(memory.campaigns, mail, await load(), options)).toEqual([]);
    expect(sent).toHaveLength(1);
  });

  it('escalates after the due date to the escalation list, once, and never reminds then', async () => {
    const { mail, sent, load, due, memory } = await setUp({ escalation: ['ciso@corp.example'] });
    const options = { now: due, reminderDays: 3, fallback: FALLBACK };
    expect(await remindReviewers(memory.campaigns, mail, await load(), options)).toEqual(['escalation']);
    expect(sent[0]?.to).toEqual(['ciso@corp.example']);
    expect(sent[0]?.subject).toMatch(/^Overdue: /);
    expect(sent[0]?.text).toContain(`${carol.loginId}: `);
    expect(
      await remindReviewers(memory.campaigns, mail, await load(), { ...options, now: due + DAY }),
    ).toEqual([]);
  });

  it('sends nothing once every item is decided', async () => {
    const { mail, sent, load, due, memory, decideAll } = await setUp();
    await decideAll();
    const loaded = await load();
    expect(
      await remindReviewers(memory.campaigns, mail, loaded, {
        now: due + DAY,
        reminderDays: 3,
        fallback: FALLBACK,
      }),
    ).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('releases the claim when the email fails, so the next run sends it', async () => {
    const failing = await setUp({}, { failSend: true });
    const options = { now: failing.due - DAY, reminderDays: 3, fallback: FALLBACK };
    await expect(
      remindReviewers(failing.memory.campaigns, failing.mail, await failing.load(), options),
    ).rejects.toThrow('SES refused');
    const notices = failing.memory.objects.get(campaignKeys(failing.campaign.id).notices);
    expect(JSON.parse(Buffer.from(notices ?? '').toString()).sent).toEqual([]);
  });
});

describe('who escalations go to', () => {
  it('prefers the second level, then the escalation list, then the report recipients that are addresses', async () => {
    expect(
      escalationRecipients(await (await setUp({ secondLevel: ['erin@corp.example'] })).load(), FALLBACK),
    ).toEqual(['erin@corp.example']);
    expect(
      escalationRecipients(await (await setUp({ escalation: ['ciso@corp.example'] })).load(), FALLBACK),
    ).toEqual(['ciso@corp.example']);
    expect(escalationRecipients(await (await setUp()).load(), FALLBACK)).toEqual(['security@corp.example']);
    expect(escalationRecipients(await (await setUp()).load(), [])).toEqual([]);
  });
});

describe('overdue revocations', () => {
  const entryOf = (
    itemId: string,
    state: RemediationEntry['state'],
    escalatedAt: string | null = null,
  ): RemediationEntry => ({
    campaignId: '2026-W48-project',
    itemId,
    outcome: 'revoke',
    finalAt: new Date(NOW).toISOString(),
    deadline: new Date(NOW + 7 * DAY).toISOString(),
    state,
    event: '',
    detail: 'still held on 2026-12-08',
    checkedIn: '2026-W50',
    escalatedAt,
    appliedAt: null,
  });

  it('escalates each overdue revocation once, naming the role and tenant, and leaves the others as they were', async () => {
    const { mail, sent, load, memory, campaign } = await setUp();
    const tenantItem = campaign.items.find((i) => i.tenantId);
    const projectItem = campaign.items.find((i) => !i.tenantId);
    if (!tenantItem || !projectItem) throw new Error('the demo campaign lacks a tenant or a project item');
    const entries = [
      entryOf(tenantItem.id, 'overdue'),
      entryOf(projectItem.id, 'open'),
      entryOf('gone-item', 'overdue', '2026-12-01T00:00:00.000Z'),
    ];
    const now = NOW + 8 * DAY;
    const out = await escalateOverdue(memory.campaigns, mail, await load(), entries, {
      now,
      fallback: FALLBACK,
    });
    expect(out[0]?.escalatedAt).toBe(new Date(now).toISOString());
    expect(out.slice(1)).toEqual(entries.slice(1));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toBe(`Revocation overdue: ${tenantItem.role} of ${tenantItem.principal.label}`);
    expect(sent[0]?.text).toContain(`in tenant ${tenantItem.tenantId}`);
    expect(sent[0]?.to).toEqual(['security@corp.example']);
    // Sent already: the next run leaves the entry unescalated rather than sending it twice.
    const again = await escalateOverdue(
      memory.campaigns,
      mail,
      await load(),
      [entryOf(tenantItem.id, 'overdue')],
      {
        now,
        fallback: FALLBACK,
      },
    );
    expect(again[0]?.escalatedAt).toBeNull();
    expect(sent).toHaveLength(1);
  });

  it('names an item the campaign does not hold by its ID, project-wide', async () => {
    const { mail, sent, load, memory } = await setUp();
    await escalateOverdue(memory.campaigns, mail, await load(), [entryOf('unknown-item', 'overdue')], {
      now: NOW,
      fallback: FALLBACK,
    });
    expect(sent[0]?.subject).toBe('Revocation overdue:  of unknown-item');
    expect(sent[0]?.text).toContain('(project-wide)');
  });
});
