import { z } from 'zod';
import type { AuditRecord } from '../records/audit-record.js';
import { formatInstant } from '../view/format.js';
import type { CampaignItem } from './campaign.js';

const DAY_MS = 86_400_000;

export const REMEDIATION_STATES = ['open', 'done', 'outside-trail', 'overdue', 'unknown'] as const;
export type RemediationState = (typeof REMEDIATION_STATES)[number];

/** One revoke (or change) decision followed up, as the weekly run last found it. */
export const remediationEntrySchema = z.object({
  campaignId: z.string(),
  itemId: z.string(),
  outcome: z.enum(['revoke', 'change']),
  /** ISO: when the decision became final (the approval, with a second level). */
  finalAt: z.string(),
  /** ISO: `finalAt` plus the campaign's remediation window. */
  deadline: z.string(),
  state: z.enum(REMEDIATION_STATES),
  /** The audit event that records the removal (`UserModified 2026-12-01 09:14 UTC by …`), when found. */
  event: z.string(),
  detail: z.string(),
  /** The period whose run last checked it. */
  checkedIn: z.string(),
  /** ISO, when the overdue escalation was sent. */
  escalatedAt: z.string().nullable(),
  /** ISO, when the job removed the role through the management API (`remediation: "apply"`). */
  appliedAt: z.string().nullable(),
});
export type RemediationEntry = z.output<typeof remediationEntrySchema>;

/** States the weekly run no longer re-checks. */
export const isSettled = (state: RemediationState) => state === 'done' || state === 'outside-trail';

const USER_REMOVAL_ACTIONS = new Set(['UserModified', 'UsersModified', 'UserDeleted', 'UsersDeleted']);
const KEY_REMOVAL_ACTIONS = new Set(['AccessKeyModified', 'AccessKeyDeleted', 'AccessKeysDeleted']);

/** Audit actions that can record a role's removal (what the run searches for). */
export const REMOVAL_ACTIONS = [...USER_REMOVAL_ACTIONS, ...KEY_REMOVAL_ACTIONS];

const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** How an event matched: it names the removed role, or only shows the principal changed. */
export interface RemovalEvidence {
  event: string;
  namesRole: boolean;
}

/**
 * The first audit event at or after `from` that records this role's removal: a user's
 * `UserModified` whose change details list the role under `removed_roles` /
 * `removed_multi_tenant_roles` (tenant from the record), else any `UserModified` of the user or its
 * deletion (Descope logs new values, so a removal may not name the role); a key's modification or
 * deletion naming the key. Records are matched by user ID or login ID.
 */
export function findRemovalEvent(
  item: CampaignItem,
  records: readonly AuditRecord[],
  from: number,
): RemovalEvidence | undefined {
  const role = item.role.trim().toLowerCase();
  const logins = new Set(
    item.principal.kind === 'user' ? item.principal.label.split('; ').filter(Boolean) : [],
  );
  const describe = (r: AuditRecord) =>
    `${r.action} ${formatInstant(r.occurred)}${r.actorId ? ` by ${r.actorId}` : ''}`;
  const candidates = [...records].filter((r) => r.occurred >= from).sort((a, b) => a.occurred - b.occurred);
  if (item.principal.kind === 'key') {
    const hit = candidates.find(
      (r) =>
        KEY_REMOVAL_ACTIONS.has(r.action) &&
        (r.data.key_id === item.principal.id || list(r.data.key_ids).includes(item.principal.id)),
    );
    return hit ? { event: describe(hit), namesRole: false } : undefined;
  }
  const mine = candidates.filter(
    (r) =>
      USER_REMOVAL_ACTIONS.has(r.action) &&
      (r.userId === item.principal.id || r.loginIds.some((l) => logins.has(l))),
  );
  const named = mine.find((r) => {
    const change = r.data.Change;
    if (!change || typeof change !== 'object') return false;
    const inTenant = item.tenantId === '' ? true : r.tenants.includes(item.tenantId);
    const key = item.tenantId === '' ? 'removed_roles' : 'removed_multi_tenant_roles';
    const removed = list((change as Record<string, unknown>)[key]);
    return inTenant && removed.some((x) => x.trim().toLowerCase() === role);
  });
  if (named) return { event: describe(named), namesRole: true };
  const any = mine[0];
  return any ? { event: describe(any), namesRole: false } : undefined;
}

export interface RemediationCheck {
  campaignId: string;
  item: CampaignItem;
  outcome: 'revoke' | 'change';
  /** Epoch ms the decision became final. */
  finalAt: number;
  windowDays: number;
  previous?: RemediationEntry;
  /** The role is still held now; `undefined` when the directory read could not tell. */
  holds: boolean | undefined;
  /** The removal's event, searched from the campaign's snapshot on. */
  evidence?: RemovalEvidence;
  /** The trail was searchable from here only (Descope's retention); earlier events are unseen. */
  trailFrom: number;
  /** Where searching began: the campaign's snapshot. */
  searchedFrom: number;
  now: number;
  period: string;
}

/**
 * The state of one revocation: done when the role is gone and an audit event records its removal;
 * "outside the audit trail" when it is gone and no event does (and the trail since the snapshot
 * was searchable); overdue when still held after the window; open before that. A settled state
 * (done, outside the trail) is kept; an overdue one can still become done.
 */
export function checkRemediation(c: RemediationCheck): RemediationEntry {
  const deadline = c.finalAt + c.windowDays * DAY_MS;
  const base = {
    campaignId: c.campaignId,
    itemId: c.item.id,
    outcome: c.outcome,
    finalAt: new Date(c.finalAt).toISOString(),
    deadline: new Date(deadline).toISOString(),
    checkedIn: c.period,
    escalatedAt: c.previous?.escalatedAt ?? null,
    appliedAt: c.previous?.appliedAt ?? null,
  };
  if (c.previous && isSettled(c.previous.state)) return c.previous;
  if (c.holds === undefined)
    return { ...base, state: 'unknown', event: '', detail: 'the directory read was incomplete: not checked' };
  if (c.holds)
    return deadline <= c.now
      ? {
          ...base,
          state: 'overdue',
          event: '',
          detail: `still held ${formatInstant(c.now)}, past the deadline ${formatInstant(deadline)}`,
        }
      : { ...base, state: 'open', event: '', detail: `still held; due by ${formatInstant(deadline)}` };
  if (c.evidence)
    return {
      ...base,
      state: 'done',
      event: c.evidence.event,
      detail: c.evidence.namesRole
        ? 'gone from the directory; the event names the removed role'
        : 'gone from the directory; the event records a change of the principal but does not name the role (Descope logs new values)',
    };
  if (c.searchedFrom < c.trailFrom)
    return {
      ...base,
      state: 'unknown',
      event: '',
      detail: `gone from the directory; no event found, but the trail before ${formatInstant(c.trailFrom)} is past Descope's retention`,
    };
  return {
    ...base,
    state: 'outside-trail',
    event: '',
    detail: `gone from the directory with no audit event recording its removal since ${formatInstant(c.searchedFrom)}`,
  };
}
