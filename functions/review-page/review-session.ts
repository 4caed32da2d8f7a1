import { createHash, randomBytes } from 'node:crypto';
import { SessionError, type ValidatedSession } from '../adapters/descope-session-validator.js';
import type { ReviewDeps } from './review-context.js';
import { pageLocation } from './review-context.js';
import {
  cookieNames,
  type ReviewRequest,
  type ReviewResponse,
  redirect,
  serializeCookie,
} from './review-http.js';

/** A request's session: validated, absent, or present but refused (expired, forged). */
export type SessionState =
  | { kind: 'valid'; session: ValidatedSession; token: string }
  | { kind: 'none' }
  | { kind: 'invalid' };

/** Validates the session cookie with the Descope SDK, on every request. */
export async function readSession(request: ReviewRequest, deps: ReviewDeps): Promise<SessionState> {
  const token = request.cookies.get(cookieNames(deps.secure).session);
  if (!token) return { kind: 'none' };
  try {
    return { kind: 'valid', session: await deps.sessions.validate(token), token };
  } catch (error) {
    if (error instanceof SessionError) return { kind: 'invalid' };
    throw error;
  }
}

/** The cookie that removes the session. */
export const clearSession = (deps: ReviewDeps) =>
  serializeCookie(cookieNames(deps.secure).session, '', { secure: deps.secure, maxAge: 0 });

interface PendingSignIn {
  state: string;
  verifier: string;
  nonce: string;
  returnTo: string;
}

const SIGN_IN_TTL_SECONDS = 600;
const random = () => randomBytes(32).toString('base64url');

/** Only a path of the page itself may be returned to after sign-in. */
function safeReturn(path: string | null, basePath: string): string {
  if (!path?.startsWith(basePath) || path.startsWith('//') || /[\\\s]/.test(path)) return basePath;
  return path;
}

/**
 * `GET sign-in`: a fresh state, nonce and PKCE verifier kept in a short-lived HttpOnly cookie, and
 * a redirect to Descope's hosted sign-in (the OIDC authorize endpoint).
 */
export function startSignIn(request: ReviewRequest, deps: ReviewDeps): ReviewResponse {
  const location = pageLocation(deps.pageUrl);
  const pending: PendingSignIn = {
    state: random(),
    verifier: random(),
    nonce: random(),
    returnTo: safeReturn(request.query.get('return'), location.basePath),
  };
  const cookie = serializeCookie(
    cookieNames(deps.secure).signIn,
    Buffer.from(JSON.stringify(pending)).toString('base64url'),
    { secure: deps.secure, maxAge: SIGN_IN_TTL_SECONDS },
  );
  const target = deps.oidc.authorizeUrl({
    redirectUri: location.callbackUrl,
    state: pending.state,
    nonce: pending.nonce,
    codeChallenge: createHash('sha256').update(pending.verifier).digest('base64url'),
  });
  return redirect(target, deps.secure, [cookie], 302);
}

function readPending(request: ReviewRequest, deps: ReviewDeps): PendingSignIn | undefined {
  const raw = request.cookies.get(cookieNames(deps.secure).signIn);
  if (!raw) return undefined;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<PendingSignIn>;
    const fields = [value.state, value.verifier, value.nonce, value.returnTo];
    return fields.every((f) => typeof f === 'string' && f.length > 0) ? (value as PendingSignIn) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `GET callback`: the state must be the one this browser started with; the code is exchanged for
 * the session token, which is validated before it becomes the session cookie (lifetime: the
 * token's own). `undefined` when the sign-in cannot finish (the caller shows why).
 */
export async function finishSignIn(
  request: ReviewRequest,
  deps: ReviewDeps,
): Promise<ReviewResponse | undefined> {
  const pending = readPending(request, deps);
  const code = request.query.get('code');
  if (!pending || !code || request.query.get('state') !== pending.state) return undefined;
  const location = pageLocation(deps.pageUrl);
  const token = await deps.oidc.exchangeCode(code, location.callbackUrl, pending.verifier);
  const session = await deps.sessions.validate(token);
  const names = cookieNames(deps.secure);
  const maxAge = session.expiresAt - Math.floor(deps.clock() / 1000);
  return redirect(pending.returnTo, deps.secure, [
    serializeCookie(names.session, token, { secure: deps.secure, maxAge }),
    serializeCookie(names.signIn, '', { secure: deps.secure, maxAge: 0 }),
  ]);
}
