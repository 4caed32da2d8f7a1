import canonicalize from 'canonicalize';
import { z } from 'zod';
import { CAMPAIGN_ID, ITEM_ID } from './campaign-files.js';

const scopeSchema = z.union([
  z.object({ kind: z.literal('project') }),
  z.object({ kind: z.literal('tenant'), tenantId: z.string() }),
]);

/** A reviewer as configured (login ID) and as Descope knows them (user ID; empty when not found). */
export const reviewerSchema = z.object({ loginId: z.string().min(1), userId: z.string() });
export type Reviewer = z.output<typeof reviewerSchema>;

/** One principal holding one role: what a reviewer decides on. Every string is Descope data. */
export const campaignItemSchema = z.object({
  id: z.string().regex(ITEM_ID),
  principal: z.object({
    kind: z.enum(['user', 'key']),
    /** User ID or access key ID. */
    id: z.string(),
    /** Login IDs (users) or the key's name. */
    label: z.string(),
    name: z.string(),
    status: z.string(),
    /** Keys: the user the key acts for, and who created it (self-related checks); users: empty. */
    boundUserId: z.string(),
    createdBy: z.string(),
  }),
  /** Empty for a project-wide role. */
  tenantId: z.string(),
  tenantName: z.string(),
  role: z.string(),
  privileged: z.boolean(),
  /** `2026-11-18 10:02 UTC` or `never seen`, and where it comes from. */
  lastLogin: z.string(),
  lastLoginSource: z.string(),
  /** Second factors the user object reports (`TOTP, passkey`, `SSO`, `none`); keys: empty. */
  mfa: z.string(),
  /** What changed since the last review, with its audit event when one records it. */
  change: z.string(),
  /** Who granted it, when the audit event says (user ID or login ID of the actor); else empty. */
  grantedBy: z.string(),
  /** Hygiene findings about this principal (titles). */
  findings: z.array(z.string()),
  /** Login IDs of the reviewers who may decide this item (never the principal). */
  reviewers: z.array(z.string()),
});
export type CampaignItem = z.output<typeof campaignItemSchema>;

export const CAMPAIGN_COVERAGE = ['privileged', 'all'] as const;
export type CampaignCoverage = (typeof CAMPAIGN_COVERAGE)[number];
export const REMEDIATION_MODES = ['report', 'apply'] as const;
export type RemediationMode = (typeof REMEDIATION_MODES)[number];

/** `access/campaigns/<id>/campaign.json`: frozen when the campaign opens. */
export const campaignSchema = z.object({
  schemaVersion: z.literal(1),
  id: z.string().regex(CAMPAIGN_ID),
  projectId: z.string(),
  scope: scopeSchema,
  /** ISO 8601. */
  createdAt: z.string(),
  createdBy: z.enum(['schedule', 'cli']),
  dueAt: z.string(),
  coverage: z.enum(CAMPAIGN_COVERAGE),
  /** Days after the final decision a revocation must show in the directory and the trail. */
  remediationWindowDays: z.number().int().positive(),
  remediation: z.enum(REMEDIATION_MODES),
  /** Second-level reviewers approve every first-level decision; `null`: one level. */
  secondLevel: z.object({ reviewers: z.array(reviewerSchema).min(1) }).nullable(),
  /** Where overdue decisions and remediations escalate when no second level is set. */
  escalation: z.array(z.string()),
  /** The stored, verified snapshot the items were taken from. */
  snapshot: z.object({
    key: z.string(),
    period: z.string(),
    /** Epoch ms: the period's end; the directory was read after it. */
    periodEnd: z.number(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** SHA-256 of the signed manifest that lists the snapshot. */
    manifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
    manifestKeyFingerprint: z.string(),
  }),
  /** Every first-level reviewer named by an item, resolved to a Descope user. */
  reviewers: z.array(reviewerSchema),
  items: z.array(campaignItemSchema),
  /** What the campaign could not do as configured (a reviewer not found, an item without a reviewer). */
  notes: z.array(z.string()),
});
export type Campaign = z.output<typeof campaignSchema>;

/** The stored bytes: RFC 8785 canonical JSON, so the campaign's SHA-256 is stable. */
export function renderCampaign(campaign: Campaign): string {
  const text = canonicalize(campaign);
  if (text === undefined) throw new TypeError('The campaign cannot be serialised');
  return text;
}

/** A stored campaign, or why it is not one. */
export function parseCampaign(
  bytes: Uint8Array,
): { ok: true; campaign: Campaign } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return { ok: false, reason: 'it is not JSON' };
  }
  const parsed = campaignSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `it is not a campaign (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`,
    };
  }
  return { ok: true, campaign: parsed.data };
}

/** Reviewers who may act at either level, by login ID (case-insensitive). */
export const sameLogin = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
