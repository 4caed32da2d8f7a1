import { z } from 'zod';
import { CAMPAIGN_COVERAGE, REMEDIATION_MODES } from './campaign.js';
import { emailAddresses } from './email-addresses.js';

export const CAMPAIGN_CADENCES = ['off', 'monthly', 'quarterly', 'semiannual', 'annual'] as const;
export type CampaignCadence = (typeof CAMPAIGN_CADENCES)[number];

const loginIds = z.array(z.string().trim().min(1).max(320)).max(50);

/**
 * The campaign settings as JSON (`ACCESS_CAMPAIGNS`, deploy key `accessReviewCampaigns`). Reviewers
 * are Descope login IDs; a tenant's reviewers take the tenant's items, a role's reviewers the
 * role's items elsewhere, the fallback list the rest.
 */
export const campaignSettingsSchema = z
  .object({
    cadence: z.enum(CAMPAIGN_CADENCES).default('quarterly'),
    coverage: z.enum(CAMPAIGN_COVERAGE).default('privileged'),
    reviewers: z
      .object({
        tenants: z.record(z.string().regex(/^[A-Za-z0-9_-]{1,100}$/), loginIds).default({}),
        roles: z.record(z.string().min(1).max(200), loginIds).default({}),
        fallback: loginIds.default([]),
      })
      .strict(),
    secondLevel: loginIds.default([]),
    escalation: loginIds.default([]),
    dueDays: z.number().int().min(1).max(180).default(14),
    reminderDaysBeforeDue: z.number().int().min(0).max(60).default(3),
    remediationWindowDays: z.number().int().min(1).max(180).default(14),
    remediation: z.enum(REMEDIATION_MODES).default('report'),
  })
  .strict()
  .superRefine((settings, ctx) => {
    const r = settings.reviewers;
    if (r.fallback.length === 0 && Object.keys(r.tenants).length === 0 && Object.keys(r.roles).length === 0)
      ctx.addIssue({ code: 'custom', path: ['reviewers'], message: 'must name at least one reviewer' });
    if (settings.remediation === 'apply' && settings.secondLevel.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['remediation'],
        message:
          '"apply" needs a second level (secondLevel): a role is removed only after a second reviewer approves',
      });
  });

/** Parsed settings; tenant and role lookups are `Map`s (IDs and role names are data). */
export interface CampaignSettings {
  cadence: CampaignCadence;
  coverage: (typeof CAMPAIGN_COVERAGE)[number];
  reviewers: {
    tenants: ReadonlyMap<string, readonly string[]>;
    /** Keyed by the role name in lower case. */
    roles: ReadonlyMap<string, readonly string[]>;
    fallback: readonly string[];
  };
  secondLevel: readonly string[];
  escalation: readonly string[];
  dueDays: number;
  reminderDaysBeforeDue: number;
  remediationWindowDays: number;
  remediation: (typeof REMEDIATION_MODES)[number];
}

/** Validates campaign settings JSON; the message names the first bad field. */
export function parseCampaignSettings(
  json: unknown,
): { ok: true; settings: CampaignSettings } | { ok: false; problem: string } {
  const parsed = campaignSettingsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      problem: `${issue?.path.join('.') || '(settings)'} ${issue?.message ?? 'is invalid'}`,
    };
  }
  const s = parsed.data;
  return {
    ok: true,
    settings: {
      ...s,
      reviewers: {
        tenants: new Map(Object.entries(s.reviewers.tenants)),
        roles: new Map(
          Object.entries(s.reviewers.roles).map(([role, ids]) => [role.trim().toLowerCase(), ids]),
        ),
        fallback: s.reviewers.fallback,
      },
    },
  };
}

/** Every login ID the settings name (to resolve them to Descope users once). */
export function configuredLoginIds(settings: CampaignSettings): string[] {
  const all = [
    ...[...settings.reviewers.tenants.values()].flat(),
    ...[...settings.reviewers.roles.values()].flat(),
    ...settings.reviewers.fallback,
    ...settings.secondLevel,
  ];
  return [...new Set(all.map((id) => id.trim()))].sort();
}

/**
 * Every address campaign emails may go to: the email-shaped reviewer, second-level and escalation
 * login IDs (in the SES sandbox each must be a verified identity, or the notice fails the run).
 */
export function campaignMailAddresses(settings: CampaignSettings): string[] {
  return emailAddresses([...configuredLoginIds(settings), ...settings.escalation]);
}
