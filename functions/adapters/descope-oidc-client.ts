import { ReportJobError } from '../shared/errors.js';

/** The sign-in could not be completed (Descope refused the code, or answered no token). */
export class SignInError extends ReportJobError {
  override name = 'SignInError';
}

/** What the browser is sent to, and what the callback needs to finish. */
export interface AuthorizationRequest {
  redirectUri: string;
  state: string;
  nonce: string;
  /** base64url SHA-256 of the verifier (PKCE S256). */
  codeChallenge: string;
}

/** Port: Descope as the OpenID Connect provider of the project (hosted sign-in flow). */
export interface OidcClient {
  authorizeUrl(request: AuthorizationRequest): string;
  /** Exchanges the code for the session token (the OIDC access token, a Descope session JWT). */
  exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<string>;
}

export interface DescopeOidcOptions {
  projectId: string;
  /** @default https://api.descope.com */
  baseUrl?: string;
  timeoutMs: number;
}

/**
 * Descope's OIDC endpoints (`/oauth2/v1/authorize`, `/oauth2/v1/token`) with the project ID as the
 * client ID and PKCE (S256) instead of a client secret: the review page holds no secret for
 * sign-in. The hosted flow runs on Descope's side; the page itself carries no script.
 */
export function createDescopeOidcClient(options: DescopeOidcOptions): OidcClient {
  const base = (options.baseUrl ?? 'https://api.descope.com').replace(/\/$/, '');
  return {
    authorizeUrl(request) {
      const url = new URL(`${base}/oauth2/v1/authorize`);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: options.projectId,
        redirect_uri: request.redirectUri,
        scope: 'openid',
        state: request.state,
        nonce: request.nonce,
        code_challenge: request.codeChallenge,
        code_challenge_method: 'S256',
      }).toString();
      return url.href;
    },
    async exchangeCode(code, redirectUri, codeVerifier) {
      let answer: Response;
      try {
        answer = await fetch(`${base}/oauth2/v1/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            client_id: options.projectId,
            code,
            redirect_uri: redirectUri,
            code_verifier: codeVerifier,
          }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        throw new SignInError('Descope could not be reached to finish the sign-in', { cause: error });
      }
      const body = (await answer.json().catch(() => undefined)) as { access_token?: unknown } | undefined;
      if (!answer.ok || typeof body?.access_token !== 'string')
        throw new SignInError(`Descope refused the sign-in (HTTP ${answer.status})`);
      return body.access_token;
    },
  };
}
