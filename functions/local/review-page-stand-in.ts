import { randomBytes } from 'node:crypto';
import { loadLocalKeySigner } from '../adapters/local-key-signer.js';
import { buildReviewDeps } from '../review-page/build-review-deps.js';
import { createReviewApp } from '../review-page/review-app.js';
import { reviewLocalEnvironmentSchema } from '../review-page/review-config.js';
import { parseEnvironment } from '../weekly-report/wiring/config.js';
import { type ReviewServer, startReviewServer } from './review-server.js';

export interface LocalReviewPageOptions {
  /** The local environment's variables (`DESCOPE_*`, `REPORT_BUCKET`, `AWS_*`). */
  env: Record<string, string>;
  /** The attestation key's PEM file (signs the decisions). */
  attestationKeyFile: string;
  /** The page's clock (decisions' time). @default Date.now */
  clock?: () => number;
  /** @default any free port */
  port?: number;
}

/**
 * The review page on loopback, built exactly as the Lambda builds it (same configuration schema
 * but for the key file and the CSRF secret, same app), against the local stand-ins: S3 through
 * s3rver, sessions and sign-in through the Descope stand-in.
 */
export async function startLocalReviewPage(options: LocalReviewPageOptions): Promise<ReviewServer> {
  const signer = await loadLocalKeySigner(options.attestationKeyFile, 'ATTESTATION_SIGNING_KEY_FILE');
  const csrfSecret = randomBytes(32).toString('base64url');
  return startReviewServer((url) => {
    const config = parseEnvironment(reviewLocalEnvironmentSchema, {
      ...options.env,
      REVIEW_PAGE_URL: url,
      ATTESTATION_SIGNING_KEY_FILE: options.attestationKeyFile,
      REVIEW_CSRF_SECRET: csrfSecret,
    });
    const deps = buildReviewDeps(config, signer, Buffer.from(csrfSecret), options.clock, {
      credentials: {
        accessKeyId: options.env.AWS_ACCESS_KEY_ID ?? 'S3RVER',
        secretAccessKey: options.env.AWS_SECRET_ACCESS_KEY ?? 'S3RVER',
      },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    return createReviewApp(deps);
  }, options.port);
}
