import type { LoadedCampaign } from '../campaigns/load-campaign.js';
import type { CampaignItem, Reviewer } from '../core/access/campaign.js';
import type { ItemState } from '../core/access/campaign-progress.js';
import { campaignProgress, openItemsOf } from '../core/access/campaign-progress.js';
import { isOwnAccess } from '../core/access/campaign-reviewers.js';
import { scopeLabel } from '../core/access/campaign-summary.js';
import { isSelfRelated, MIN_JUSTIFICATION } from '../core/access/decision-rules.js';
import { formatInstant } from '../core/view/format.js';

/** What every page shows: who is signed in, the CSRF token for its forms, a message. */
export interface PageFrame {
  title: string;
  base: string;
  stylesheet: string;
  signedIn: { loginId: string; userId: string } | null;
  csrf: string;
  message: { ok: boolean; text: string } | null;
}

const where = (item: CampaignItem) =>
  item.tenantId ? `tenant ${item.tenantId}${item.tenantName ? ` (${item.tenantName})` : ''}` : 'project-wide';
const principalOf = (item: CampaignItem) => ({
  kind: item.principal.kind,
  id: item.principal.id,
  loginIds: item.principal.kind === 'user' ? item.principal.label.split('; ').filter(Boolean) : [],
  boundUserId: item.principal.boundUserId,
});

/** One item as a card: every value is Descope data, escaped by the template. */
function itemCard(item: CampaignItem, reviewer: Reviewer, action: string) {
  const self = isSelfRelated(item, reviewer);
  return {
    id: item.id,
    anchor: `item-${item.id}`,
    action,
    principal: item.principal.label || item.principal.id,
    principalId: item.principal.id,
    kind: item.principal.kind === 'user' ? 'User' : 'Access key',
    name: item.principal.name,
    status: item.principal.status,
    role: item.role,
    where: where(item),
    privileged: item.privileged,
    lastLogin: item.lastLoginSource ? `${item.lastLogin} (${item.lastLoginSource})` : item.lastLogin,
    mfa: item.mfa,
    change: item.change,
    findings: item.findings,
    selfRelated: self,
    justificationHint: self
      ? `Required (at least ${MIN_JUSTIFICATION} characters): you granted or created this.`
      : item.privileged
        ? `Required to keep this privileged role, and for a change (at least ${MIN_JUSTIFICATION} characters).`
        : `Required for a change (at least ${MIN_JUSTIFICATION} characters).`,
  };
}

const decisionText = (state: ItemState | undefined) => {
  if (!state || state.state === 'pending')
    return state?.state === 'pending' && state.rejected
      ? 'rejected by the second level: to decide again'
      : 'pending';
  const d = state.decision;
  return state.state === 'awaiting-approval' ? `${d.outcome}, awaiting approval` : d.outcome;
};

/** The campaign page of one reviewer: what they decide, what they approve, their own access, what is decided. */
export function campaignView(
  loaded: LoadedCampaign,
  reviewer: Reviewer,
  link: (path?: string) => string,
  now: number,
) {
  const { campaign, states } = loaded;
  const open = openItemsOf(campaign, states, reviewer.loginId);
  const action = (item: CampaignItem) => link(`campaigns/${campaign.id}/items/${item.id}`);
  const progress = campaignProgress(campaign, states);
  // Revocations and changes first: they are what the follow-up is about.
  const weight = (i: CampaignItem) => {
    const s = states.get(i.id);
    return s && s.state !== 'pending' && s.decision.outcome !== 'keep' ? 0 : 1;
  };
  const decided = campaign.items
    .filter((i) => states.get(i.id)?.state !== 'pending')
    .sort((a, b) => weight(a) - weight(b));
  const remediation = [...loaded.remediation.values()];
  const count = (state: string) => remediation.filter((e) => e.state === state).length;
  return {
    id: campaign.id,
    scope: scopeLabel(campaign),
    snapshot: `${campaign.snapshot.period} (SHA-256 ${campaign.snapshot.sha256})`,
    due: formatInstant(Date.parse(campaign.dueAt)),
    overdue: Date.parse(campaign.dueAt) < now && !progress.complete,
    progress: `${progress.final} of ${progress.items} items decided${campaign.secondLevel ? ' and approved' : ''}; ${progress.awaitingApproval} awaiting approval; ${progress.pending} pending.`,
    sealed: loaded.sealed,
    remediation:
      remediation.length > 0
        ? `Revocations followed up in Descope's directory and audit trail: ${count('done')} done, ${count('open')} open, ${count('overdue')} overdue, ${count('outside-trail')} outside the audit trail${count('unknown') > 0 ? `, ${count('unknown')} not checked` : ''}.`
        : '',
    secondLevel: campaign.secondLevel !== null,
    decide: open.decide
      .filter((i) => !isOwnAccess(principalOf(i), reviewer))
      .map((i) => itemCard(i, reviewer, action(i))),
    approve: open.approve
      .filter((i) => !isOwnAccess(principalOf(i), reviewer))
      .map((i) => {
        const state = states.get(i.id);
        const d = state?.state === 'awaiting-approval' ? state.decision : undefined;
        return {
          ...itemCard(i, reviewer, action(i)),
          decision: d?.outcome ?? '',
          decidedBy: d?.reviewer.loginId ?? '',
          decidedAt: d ? formatInstant(Date.parse(d.decidedAt)) : '',
          justification: d?.justification ?? '',
          ownDecision: d?.reviewer.userId === reviewer.userId,
        };
      }),
    own: campaign.items
      .filter((i) => isOwnAccess(principalOf(i), reviewer))
      .map((i) => ({ id: i.id, role: i.role, where: where(i), state: decisionText(states.get(i.id)) })),
    decided: decided.map((i) => {
      const state = states.get(i.id);
      const approval = state?.state === 'final' ? state.approval : undefined;
      const remediation = loaded.remediation.get(i.id);
      const final = state?.state === 'final' ? state.decision : undefined;
      return {
        anchor: `decided-${i.id}`,
        principal: i.principal.label || i.principal.id,
        role: i.role,
        where: where(i),
        decision: decisionText(state),
        reviewer: state && state.state !== 'pending' ? state.decision.reviewer.loginId : '',
        approval: approval ? `${approval.reviewer.loginId}` : '',
        remediation: !final ? '' : final.outcome === 'keep' ? 'not needed' : (remediation?.state ?? 'open'),
        remediationDetail: remediation
          ? [remediation.event, remediation.detail].filter(Boolean).join(': ')
          : '',
      };
    }),
  };
}
export type CampaignView = ReturnType<typeof campaignView>;
