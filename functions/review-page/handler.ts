import { KMSClient } from '@aws-sdk/client-kms';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createKmsManifestSigner } from '../adapters/kms-manifest-signer.js';
import { ConfigError } from '../shared/errors.js';
import { logger } from '../shared/powertools/logger.js';
import { parseEnvironment } from '../weekly-report/wiring/config.js';
import { requestOfEvent, resultOfResponse } from './api-gateway-request.js';
import { buildReviewDeps } from './build-review-deps.js';
import { createReviewApp } from './review-app.js';
import { reviewLambdaEnvironmentSchema } from './review-config.js';

/** Built once per container: configuration, the CSRF secret, the KMS signer, the SDK's key cache. */
async function start() {
  const config = parseEnvironment(reviewLambdaEnvironmentSchema, process.env);
  const secret = await new SecretsManagerClient({}).send(
    new GetSecretValueCommand({ SecretId: config.REVIEW_CSRF_SECRET_ARN }),
  );
  if (!secret.SecretString || secret.SecretString.length < 32)
    throw new ConfigError(`The CSRF secret ${config.REVIEW_CSRF_SECRET_ARN} holds fewer than 32 characters`);
  const signer = createKmsManifestSigner(new KMSClient({}), config.ATTESTATION_KEY_ARN);
  return createReviewApp(buildReviewDeps(config, signer, Buffer.from(secret.SecretString, 'utf8')));
}

let app: ReturnType<typeof start> | undefined;

/**
 * The review page behind API Gateway. A failure is logged once (never the request: it carries the
 * session cookie) and answered with a plain 500; a failed start is tried again on the next request.
 */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  try {
    app ??= start().catch((error: unknown) => {
      app = undefined;
      throw error;
    });
    return resultOfResponse(await (await app)(requestOfEvent(event)));
  } catch (error) {
    logger.error('Review page request failed', { error, path: event.path, method: event.httpMethod });
    return {
      statusCode: 500,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
      body: 'The review page could not answer. Try again in a moment.',
    };
  }
}
