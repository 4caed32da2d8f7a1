import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { formOf, type ReviewRequest } from './review-http.js';

/**
 * The CSRF token of a session: an HMAC of the session token's hash under the page's secret. It is
 * put in every form and checked on every POST; a cross-site form cannot know it (the session
 * cookie is HttpOnly), and it changes with every sign-in.
 */
export function csrfTokenOf(secret: Uint8Array, sessionToken: string): string {
  const session = createHash('sha256').update(sessionToken).digest('hex');
  return createHmac('sha256', secret).update(`review-csrf:${session}`).digest('base64url');
}

/**
 * A POST passes when its form carries the session's token and, where the browser says where it
 * came from (`Origin`, `Sec-Fetch-Site`), it came from the page itself.
 */
export function isSameSitePost(
  request: ReviewRequest,
  form: URLSearchParams,
  expected: string,
  pageOrigin: string,
): boolean {
  const origin = request.headers.get('origin');
  if (origin && origin !== 'null' && origin !== pageOrigin) return false;
  if (origin === 'null') return false;
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return false;
  const given = Buffer.from(form.get('csrf') ?? '');
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * The form of a POST that passes {@link isSameSitePost} for the session `sessionToken`;
 * `undefined` when the request carries no form or it does not pass.
 */
export function verifiedForm(
  request: ReviewRequest,
  secret: Uint8Array,
  sessionToken: string,
  pageOrigin: string,
): URLSearchParams | undefined {
  const form = formOf(request);
  return form && isSameSitePost(request, form, csrfTokenOf(secret, sessionToken), pageOrigin)
    ? form
    : undefined;
}
