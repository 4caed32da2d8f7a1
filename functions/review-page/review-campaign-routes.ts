import type { ValidatedSession } from '../adapters/descope-session-validator.js';
import { CampaignError, loadCampaign } from '../campaigns/load-campaign.js';
import { recordDecision, trustedKeysOf } from '../campaigns/record-decision.js';
import type { Reviewer } from '../core/access/campaign.js';
import { CAMPAIGN_ID, ITEM_ID } from '../core/access/campaign-files.js';
import type { Refusal } from '../core/access/decision-rules.js';
import { decisionFormSchema } from './decision-form.js';
import { pageLocation, type ReviewDeps } from './review-context.js';
import { verifiedForm } from './review-csrf.js';
import { htmlResponse, type ReviewRequest, type ReviewResponse, redirect } from './review-http.js';
import { frameOf, notice } from './review-pages.js';
import { renderCampaign } from './review-templates.js';
import { campaignView, type PageFrame } from './review-views.js';

/** A signed-in request: the validated session and its token. */
export interface Signed {
  session: ValidatedSession;
  token: string;
}

const REFUSAL_STATUS: Record<Refusal['kind'], number> = {
  sealed: 409,
  state: 409,
  'not-a-reviewer': 403,
  'self-review': 403,
  'same-reviewer': 403,
  justification: 422,
};

/** The reviewer the session's user is on this campaign, at either level; `undefined`: not on it. */
function reviewerOn(loaded: Awaited<ReturnType<typeof loadCampaign>>, userId: string): Reviewer | undefined {
  const { campaign } = loaded;
  return (
    campaign.reviewers.find((r) => r.userId === userId) ??
    campaign.secondLevel?.reviewers.find((r) => r.userId === userId)
  );
}

async function load(deps: ReviewDeps, id: string, signed: Signed) {
  if (!CAMPAIGN_ID.test(id))
    return { refused: notice(deps, 404, 'No such campaign', 'There is no campaign at this address.') };
  try {
    const loaded = await loadCampaign(deps.store, id, await trustedKeysOf(deps));
    const reviewer = reviewerOn(loaded, signed.session.userId);
    if (!reviewer)
      return {
        refused: notice(
          deps,
          403,
          'Not a reviewer of this campaign',
          `Your Descope user (${signed.session.userId}) is not a reviewer of campaign ${id}.`,
        ),
      };
    return { loaded, reviewer };
  } catch (error) {
    if (error instanceof CampaignError)
      return { refused: notice(deps, 404, 'No such campaign', 'There is no campaign at this address.') };
    throw error;
  }
}

function page(
  deps: ReviewDeps,
  status: number,
  signed: Signed,
  loaded: NonNullable<Awaited<ReturnType<typeof load>>['loaded']>,
  reviewer: Reviewer,
  message: PageFrame['message'],
): ReviewResponse {
  const location = pageLocation(deps.pageUrl);
  const frame = frameOf(deps, `Campaign ${loaded.campaign.id}`, { reviewer, token: signed.token }, message);
  const campaign = campaignView(loaded, reviewer, location.link, deps.clock());
  return htmlResponse(status, renderCampaign({ frame, campaign }), deps.secure);
}

/** `GET campaigns/<id>`: the reviewer's items, approvals, own access and what is decided. */
export async function showCampaign(
  request: ReviewRequest,
  deps: ReviewDeps,
  signed: Signed,
  id: string,
): Promise<ReviewResponse> {
  const found = await load(deps, id, signed);
  if (!found.loaded) return found.refused;
  const saved = request.query.get('saved');
  const message = saved && ITEM_ID.test(saved) ? { ok: true, text: 'Decision recorded and signed.' } : null;
  return page(deps, 200, signed, found.loaded, found.reviewer, message);
}

/**
 * `POST campaigns/<id>/items/<item>`: CSRF and origin checked, the form validated, then the
 * decision recorded by the shared use case (the same rules as `npm run attest`). A refusal
 * re-renders the page with the reason; success redirects back (POST-redirect-GET).
 */
export async function decideItem(
  request: ReviewRequest,
  deps: ReviewDeps,
  signed: Signed,
  id: string,
  itemId: string,
): Promise<ReviewResponse> {
  const location = pageLocation(deps.pageUrl);
  const form = verifiedForm(request, deps.csrfSecret, signed.token, location.origin);
  if (!form)
    return notice(
      deps,
      403,
      'Request refused',
      'The form could not be verified (it did not come from this page, or it expired). Reload the page and try again.',
    );
  const found = await load(deps, id, signed);
  if (!found.loaded) return found.refused;
  const parsed = decisionFormSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success || !ITEM_ID.test(itemId))
    return page(deps, 422, signed, found.loaded, found.reviewer, {
      ok: false,
      text: 'Choose a decision for the item.',
    });
  const result = await recordDecision(
    deps,
    {
      campaignId: id,
      itemId,
      reviewer: found.reviewer,
      source: 'review-page',
      session: { issuedAt: signed.session.issuedAt, expiresAt: signed.session.expiresAt },
      request: parsed.data,
      now: deps.clock(),
    },
    found.loaded,
  );
  if (!result.ok)
    return page(deps, REFUSAL_STATUS[result.refusal.kind], signed, found.loaded, found.reviewer, {
      ok: false,
      text: result.refusal.reason,
    });
  return redirect(`${location.link(`campaigns/${id}`)}?saved=${itemId}`, deps.secure);
}
