import type { AccessSnapshot } from './access-snapshot.js';
import type { Campaign, Reviewer } from './campaign.js';
import { buildCampaignItems, type ItemChange } from './campaign-items.js';
import { assignReviewers } from './campaign-reviewers.js';
import { dueDateOf } from './campaign-schedule.js';
import type { CampaignSettings } from './campaign-settings.js';
import type { HygieneSettings } from './hygiene-findings.js';

export interface BuildCampaignInput {
  id: string;
  snapshot: AccessSnapshot;
  /** Where the verified snapshot is stored and what vouches for it. */
  source: Omit<Campaign['snapshot'], 'period' | 'periodEnd'>;
  settings: CampaignSettings;
  hygiene: HygieneSettings;
  /** Login ID → Descope user ID, for every login ID the settings name (absent: not found). */
  users: ReadonlyMap<string, string>;
  changes: ReadonlyMap<string, ItemChange>;
  unchanged: string;
  now: number;
  createdBy: Campaign['createdBy'];
  /** Overrides the settings' due date (epoch ms). */
  dueAt?: number;
}

const lower = (s: string) => s.trim().toLowerCase();

/**
 * A campaign over one stored snapshot: items per the coverage, reviewers assigned (never the
 * principal), reviewers resolved to their Descope user IDs, due date and second level from the
 * settings. What could not be done as configured is listed in `notes`.
 */
export function buildCampaign(input: BuildCampaignInput): Campaign {
  const byLogin = new Map(
    [...input.users].map(([login, id]) => [lower(login), { loginId: login, userId: id }]),
  );
  const resolve = (loginId: string): Reviewer => byLogin.get(lower(loginId)) ?? { loginId, userId: '' };
  const items = buildCampaignItems(input.snapshot, {
    coverage: input.settings.coverage,
    hygiene: input.hygiene,
    changes: input.changes,
    unchanged: input.unchanged,
    reviewersOf: (principal, role) => assignReviewers(principal, role, input.settings, resolve),
  });
  const named = new Set(items.flatMap((i) => i.reviewers.map(lower)));
  const reviewers = [...named].sort().map((l) => resolve(l));
  const second = input.settings.secondLevel.map(resolve);
  const notes = [
    ...[...reviewers, ...second]
      .filter((r) => r.userId === '')
      .map((r) => `reviewer ${r.loginId} is not a Descope user of this project: they cannot sign in`),
    ...items
      .filter((i) => i.reviewers.length === 0)
      .map(
        (i) =>
          `no reviewer for ${i.principal.label || i.principal.id}: ${i.role}${i.tenantId ? ` in tenant ${i.tenantId}` : ''} (every configured reviewer is the principal)`,
      ),
  ];
  return {
    schemaVersion: 1,
    id: input.id,
    projectId: input.snapshot.projectId,
    scope: input.snapshot.scope,
    createdAt: new Date(input.now).toISOString(),
    createdBy: input.createdBy,
    dueAt: new Date(input.dueAt ?? dueDateOf(input.now, input.settings.dueDays)).toISOString(),
    coverage: input.settings.coverage,
    remediationWindowDays: input.settings.remediationWindowDays,
    remediation: input.settings.remediation,
    secondLevel: second.length > 0 ? { reviewers: second } : null,
    escalation: [...input.settings.escalation],
    snapshot: { ...input.source, period: input.snapshot.period, periodEnd: input.snapshot.periodEnd },
    reviewers,
    items,
    notes,
  };
}
