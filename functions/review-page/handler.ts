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

/** The AWS clients the page starts with; tests hand in clients for the stand-ins. */
export interface ReviewAwsClients {
  secrets: SecretsManagerClient;
  kms: KMSClient;
}

/** Built once per container: configuration, the CSRF secret, the KMS signer, the SDK's key cache. */
async function start(env: Record<string, string | undefined>, clients: () => ReviewAwsClients) {
  const config = parseEnvironment(reviewLambdaEnvironmentSchema, env);
  const { secrets, kms } = clients();
  const secret = await secrets.send(new GetSecretValueCommand({ SecretId: config.REVIEW_CSRF_SECRET_ARN }));
  if (!secret.SecretString || secret.SecretString.length < 32)
    throw new ConfigError(`The CSRF secret ${config.REVIEW_CSRF_SECRET_ARN} holds fewer than 32 characters`);
  const signer = createKmsManifestSigner(kms, config.ATTESTATION_KEY_ARN);
  return createReviewApp(buildReviewDeps(config, signer, Buffer.from(secret.SecretString, 'utf8')));
}

/**
 * The review page behind API Gateway, over `env`. A failure is logged once (never the request: it
 * carries the session cookie) and answered with a plain 500; a failed start is tried again on the
 * next request.
 */
export function createReviewHandler(
  env: Record<string, string | undefined>,
  clients: () => ReviewAwsClients = () => ({ secrets: new SecretsManagerClient({}), kms: new KMSClient({}) }),
): (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> {
  let app: ReturnType<typeof start> | undefined;
  return async (event) => {
    try {
      app ??= start(env, clients).catch((error: unknown) => {
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
  };
}

/** The Lambda entry point: the page over the function's environment. */
export const handler = createReviewHandler(process.env);
