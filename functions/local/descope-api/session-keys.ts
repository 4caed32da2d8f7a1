import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

/** The claims of a session token this stand-in signs (Descope's session JWT shape). */
export interface SessionClaims {
  sub: string;
  iss: string;
  /** Epoch seconds. */
  iat: number;
  exp: number;
  [claim: string]: unknown;
}

/** The project's signing key, as Descope publishes it at `GET /v2/keys/<projectId>`. */
export interface SessionKeys {
  /** `{ keys: [ { kty, n, e, kid, alg, use } ] }` */
  readonly jwks: { keys: Array<Record<string, unknown>> };
  /** Signs claims as an RS256 JWT with the key's `kid`. */
  signToken(claims: SessionClaims): string;
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/**
 * An RSA key pair made when the stand-in first needs it (Descope signs session tokens with RS256
 * and publishes the public keys by `kid`); most runs of the stand-in never sign a session, and a
 * 2048-bit key takes a noticeable moment to make. Tokens are signed with node's crypto: nothing
 * here trusts or parses a token; the code under test validates them with the Descope SDK.
 */
export function createSessionKeys(privateKey?: KeyObject): SessionKeys {
  let made: { key: KeyObject; kid: string; jwks: SessionKeys['jwks'] } | undefined;
  const keyPair = () => {
    if (made) return made;
    const key = privateKey ?? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const publicJwk = key.export({ format: 'jwk' });
    const kid = `K${createHash('sha256').update(String(publicJwk.n)).digest('hex').slice(0, 24)}`;
    const jwk = { kty: 'RSA', n: publicJwk.n, e: publicJwk.e, kid, alg: 'RS256', use: 'sig' };
    made = { key, kid, jwks: { keys: [jwk] } };
    return made;
  };
  return {
    get jwks() {
      return keyPair().jwks;
    },
    signToken(claims) {
      const { key, kid } = keyPair();
      const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
      const payload = base64url(JSON.stringify(claims));
      const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), key);
      return `${header}.${payload}.${base64url(signature)}`;
    },
  };
}
