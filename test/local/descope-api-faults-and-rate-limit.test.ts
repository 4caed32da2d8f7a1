import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createDescopeApiStandIn,
  type DescopeApiStandIn,
  type DescopeApiStandInOptions,
} from '../../functions/local/descope-api/descope-api-stand-in.js';
import { auditRecord } from '../support/audit-record-builder.js';
import { callApi, MANAGEMENT_KEY, PROJECT_ID, sdkFor, searchAll } from './stand-in-client.js';

const NOW = Date.UTC(2026, 0, 15, 12);
const SEARCH = '/v1/mgmt/audit/search';
const ANALYTICS = '/v1/mgmt/analytics/search';
const RECORDS = Array.from({ length: 40 }, (_, n) => auditRecord({ id: `r${n}`, occurred: NOW - 1000 * n }));
const BODY = { from: NOW - 86_400_000, to: NOW };

const running: DescopeApiStandIn[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(options: Partial<DescopeApiStandInOptions> = {}): Promise<DescopeApiStandIn> {
  const standIn = await createDescopeApiStandIn({
    projectId: PROJECT_ID,
    managementKey: MANAGEMENT_KEY,
    records: RECORDS,
    now: () => NOW,
    rateLimit: { requests: 1000, windowMs: 60_000 },
    ...options,
  });
  running.push(standIn);
  return standIn;
}

describe('rate limit', () => {
  it('answers 429 E130429 with Retry-After in whole seconds until a slot frees', async () => {
    const standIn = await start({ rateLimit: { requests: 2, windowMs: 60_000 } });
    expect((await callApi(standIn, SEARCH, BODY)).status).toBe(200);
    expect((await callApi(standIn, SEARCH, BODY)).status).toBe(200);
    const limited = await callApi(standIn, SEARCH, BODY);
    expect(limited.status).toBe(429);
    expect(limited.json.errorCode).toBe('E130429');
    expect(limited.headers.get('retry-after')).toBe('60');
    const sdk = await searchAll(sdkFor(standIn), BODY);
    expect(sdk).toMatchObject({ ok: false, code: 429, error: { errorCode: 'E130429', retryAfter: 60 } });
  });

  it('does not use a slot for a refused request, so the window frees on time', async () => {
    const standIn = await start({ rateLimit: { requests: 3, windowMs: 1000 } });
    const statuses = async (n: number) => {
      const answers = [];
      for (let i = 0; i < n; i++) answers.push((await callApi(standIn, SEARCH, BODY)).status);
      return answers;
    };
    // The window slides on a fake monotonic clock, so the test does not depend on the machine's speed.
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      expect(await statuses(3)).toEqual([200, 200, 200]);
      vi.advanceTimersByTime(300);
      const refused = await callApi(standIn, SEARCH, BODY);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(await statuses(3)).toEqual([429, 429, 429]);
      // The admitted slots free at 1000 ms; had the 429s (at 300 ms) used slots, they would hold until 1300.
      vi.advanceTimersByTime(850);
      expect(await statuses(4)).toEqual([200, 200, 200, 429]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('limits analytics separately and never limits the license handshake', async () => {
    const standIn = await start({ rateLimit: { requests: 1, windowMs: 60_000 } });
    expect((await callApi(standIn, SEARCH, BODY)).status).toBe(200);
    expect((await callApi(standIn, ANALYTICS, {})).status).toBe(200);
    expect((await callApi(standIn, ANALYTICS, {})).status).toBe(429);
    for (let i = 0; i < 3; i++) expect((await callApi(standIn, '/v1/mgmt/license')).status).toBe(200);
  });

  it('counts faulted requests: the API received them', async () => {
    const standIn = await start({ rateLimit: { requests: 2, windowMs: 60_000 } });
    standIn.injectFaults(['http500']);
    expect((await callApi(standIn, SEARCH, BODY)).status).toBe(500);
    expect((await callApi(standIn, SEARCH, BODY)).status).toBe(200);
    expect((await callApi(standIn, SEARCH, BODY)).status).toBe(429);
  });
});

describe('injected faults', () => {
  it('answers http500 with a JSON error the SDK returns as not ok', async () => {
    const standIn = await start();
    standIn.injectFaults(['http500']);
    const client = sdkFor(standIn);
    expect(await searchAll(client, BODY)).toMatchObject({
      ok: false,
      code: 500,
      error: { errorCode: 'E010500' },
    });
    expect((await searchAll(client, BODY)).ok).toBe(true);
    expect(standIn.requests.filter((r) => r.path === SEARCH).map((r) => [r.status, r.fault])).toEqual([
      [500, 'http500'],
      [200, undefined],
    ]);
  });

  it('answers http503 with a JSON error, which the SDK itself retries after 100 ms', async () => {
    const standIn = await start();
    standIn.injectFaults(['http503', 'http503']);
    const raw = await callApi(standIn, SEARCH, BODY);
    expect(raw.status).toBe(503);
    expect(raw.json.errorCode).toBe('E010503');
    // core-js-sdk re-sends on 503 (and 520-530): one SDK call, two requests, two rate-limit slots.
    const result = await searchAll(sdkFor(standIn), BODY);
    expect(result.ok).toBe(true);
    expect(standIn.requests.filter((r) => r.path === SEARCH).map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('answers html502 with an HTML page, on which the SDK throws a SyntaxError', async () => {
    const standIn = await start();
    standIn.injectFaults(['html502', 'html502']);
    const raw = await fetch(`${standIn.url}${SEARCH}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${PROJECT_ID}:${MANAGEMENT_KEY}` },
      body: JSON.stringify(BODY),
    });
    expect(raw.status).toBe(502);
    expect(raw.headers.get('content-type')).toBe('text/html');
    expect(await raw.text()).toContain('502 Bad Gateway');
    await expect(searchAll(sdkFor(standIn), BODY)).rejects.toThrow(SyntaxError);
  });

  it('answers truncatedJson with half the real body and a matching Content-Length', async () => {
    const standIn = await start();
    const full = (await callApi(standIn, SEARCH, BODY)).text;
    standIn.injectFaults(['truncatedJson', 'truncatedJson']);
    const raw = await fetch(`${standIn.url}${SEARCH}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${PROJECT_ID}:${MANAGEMENT_KEY}` },
      body: JSON.stringify(BODY),
    });
    const text = await raw.text();
    expect(raw.status).toBe(200);
    expect(Number(raw.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(text).toBe(full.slice(0, Math.floor(full.length / 2)));
    expect(() => JSON.parse(text)).toThrow();
    await expect(searchAll(sdkFor(standIn), BODY)).rejects.toThrow(SyntaxError);
  });

  it('resets the connection, which the SDK reports as a failed fetch', async () => {
    const standIn = await start();
    standIn.injectFaults(['reset']);
    await expect(searchAll(sdkFor(standIn), BODY)).rejects.toThrow(TypeError);
    const entry = standIn.requests.find((r) => r.path === SEARCH);
    expect(entry?.fault).toBe('reset');
    expect(entry?.status).toBeUndefined();
  });

  it('hangs until the client gives up, and close() still ends the connection', async () => {
    const standIn = await start();
    standIn.injectFaults(['hang', 'hang']);
    const headers = { authorization: `Bearer ${PROJECT_ID}:${MANAGEMENT_KEY}` };
    const timedOut = fetch(`${standIn.url}${SEARCH}`, {
      method: 'POST',
      headers,
      body: '{}',
      signal: AbortSignal.timeout(150),
    });
    await expect(timedOut).rejects.toThrow(/timeout|abort/i);
    const pending = fetch(`${standIn.url}${SEARCH}`, { method: 'POST', headers, body: '{}' });
    // The second request has reached the stand-in and hangs there, unanswered.
    await vi.waitFor(() => expect(standIn.requests.filter((r) => r.fault === 'hang')).toHaveLength(2));
    // close() resolves only once every connection has ended: the hung one is ended, not waited for.
    const closed = standIn.close().then(() => 'closed');
    await expect(pending).rejects.toThrow(TypeError);
    await expect(closed).resolves.toBe('closed');
  });

  it('spends queued faults only on admitted search requests', async () => {
    const standIn = await start();
    standIn.injectFaults(['http503']);
    expect((await callApi(standIn, SEARCH, BODY, null)).status).toBe(401);
    expect((await callApi(standIn, '/v1/mgmt/license')).status).toBe(200);
    expect((await callApi(standIn, SEARCH, BODY)).status).toBe(503);
  });

  it('draws random faults from a seeded generator, so runs repeat exactly', async () => {
    const run = async () => {
      const standIn = await start({ faults: { probability: 0.4, kinds: ['http500', 'http503'], seed: 7 } });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await callApi(standIn, SEARCH, BODY)).status);
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 500, 503]));
  });
});
