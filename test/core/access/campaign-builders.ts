import { buildCampaign } from '../../../functions/core/access/build-campaign.js';
import type { Campaign } from '../../../functions/core/access/campaign.js';
import type { DecisionRecord } from '../../../functions/core/access/campaign-decision.js';
import { parseCampaignSettings } from '../../../functions/core/access/campaign-settings.js';
import { directory, key, NOW, snapshotOf, user } from './access-builders.js';

export const SHA = 'a'.repeat(64);

export function settingsOf(json: unknown) {
  const parsed = parseCampaignSettings(json);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.settings;
}

/** alice (admin, project), bob (Tenant Admin in T1, Viewer in T1), svc key (admin); reviewers carol and dave. */
export function demoCampaign(overrides: Record<string, unknown> = {}): Campaign {
  const snapshot = snapshotOf(
    directory(
      [
        user('alice', [['', 'admin']]),
        user('bob', [
          ['T1', 'Tenant Admin'],
          ['T1', 'Viewer'],
        ]),
        user('carol', [['', 'admin']]),
      ],
      [key('svc', [['', 'admin']], { boundUserId: 'dave', createdBy: 'carol' })],
    ),
  );
  return buildCampaign({
    id: '2026-W48-project',
    snapshot,
    source: {
      key: 'reports/P2test/2026-W48/access/snapshot.json',
      sha256: SHA,
      manifestSha256: SHA,
      manifestKeyFingerprint: SHA,
    },
    settings: settingsOf({
      reviewers: { fallback: ['carol@corp.example', 'dave@corp.example'] },
      ...overrides,
    }),
    hygiene: { dormantDays: 90, keyExpiryHorizonDays: 365 },
    users: new Map([
      ['carol@corp.example', 'carol'],
      ['dave@corp.example', 'dave'],
      ['erin@corp.example', 'erin'],
    ]),
    changes: new Map(),
    unchanged: 'unchanged since 2026-W47',
    now: NOW,
    createdBy: 'cli',
  });
}

export const carol = { loginId: 'carol@corp.example', userId: 'carol' };
export const dave = { loginId: 'dave@corp.example', userId: 'dave' };
export const erin = { loginId: 'erin@corp.example', userId: 'erin' };

let sequence = 0;
/** A decision record (unsigned content; the rules and the fold never look at the signature). */
export function record(
  level: 1 | 2,
  outcome: DecisionRecord['outcome'],
  reviewer: { loginId: string; userId: string },
  extra: Partial<DecisionRecord> = {},
): DecisionRecord {
  sequence += 1;
  return {
    schemaVersion: 1,
    campaignId: '2026-W48-project',
    campaignSha256: SHA,
    itemId: '0'.repeat(16),
    sequence,
    previousSha256: null,
    level,
    outcome,
    justification: '',
    reviewer: { ...reviewer, source: 'review-page', sessionIssuedAt: null, sessionExpiresAt: null },
    decidedAt: new Date(NOW).toISOString(),
    signing: { algorithm: 'ECDSA_P256_SHA256_DER', keyFingerprint: SHA },
    ...extra,
  };
}
