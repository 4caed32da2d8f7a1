import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDescopeApiStandIn,
  type DescopeApiStandIn,
} from '../../functions/local/descope-api/descope-api-stand-in.js';
import { auditRecord } from '../support/audit-record-builder.js';
import { callApi, MANAGEMENT_KEY, PROJECT_ID, sdkFor, searchAll } from './stand-in-client.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 15, 12);
const START = Date.UTC(2026, 0, 10);
const SEARCH = '/v1/mgmt/audit/search';
// 2,500 records one second apart, two actions interleaved, so paging crosses both indexes.
const RECORDS = Array.from({ length: 2500 }, (_, n) =>
  auditRecord({
    id: `r${String(n).padStart(4, '0')}`,
    occurred: START + n * 1000,
    action: n % 2 === 0 ? 'LoginFailed' : 'LoginSucceed',
  }),
);
const window = { from: START, to: START + DAY };

let standIn: DescopeApiStandIn;
beforeAll(async () => {
  standIn = await createDescopeApiStandIn({
    projectId: PROJECT_ID,
    managementKey: MANAGEMENT_KEY,
    records: RECORDS,
    now: () => NOW,
    rateLimit: { requests: 10_000, windowMs: 60_000 },
    maxResultWindow: 2000,
  });
});
afterAll(() => standIn.close());

const idsOf = (audits: readonly unknown[] | undefined) => (audits ?? []).map((a) => (a as { ID: string }).ID);

describe('paging', () => {
  it('pages through every record exactly once with a stable total', async () => {
    const client = sdkFor(standIn);
    const seen: string[] = [];
    for (let page = 0; page < 5; page++) {
      const result = await searchAll(client, { ...window, actions: ['LoginFailed'], size: 300, page });
      expect(result.data?.total).toBe(1250);
      seen.push(...idsOf(result.data?.audits));
    }
    const expected = RECORDS.filter((r) => r.action === 'LoginFailed')
      .map((r) => r.id)
      .reverse()
      .slice(0, 1500);
    expect(seen).toEqual(expected);
  });

  it('merges several actions in time order across pages', async () => {
    const page = await searchAll(sdkFor(standIn), {
      ...window,
      actions: ['LoginFailed', 'LoginSucceed'],
      size: 4,
      page: 2,
      oldestFirst: true,
    });
    expect(idsOf(page.data?.audits)).toEqual(['r0008', 'r0009', 'r0010', 'r0011']);
    expect(page.data?.total).toBe(2500);
  });

  it('answers an empty page past the end, still with the total', async () => {
    const { json } = await callApi(standIn, SEARCH, {
      ...window,
      actions: ['LoginSucceed'],
      size: 1000,
      page: 1,
    });
    expect(json).toMatchObject({ total: 1250 });
    expect((json.audits as unknown[]).length).toBe(250);
    const past = await callApi(standIn, SEARCH, {
      from: START + 2500 * 1000,
      to: START + DAY,
      page: 1,
      size: 10,
    });
    expect(past.json).toEqual({ audits: [], total: 0 });
  });
});

describe('limits', () => {
  it('uses a page size of 1000 by default and refuses more than 1000', async () => {
    const byDefault = await callApi(standIn, SEARCH, window);
    expect((byDefault.json.audits as unknown[]).length).toBe(1000);
    const tooBig = await callApi(standIn, SEARCH, { ...window, size: 1001 });
    expect(tooBig.status).toBe(400);
    expect(tooBig.json.errorCode).toBe('E011003');
  });

  it('refuses a from older than the 30-day retention with E011003, and accepts the bound itself', async () => {
    const client = sdkFor(standIn);
    const refused = await searchAll(client, { from: NOW - 30 * DAY - 1, to: NOW });
    expect(refused).toMatchObject({ ok: false, code: 400, error: { errorCode: 'E011003' } });
    const bound = await searchAll(client, { from: NOW - 30 * DAY, to: NOW });
    expect(bound.ok).toBe(true);
  });

  it('refuses pages past the result window: (page + 1) * size > maxResultWindow', async () => {
    const client = sdkFor(standIn);
    const last = await searchAll(client, { ...window, size: 500, page: 3 });
    expect(last.ok).toBe(true);
    const deeper = await searchAll(client, { ...window, size: 500, page: 4 });
    expect(deeper).toMatchObject({ ok: false, code: 400, error: { errorCode: 'E011001' } });
    const large = await callApi(standIn, SEARCH, { ...window, size: 1000, page: 2 });
    expect(large.status).toBe(400);
  });

  it.each([
    ['a list given as a string', { actions: 'LoginFailed' }, 'E011001'],
    ['a fractional timestamp', { from: START + 0.5 }, 'E011001'],
    ['a boolean given as a string', { oldestFirst: 'true' }, 'E011001'],
    ['a negative page', { ...window, page: -1 }, 'E011003'],
    ['to before from', { from: START + 10, to: START }, 'E011003'],
    ['a body that is not JSON', '{"from":', 'E011001'],
  ])('refuses %s with a 400', async (_, body, code) => {
    const answer = await callApi(standIn, SEARCH, body);
    expect(answer.status).toBe(400);
    expect(answer.json.errorCode).toBe(code);
  });
});
