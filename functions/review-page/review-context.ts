import type { CampaignStore } from '../adapters/campaign-store.js';
import type { OidcClient } from '../adapters/descope-oidc-client.js';
import type { SessionValidator } from '../adapters/descope-session-validator.js';
import type { ManifestSigner } from '../adapters/manifest-signer.js';

/** Everything the review page works with; the Lambda handler and the local server build it. */
export interface ReviewDeps {
  store: CampaignStore;
  /** Signs decision records: the attestation key (KMS `Sign` in AWS, never a reviewer's key). */
  signer: ManifestSigner;
  sessions: SessionValidator;
  oidc: OidcClient;
  /** Keys the CSRF tokens (a secret of the deployment, at least 32 bytes). */
  csrfSecret: Uint8Array;
  /** The page's public URL, ending in `/` (`https://…/review/`, `http://127.0.0.1:…/`). */
  pageUrl: string;
  /** HTTPS: `Secure` cookies with the `__Host-` prefix, HSTS. */
  secure: boolean;
  clock: () => number;
}

/** The page's URL pieces used to build links and check origins. */
export function pageLocation(pageUrl: string) {
  const url = new URL(pageUrl);
  const basePath = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return {
    origin: url.origin,
    basePath,
    /** A link to `path` (no leading `/`) below the page. */
    link: (path = '') => `${basePath}${path}`,
    callbackUrl: `${url.origin}${basePath}callback`,
  };
}
