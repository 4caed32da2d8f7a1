import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StandInDirectory } from './directory-search-handler.js';
import { renderSignInPage } from './oidc-sign-in-page.js';
import type { SessionKeys } from './session-keys.js';

/** What the session routes need from the stand-in. */
export interface SessionRouteState {
  projectId: string;
  keys: SessionKeys;
  /** The stand-in's own URL (the tokens' issuer is `<url>/<projectId>`). */
  url: () => string;
  /** Users who may sign in: the directory's enabled users. */
  directory: () => StandInDirectory;
  /** Session token lifetime in seconds. */
  sessionTtlSeconds: () => number;
}

interface PendingCode {
  userId: string;
  loginId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string;
  expiresAt: number;
}

const MAX_FORM_BYTES = 16_384;
const CODE_TTL_MS = 60_000;

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    length += (chunk as Buffer).length;
    if (length > MAX_FORM_BYTES) return new URLSearchParams();
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const send = (
  response: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
) => {
  response.writeHead(status, {
    'content-type': type,
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(body);
};
const json = (response: ServerResponse, status: number, body: unknown) =>
  send(response, status, 'application/json', JSON.stringify(body));
const oauthError = (response: ServerResponse, error: string, description: string) =>
  json(response, 400, { error, error_description: description });

const AUTHORIZE_FIELDS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
];

/**
 * Descope's session endpoints, as a browser and a server meet them: the project's public keys
 * (`GET /v2/keys/<projectId>`, which the node SDK's `validateSession` fetches, and the OIDC
 * `/<projectId>/.well-known/jwks.json`), and the OIDC authorization-code flow with PKCE
 * (`/oauth2/v1/authorize`, `/oauth2/v1/token`) behind a sign-in form standing in for the hosted
 * flow. Tokens carry real time (`iat`, `exp`): the SDK checks them against the clock.
 */
export function createSessionRoutes(state: SessionRouteState) {
  const codes = new Map<string, PendingCode>();
  const issuer = () => `${state.url()}/${state.projectId}`;

  function authorizeParams(query: URLSearchParams): { params: Map<string, string> } | { error: string } {
    const params = new Map(AUTHORIZE_FIELDS.map((f) => [f, query.get(f) ?? '']));
    if (params.get('response_type') !== 'code') return { error: 'response_type must be code' };
    if (params.get('client_id') !== state.projectId) return { error: 'client_id must be the project ID' };
    if (!/^https?:\/\//.test(params.get('redirect_uri') ?? '')) return { error: 'redirect_uri is required' };
    if (params.get('code_challenge_method') !== 'S256' || !params.get('code_challenge'))
      return { error: 'PKCE with S256 is required' };
    return { params };
  }

  function signIn(form: URLSearchParams, response: ServerResponse) {
    const checked = authorizeParams(form);
    if ('error' in checked) return oauthError(response, 'invalid_request', checked.error);
    const loginId = (form.get('login_id') ?? '').trim().toLowerCase();
    const user = state
      .directory()
      .users.find((u) => u.status === 'enabled' && u.loginIds.some((l) => l.toLowerCase() === loginId));
    if (!user)
      return send(
        response,
        200,
        'text/html; charset=utf-8',
        renderSignInPage(checked.params, 'No such user, or the user is disabled.'),
      );
    const code = randomBytes(24).toString('base64url');
    const p = checked.params;
    codes.set(code, {
      userId: user.userId,
      loginId: user.loginIds[0] ?? loginId,
      redirectUri: p.get('redirect_uri') ?? '',
      codeChallenge: p.get('code_challenge') ?? '',
      nonce: p.get('nonce') ?? '',
      expiresAt: Date.now() + CODE_TTL_MS,
    });
    const target = new URL(p.get('redirect_uri') ?? '');
    target.searchParams.set('code', code);
    if (p.get('state')) target.searchParams.set('state', p.get('state') ?? '');
    send(response, 302, 'text/plain', '', { location: target.href });
  }

  function token(form: URLSearchParams, response: ServerResponse) {
    if (form.get('grant_type') !== 'authorization_code')
      return oauthError(response, 'unsupported_grant_type', 'authorization_code only');
    if (form.get('client_id') !== state.projectId)
      return oauthError(response, 'invalid_client', 'client_id must be the project ID');
    const code = form.get('code') ?? '';
    const pending = codes.get(code);
    codes.delete(code);
    if (!pending || pending.expiresAt < Date.now())
      return oauthError(response, 'invalid_grant', 'unknown or expired code');
    if (pending.redirectUri !== form.get('redirect_uri'))
      return oauthError(response, 'invalid_grant', 'redirect_uri differs');
    const challenge = createHash('sha256')
      .update(form.get('code_verifier') ?? '')
      .digest('base64url');
    if (challenge !== pending.codeChallenge)
      return oauthError(response, 'invalid_grant', 'code_verifier does not match');
    const iat = Math.floor(Date.now() / 1000);
    const ttl = state.sessionTtlSeconds();
    json(response, 200, {
      token_type: 'Bearer',
      expires_in: ttl,
      access_token: state.keys.signToken({
        sub: pending.userId,
        iss: issuer(),
        iat,
        exp: iat + ttl,
        drn: 'DS',
      }),
      id_token: state.keys.signToken({
        sub: pending.userId,
        iss: issuer(),
        aud: state.projectId,
        iat,
        exp: iat + ttl,
        nonce: pending.nonce,
        email: pending.loginId,
      }),
    });
  }

  /** Answers the request when it is a session route; `false` leaves it to the management API. */
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const route = `${request.method} ${url.pathname}`;
    if (
      route === `GET /v2/keys/${state.projectId}` ||
      route === `GET /${state.projectId}/.well-known/jwks.json`
    ) {
      json(response, 200, state.keys.jwks);
      return true;
    }
    if (route === 'GET /oauth2/v1/authorize') {
      const checked = authorizeParams(url.searchParams);
      if ('error' in checked) oauthError(response, 'invalid_request', checked.error);
      else send(response, 200, 'text/html; charset=utf-8', renderSignInPage(checked.params));
      return true;
    }
    if (route === 'POST /oauth2/v1/authorize') {
      signIn(await readForm(request), response);
      return true;
    }
    if (route === 'POST /oauth2/v1/token') {
      token(await readForm(request), response);
      return true;
    }
    return false;
  };
}
