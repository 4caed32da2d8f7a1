import { loadCampaign } from '../campaigns/load-campaign.js';
import { trustedKeysOf } from '../campaigns/record-decision.js';
import { parseCampaign } from '../core/access/campaign.js';
import { CAMPAIGNS_PREFIX } from '../core/access/campaign-files.js';
import { openItemsOf } from '../core/access/campaign-progress.js';
import { scopeLabel } from '../core/access/campaign-summary.js';
import { formatInstant } from '../core/view/format.js';
import type { Signed } from './review-campaign-routes.js';
import { pageLocation, type ReviewDeps } from './review-context.js';
import { htmlResponse, type ReviewResponse } from './review-http.js';
import { frameOf } from './review-pages.js';
import { type HomeView, renderHome } from './review-templates.js';

/** `GET /`: the campaigns naming the signed-in user as a reviewer, newest first, with what is left. */
export async function showHome(deps: ReviewDeps, signed: Signed): Promise<ReviewResponse> {
  const location = pageLocation(deps.pageUrl);
  const keys = (await deps.store.list(CAMPAIGNS_PREFIX)).filter((k) =>
    /^access\/campaigns\/[^/]+\/campaign\.json$/.test(k),
  );
  const rows: HomeView['campaigns'] = [];
  let me = { loginId: '', userId: signed.session.userId };
  const trusted = await trustedKeysOf(deps);
  for (const key of keys.reverse()) {
    const bytes = await deps.store.get(key);
    const parsed = bytes ? parseCampaign(bytes) : undefined;
    if (!parsed?.ok) continue;
    const { campaign } = parsed;
    const reviewer =
      campaign.reviewers.find((r) => r.userId === signed.session.userId) ??
      campaign.secondLevel?.reviewers.find((r) => r.userId === signed.session.userId);
    if (!reviewer) continue;
    me = reviewer;
    const loaded = await loadCampaign(deps.store, campaign.id, trusted);
    const open = openItemsOf(campaign, loaded.states, reviewer.loginId);
    rows.push({
      id: campaign.id,
      href: location.link(`campaigns/${campaign.id}`),
      scope: scopeLabel(campaign),
      due: formatInstant(Date.parse(campaign.dueAt)),
      decide: open.decide.length,
      approve: open.approve.length,
      state: loaded.sealed ? 'sealed' : 'open',
    });
  }
  const frame = frameOf(deps, 'Your access reviews', { reviewer: me, token: signed.token });
  return htmlResponse(200, renderHome({ frame, campaigns: rows }), deps.secure);
}
