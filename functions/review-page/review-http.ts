/** A request to the review page, whatever carried it (API Gateway, the local server). */
export interface ReviewRequest {
  method: string;
  /** Path below the page's base path, starting with `/`. */
  path: string;
  query: URLSearchParams;
  /** Header names in lower case. */
  headers: ReadonlyMap<string, string>;
  cookies: ReadonlyMap<string, string>;
  /** The raw body (forms are `application/x-www-form-urlencoded`). */
  body: string;
}

export interface ReviewResponse {
  status: number;
  headers: Record<string, string>;
  /** `Set-Cookie` values, one each. */
  cookies: string[];
  body: string;
}

/**
 * Served with every answer. No script may run (the page has none), styles only from the page's own
 * stylesheet, forms only to the page, never framed; nothing is cached. The referrer stays on the
 * page's own origin (`no-referrer` would make the browser send `Origin: null` with the page's own
 * forms, which the CSRF check refuses).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function securityHeaders(secure: boolean): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'cache-control': 'no-store',
    ...(secure ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/** Parses a `Cookie` header; a name seen twice keeps its first value (the most specific path). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(at + 1).trim());
  }
  return cookies;
}

export interface CookieOptions {
  secure: boolean;
  /** Seconds; 0 deletes the cookie. */
  maxAge: number;
}

/** A `Set-Cookie` value: HttpOnly, SameSite=Lax (the sign-in callback arrives from Descope), Path=/. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  return [
    `${name}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${Math.max(0, Math.floor(options.maxAge))}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

/** Cookie names: `__Host-` ones need HTTPS, which the local server does not have. */
export const cookieNames = (secure: boolean) => ({
  session: secure ? '__Host-review-session' : 'review-session',
  signIn: secure ? '__Host-review-sign-in' : 'review-sign-in',
});

export function htmlResponse(
  status: number,
  body: string,
  secure: boolean,
  cookies: string[] = [],
): ReviewResponse {
  return {
    status,
    headers: { ...securityHeaders(secure), 'content-type': 'text/html; charset=utf-8' },
    cookies,
    body,
  };
}

export function redirect(
  location: string,
  secure: boolean,
  cookies: string[] = [],
  status = 303,
): ReviewResponse {
  return { status, headers: { ...securityHeaders(secure), location }, cookies, body: '' };
}

/** Most bytes a form may hold (a justification is at most 2,000 characters). */
export const MAX_FORM_BYTES = 16_384;

/** The form fields of a POST, or `undefined` when the body is not a form of sensible size. */
export function formOf(request: ReviewRequest): URLSearchParams | undefined {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return undefined;
  if (Buffer.byteLength(request.body) > MAX_FORM_BYTES) return undefined;
  return new URLSearchParams(request.body);
}
