import type { Reviewer } from '../core/access/campaign.js';
import { pageLocation, type ReviewDeps } from './review-context.js';
import { csrfTokenOf } from './review-csrf.js';
import { htmlResponse, type ReviewResponse } from './review-http.js';
import { clearSession } from './review-session.js';
import { renderNotice } from './review-templates.js';
import type { PageFrame } from './review-views.js';

/** The frame of a page for a signed-in reviewer (or nobody). */
export function frameOf(
  deps: ReviewDeps,
  title: string,
  signedIn?: { reviewer: Pick<Reviewer, 'loginId' | 'userId'>; token: string },
  message: PageFrame['message'] = null,
): PageFrame {
  const location = pageLocation(deps.pageUrl);
  return {
    title,
    base: location.link(),
    stylesheet: location.link('review.css'),
    signedIn: signedIn ? { loginId: signedIn.reviewer.loginId, userId: signedIn.reviewer.userId } : null,
    csrf: signedIn ? csrfTokenOf(deps.csrfSecret, signedIn.token) : '',
    message,
  };
}

/** A page that says one thing (signed out, expired, refused), with a sign-in link where it helps. */
export function notice(
  deps: ReviewDeps,
  status: number,
  heading: string,
  text: string,
  options: { signIn?: boolean; clear?: boolean; returnTo?: string } = {},
): ReviewResponse {
  const location = pageLocation(deps.pageUrl);
  const signInHref = options.signIn
    ? `${location.link('sign-in')}${options.returnTo ? `?return=${encodeURIComponent(options.returnTo)}` : ''}`
    : '';
  const body = renderNotice({ frame: frameOf(deps, heading), heading, text, signInHref });
  return htmlResponse(status, body, deps.secure, options.clear ? [clearSession(deps)] : []);
}

export const signedOutPage = (deps: ReviewDeps, returnTo?: string) =>
  notice(deps, 401, 'Sign in to review access', 'Reviewers sign in with their Descope account.', {
    signIn: true,
    ...(returnTo ? { returnTo } : {}),
  });

export const expiredPage = (deps: ReviewDeps, returnTo?: string) =>
  notice(
    deps,
    401,
    'Your session has ended',
    'Your session has expired or is not valid. Sign in again to continue.',
    {
      signIn: true,
      clear: true,
      ...(returnTo ? { returnTo } : {}),
    },
  );
