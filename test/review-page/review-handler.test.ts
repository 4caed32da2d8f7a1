import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDescopeApiStandIn,
  type DescopeApiStandIn,
} from '../../functions/local/descope-api/descope-api-stand-in.js';
import {
  type SecretsManagerStandIn,
  startSecretsManagerStandIn,
} from '../../functions/local/secrets-manager-stand-in.js';
import { createReviewHandler } from '../../functions/review-page/handler.js';

const PROJECT = 'P2reviewhandler';
const SHORT = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:short';
const GOOD = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:csrf';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

let descope: DescopeApiStandIn;
let secrets: SecretsManagerStandIn;

beforeAll(async () => {
  descope = await createDescopeApiStandIn({ projectId: PROJECT, managementKey: 'K2-unused' });
  secrets = await startSecretsManagerStandIn({ [SHORT]: 'too short', [GOOD]: 'x'.repeat(40) });
});
afterAll(async () => {
  await Promise.all([descope.close(), secrets.close()]);
});

/** The review function's environment as the stack sets it, over the stand-ins. */
const envOf = (secretArn: string) => ({
  DESCOPE_PROJECT_ID: PROJECT,
  DESCOPE_BASE_URL: descope.url,
  REPORT_BUCKET: 'reports-bucket',
  AWS_REGION: 'eu-west-1',
  AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9',
  REVIEW_PAGE_URL: 'https://review.example/prod/review/',
  ATTESTATION_KEY_ARN: 'arn:aws:kms:eu-west-1:111111111111:key/attestation',
  REVIEW_CSRF_SECRET_ARN: secretArn,
});

function handlerOf(secretArn: string) {
  let starts = 0;
  const handler = createReviewHandler(envOf(secretArn), () => {
    starts += 1;
    return {
      secrets: new SecretsManagerClient({ endpoint: secrets.endpoint, region: 'eu-west-1', credentials }),
      kms: new KMSClient({ region: 'eu-west-1', credentials }),
    };
  });
  return { handler, starts: () => starts };
}

const event = (path: string, method = 'GET', headers: Record<string, string> = {}): APIGatewayProxyEvent =>
  ({
    httpMethod: method,
    path,
    headers,
    multiValueQueryStringParameters: null,
    body: null,
    isBase64Encoded: false,
  }) as never;

const session = (token: string) => ({ Cookie: `__Host-review-session=${token}` });

describe('the review Lambda handler over API Gateway events', () => {
  it('answers a plain 500 while the CSRF secret is too short, starting again on each request', async () => {
    const { handler, starts } = handlerOf(SHORT);
    for (let i = 0; i < 2; i++) {
      const result = await handler(event('/'));
      expect(result.statusCode).toBe(500);
      expect(result.body).toBe('The review page could not answer. Try again in a moment.');
      expect(result.body).not.toContain(SHORT);
    }
    expect(starts()).toBe(2);
  });

  it('starts once, then serves the page: the stylesheet, the sign-in page without a session', async () => {
    const { handler, starts } = handlerOf(GOOD);
    expect((await handler(event('/review.css'))).statusCode).toBe(200);
    const home = await handler(event('/'));
    expect(home.statusCode).toBe(401);
    expect(home.body).toContain('Sign in to review access');
    expect(starts()).toBe(1);
  });

  it("validates the session against the project's keys at Descope: a forged one is expired, a signed one is let in", async () => {
    const { handler } = handlerOf(GOOD);
    const now = Math.floor(Date.now() / 1000);
    const forged = await handler(event('/nothing', 'GET', session('eyJhbGciOiJub25lIn0.e30.')));
    expect(forged.statusCode).toBe(401);
    expect(forged.body).toContain('Your session has ended');
    const signed = descope.session.sign({ sub: 'U2reviewer', iat: now, exp: now + 600 });
    const inside = await handler(event('/nothing', 'GET', session(signed)));
    expect(inside.statusCode).toBe(404);
    // A signed-in POST without the form's token is refused, never carried out.
    const signOut = await handler(event('/sign-out', 'POST', session(signed)));
    expect(signOut.statusCode).toBe(403);
    expect(signOut.multiValueHeaders).toEqual({});
  });
});
