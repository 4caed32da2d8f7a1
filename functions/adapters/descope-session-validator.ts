import DescopeClient from '@descope/node-sdk';
import { ReportJobError } from '../shared/errors.js';
import { createTimedFetch } from './descope-timed-fetch.js';

/** The session did not validate: expired, not signed by the project's key, or not a JWT at all. */
export class SessionError extends ReportJobError {
  override name = 'SessionError';
}

/** What a validated Descope session says about the person behind it. */
export interface ValidatedSession {
  /** The Descope user ID (`sub`). */
  userId: string;
  /** Epoch seconds (`iat`, `exp`). */
  issuedAt: number;
  expiresAt: number;
}

/** Port: validates a Descope session token against the project's keys. */
export interface SessionValidator {
  validate(sessionToken: string): Promise<ValidatedSession>;
}

export interface DescopeSessionOptions {
  projectId: string;
  /** Regional host, custom domain or the local stand-in. @default the SDK's */
  baseUrl?: string;
  timeoutMs: number;
}

/**
 * `@descope/node-sdk`'s `validateSession`: the token's signature against the project's public keys
 * (`GET /v2/keys/<projectId>`, fetched once and cached by the client), its expiry (5 s tolerance) and
 * its issuer (the project). The client holds no management key and gets no logger. Every failure
 * becomes one `SessionError` whose message never carries the token.
 */
export function createDescopeSessionValidator(options: DescopeSessionOptions): SessionValidator {
  const client = DescopeClient({
    projectId: options.projectId,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    fetch: createTimedFetch(options.timeoutMs, 'session key'),
  });
  return {
    async validate(sessionToken) {
      let token: Record<string, unknown>;
      try {
        token = (await client.validateSession(sessionToken)).token as Record<string, unknown>;
      } catch {
        throw new SessionError('The Descope session is expired or not valid');
      }
      const { sub, iat, exp } = token;
      if (typeof sub !== 'string' || sub === '' || typeof exp !== 'number')
        throw new SessionError('The Descope session names no user');
      return { userId: sub, issuedAt: typeof iat === 'number' ? iat : 0, expiresAt: exp };
    },
  };
}
