import { SignInError } from '../adapters/descope-oidc-client.js';
import { SessionError } from '../adapters/descope-session-validator.js';
import { decideItem, showCampaign } from './review-campaign-routes.js';
import { pageLocation, type ReviewDeps } from './review-context.js';
import { verifiedForm } from './review-csrf.js';
import { showHome } from './review-home.js';
import { type ReviewRequest, type ReviewResponse, redirect, securityHeaders } from './review-http.js';
import { expiredPage, notice, signedOutPage } from './review-pages.js';
import { clearSession, finishSignIn, readSession, startSignIn } from './review-session.js';
import { STYLESHEET } from './review-templates.js';

const CAMPAIGN_PATH = /^\/campaigns\/([^/]+)$/;
const ITEM_PATH = /^\/campaigns\/([^/]+)\/items\/([^/]+)$/;

/**
 * The review page: one function from request to response, the same behind API Gateway and on the
 * local server. Every page but the sign-in, its callback and the stylesheet validates the Descope
 * session with the SDK first; an absent or refused session gets the sign-in page, never data.
 */
export function createReviewApp(deps: ReviewDeps) {
  const location = pageLocation(deps.pageUrl);
  return async (request: ReviewRequest): Promise<ReviewResponse> => {
    const route = `${request.method} ${request.path}`;
    if (route === 'GET /review.css')
      return {
        status: 200,
        headers: {
          ...securityHeaders(deps.secure),
          'content-type': 'text/css; charset=utf-8',
          'cache-control': 'max-age=300',
        },
        cookies: [],
        body: STYLESHEET,
      };
    if (route === 'GET /sign-in') return startSignIn(request, deps);
    if (route === 'GET /callback') {
      try {
        const done = await finishSignIn(request, deps);
        if (done) return done;
      } catch (error) {
        if (!(error instanceof SignInError || error instanceof SessionError)) throw error;
      }
      return notice(deps, 400, 'Sign-in did not finish', 'The sign-in could not be completed. Start again.', {
        signIn: true,
      });
    }
    const here = `${location.basePath.replace(/\/$/, '')}${request.path}`;
    const state = await readSession(request, deps);
    if (state.kind === 'none')
      return request.method === 'GET' ? signedOutPage(deps, here) : signedOutPage(deps);
    if (state.kind === 'invalid') return expiredPage(deps, request.method === 'GET' ? here : undefined);
    const signed = { session: state.session, token: state.token };
    if (route === 'GET /') return showHome(deps, signed);
    if (route === 'POST /sign-out') {
      if (!verifiedForm(request, deps.csrfSecret, state.token, location.origin))
        return notice(
          deps,
          403,
          'Request refused',
          'The form could not be verified. Reload the page and try again.',
        );
      return redirect(location.link(), deps.secure, [clearSession(deps)]);
    }
    const campaign = CAMPAIGN_PATH.exec(request.path);
    if (campaign && request.method === 'GET') return showCampaign(request, deps, signed, campaign[1] ?? '');
    const item = ITEM_PATH.exec(request.path);
    if (item && request.method === 'POST')
      return decideItem(request, deps, signed, item[1] ?? '', item[2] ?? '');
    return notice(deps, 404, 'Not found', 'There is no page at this address.');
  };
}
