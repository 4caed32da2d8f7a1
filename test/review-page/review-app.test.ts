import { generateKeyPairSync } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { SignInError } from '../../functions/adapters/descope-oidc-client.js';
import { SessionError } from '../../functions/adapters/descope-session-validator.js';
import { createLocalKeySigner } from '../../functions/adapters/local-key-signer.js';
import { renderCampaign } from '../../functions/core/access/campaign.js';
import { campaignKeys } from '../../functions/core/access/campaign-files.js';
import { requestOfEvent, resultOfResponse } from '../../functions/review-page/api-gateway-request.js';
import { createReviewApp } from '../../functions/review-page/review-app.js';
import type { ReviewDeps } from '../../functions/review-page/review-context.js';
import { csrfTokenOf } from '../../functions/review-page/review-csrf.js';
import { NOW } from '../core/access/access-builders.js';
import { demoCampaign } from '../core/access/campaign-builders.js';
import { inMemoryCampaignStore } from '../support/in-memory-campaign-store.js';

const SECRET = Buffer.from('0123456789abcdef0123456789abcdef');
const PAGE = 'https://review.example/prod/review/';
/** Session tokens the fake validator knows, by the user they name. */
const TOKENS = new Map([
  ['token-carol', 'carol'],
  ['token-dave', 'dave'],
  ['token-stranger', 'stranger'],
]);

function setUp(options: { exchange?: (code: string) => Promise<string>; failValidation?: Error } = {}) {
  const memory = inMemoryCampaignStore();
  const campaign = demoCampaign();
  memory.objects.set(campaignKeys(campaign.id).campaign, Buffer.from(renderCampaign(campaign)));
  // Not a campaign file and a campaign that does not parse: both are passed over on the home page.
  memory.objects.set('access/campaigns/2026-W49-project/notes.txt', Buffer.from('x'));
  memory.objects.set('access/campaigns/2026-W50-project/campaign.json', Buffer.from('{"not":"a campaign"}'));
  const deps: ReviewDeps = {
    store: memory.campaigns,
    signer: createLocalKeySigner(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey),
    sessions: {
      async validate(token) {
        if (options.failValidation) throw options.failValidation;
        const userId = TOKENS.get(token);
        if (!userId) throw new SessionError('The Descope session is expired or not valid');
        return { userId, issuedAt: NOW / 1000 - 60, expiresAt: NOW / 1000 + 600 };
      },
    },
    oidc: {
      authorizeUrl: (r) => `https://descope.example/authorize?state=${r.state}&redirect=${r.redirectUri}`,
      exchangeCode: options.exchange ?? (async () => 'token-carol'),
    },
    csrfSecret: SECRET,
    pageUrl: PAGE,
    secure: true,
    clock: () => NOW,
  };
  const app = createReviewApp(deps);
  return { app, campaign, memory };
}

/** An API Gateway REST proxy event, as the handler gets it. */
function event(partial: Partial<APIGatewayProxyEvent> & { path: string }): APIGatewayProxyEvent {
  return {
    httpMethod: 'GET',
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {} as never,
    resource: '/{proxy+}',
    body: null,
    isBase64Encoded: false,
    ...partial,
  };
}

const withSession = (token: string, partial: Partial<APIGatewayProxyEvent> & { path: string }) =>
  event({ ...partial, headers: { Cookie: `__Host-review-session=${token}`, ...partial.headers } });

async function call(app: ReturnType<typeof setUp>['app'], e: APIGatewayProxyEvent) {
  return resultOfResponse(await app(requestOfEvent(e)));
}

describe('the review page over API Gateway events', () => {
  it('serves the stylesheet without a session, cached briefly', async () => {
    const { app } = setUp();
    const result = await call(app, event({ path: '/review.css' }));
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('text/css; charset=utf-8');
    expect(result.headers?.['strict-transport-security']).toContain('max-age=');
    expect(result.multiValueHeaders).toEqual({});
  });

  it('asks for sign-in, never data, when there is no session cookie', async () => {
    const { app } = setUp();
    const home = await call(app, event({ path: '/' }));
    expect(home.statusCode).toBe(401);
    expect(home.body).toContain('sign-in?return&#x3D;%2Fprod%2Freview%2F');
    expect(home.body).not.toContain('2026-W48-project');
    const post = await call(app, event({ path: '/sign-out', httpMethod: 'POST' }));
    expect(post.statusCode).toBe(401);
    expect(post.body).not.toContain('return&#x3D;');
  });

  it('answers a refused session with the expired page, clearing the cookie', async () => {
    const { app } = setUp();
    const result = await call(app, withSession('forged', { path: '/campaigns/2026-W48-project' }));
    expect(result.statusCode).toBe(401);
    expect(result.body).toContain('Your session has ended');
    expect(result.body).toContain('return&#x3D;%2Fprod%2Freview%2Fcampaigns%2F2026-W48-project');
    expect(result.multiValueHeaders?.['Set-Cookie']).toEqual([
      expect.stringMatching(/^__Host-review-session=;.*Max-Age=0/),
    ]);
    const post = await call(app, withSession('forged', { path: '/sign-out', httpMethod: 'POST' }));
    expect(post.statusCode).toBe(401);
    expect(post.body).not.toContain('return&#x3D;');
  });

  it('lets a validator failure that is not a refusal fail the request', async () => {
    const { app } = setUp({ failValidation: new Error('keys could not be fetched') });
    await expect(app(requestOfEvent(withSession('token-carol', { path: '/' })))).rejects.toThrow(
      'keys could not be fetched',
    );
  });

  it('lists the campaigns naming the signed-in reviewer, with what is left to decide', async () => {
    const { app } = setUp();
    const result = await call(app, withSession('token-carol', { path: '/' }));
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('/prod/review/campaigns/2026-W48-project');
    expect(result.body).toContain('carol@corp.example');
    expect(result.body).not.toContain('2026-W50-project');
  });

  it('lists nothing for a signed-in user who reviews no campaign', async () => {
    const { app } = setUp();
    const result = await call(app, withSession('token-stranger', { path: '/' }));
    expect(result.statusCode).toBe(200);
    expect(result.body).not.toContain('campaigns/2026-W48-project');
  });

  it("refuses a sign-out without the session's form token or from another site", async () => {
    const { app } = setUp();
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const noForm = await call(app, withSession('token-carol', { path: '/sign-out', httpMethod: 'POST' }));
    expect(noForm.statusCode).toBe(403);
    const wrongToken = await call(
      app,
      withSession('token-carol', { path: '/sign-out', httpMethod: 'POST', headers: form, body: 'csrf=nope' }),
    );
    expect(wrongToken.statusCode).toBe(403);
    const csrf = csrfTokenOf(SECRET, 'token-carol');
    const otherSite = await call(
      app,
      withSession('token-carol', {
        path: '/sign-out',
        httpMethod: 'POST',
        headers: { ...form, Origin: 'https://evil.example' },
        body: `csrf=${csrf}`,
      }),
    );
    expect(otherSite.statusCode).toBe(403);
    expect(otherSite.multiValueHeaders).toEqual({});
  });

  it('signs out with the form token: the session cookie is removed', async () => {
    const { app } = setUp();
    const csrf = csrfTokenOf(SECRET, 'token-carol');
    const result = await call(
      app,
      withSession('token-carol', {
        path: '/sign-out',
        httpMethod: 'post',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://review.example' },
        body: Buffer.from(`csrf=${csrf}`).toString('base64'),
        isBase64Encoded: true,
      }),
    );
    expect(result.statusCode).toBe(303);
    expect(result.headers?.location).toBe('/prod/review/');
    expect(result.multiValueHeaders?.['Set-Cookie']).toEqual([
      expect.stringMatching(/^__Host-review-session=;/),
    ]);
  });

  it('answers 404 for an address that is no page, and for a campaign by POST', async () => {
    const { app } = setUp();
    expect((await call(app, withSession('token-carol', { path: '/nothing' }))).statusCode).toBe(404);
    const post = await call(app, withSession('token-carol', { path: '/campaigns/x', httpMethod: 'POST' }));
    expect(post.statusCode).toBe(404);
  });
});

describe('signing in over API Gateway events', () => {
  it('starts at Descope with a pending sign-in cookie, returning only to the page itself', async () => {
    const { app } = setUp();
    const result = await call(
      app,
      event({ path: '/sign-in', multiValueQueryStringParameters: { return: ['//evil.example/'] } }),
    );
    expect(result.statusCode).toBe(302);
    expect(result.headers?.location).toMatch(/^https:\/\/descope\.example\/authorize\?state=/);
    expect(result.headers?.location).toContain('redirect=https://review.example/prod/review/callback');
    const cookie = String(result.multiValueHeaders?.['Set-Cookie']?.[0] ?? '');
    expect(cookie).toMatch(/^__Host-review-sign-in=/);
    const pending = JSON.parse(
      Buffer.from(cookie.split(';')[0]?.split('=')[1] ?? '', 'base64url').toString(),
    );
    expect(pending.returnTo).toBe('/prod/review/');
  });

  async function pendingOf(app: ReturnType<typeof setUp>['app'], returnTo: string) {
    const start = await call(
      app,
      event({ path: '/sign-in', multiValueQueryStringParameters: { return: [returnTo] } }),
    );
    const cookie = String(start.multiValueHeaders?.['Set-Cookie']?.[0] ?? '').split(';')[0] ?? '';
    const state = new URL(start.headers?.location as string).searchParams.get('state') ?? '';
    return { cookie, state };
  }

  it('finishes with the session cookie and returns where the reviewer was going', async () => {
    const { app } = setUp();
    const { cookie, state } = await pendingOf(app, '/prod/review/campaigns/2026-W48-project');
    const result = await call(
      app,
      event({
        path: '/callback',
        headers: { cookie },
        multiValueQueryStringParameters: { code: ['abc'], state: [state] },
      }),
    );
    expect(result.statusCode).toBe(303);
    expect(result.headers?.location).toBe('/prod/review/campaigns/2026-W48-project');
    expect(result.multiValueHeaders?.['Set-Cookie']).toEqual([
      expect.stringMatching(/^__Host-review-session=token-carol;.*Max-Age=600/),
      expect.stringMatching(/^__Host-review-sign-in=;.*Max-Age=0/),
    ]);
  });

  it('refuses a callback whose state is not the one this browser started with, or has no pending sign-in', async () => {
    const { app } = setUp();
    const { cookie } = await pendingOf(app, '/prod/review/');
    const wrongState = await call(
      app,
      event({
        path: '/callback',
        headers: { cookie },
        multiValueQueryStringParameters: { code: ['abc'], state: ['x'] },
      }),
    );
    expect(wrongState.statusCode).toBe(400);
    expect(wrongState.body).toContain('Sign-in did not finish');
    const noCookie = await call(
      app,
      event({ path: '/callback', multiValueQueryStringParameters: { code: ['abc'], state: ['x'] } }),
    );
    expect(noCookie.statusCode).toBe(400);
    const garbled = await call(
      app,
      event({
        path: '/callback',
        headers: { cookie: '__Host-review-sign-in=%%%' },
        multiValueQueryStringParameters: { code: ['abc'], state: ['x'] },
      }),
    );
    expect(garbled.statusCode).toBe(400);
  });

  it('shows the sign-in failure when Descope refuses the code or answers a token that does not validate', async () => {
    for (const exchange of [
      async () => {
        throw new SignInError('Descope refused the code');
      },
      async () => 'not-a-session',
    ]) {
      const { app } = setUp({ exchange });
      const { cookie, state } = await pendingOf(app, '/prod/review/');
      const result = await call(
        app,
        event({
          path: '/callback',
          headers: { cookie },
          multiValueQueryStringParameters: { code: ['c'], state: [state] },
        }),
      );
      expect(result.statusCode).toBe(400);
      expect(result.multiValueHeaders).toEqual({});
    }
  });

  it('lets an unexpected failure of the code exchange fail the request', async () => {
    const { app } = setUp({
      exchange: async () => {
        throw new TypeError('fetch failed');
      },
    });
    const { cookie, state } = await pendingOf(app, '/prod/review/');
    await expect(
      app(
        requestOfEvent(
          event({
            path: '/callback',
            headers: { cookie },
            multiValueQueryStringParameters: { code: ['c'], state: [state] },
          }),
        ),
      ),
    ).rejects.toThrow('fetch failed');
  });
});
