import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDescopeApiStandIn,
  type DescopeApiStandIn,
} from '../../functions/local/descope-api/descope-api-stand-in.js';
import { auditRecord } from '../support/audit-record-builder.js';
import { callApi, MANAGEMENT_KEY, PROJECT_ID, sdkFor } from './stand-in-client.js';

const NOW = Date.UTC(2026, 0, 15, 12);
const DAY1 = Date.UTC(2026, 0, 13);
const DAY2 = Date.UTC(2026, 0, 14);
const ANALYTICS = '/v1/mgmt/analytics/search';
const RECORDS = [
  auditRecord({ id: '1', occurred: DAY1 + 10 * 3_600_000, tenants: ['T2aA'] }),
  auditRecord({ id: '2', occurred: DAY1 + 11 * 3_600_000, tenants: ['T2aA', 'T2aB'] }),
  auditRecord({ id: '3', occurred: DAY2 + 9 * 3_600_000, geo: 'DE', device: 'Bot' }),
  auditRecord({ id: '4', occurred: DAY2 + 9 * 3_600_000, action: 'LoginSucceed', tenants: ['T2aB'] }),
  auditRecord({ id: '5', occurred: DAY2 + 23 * 3_600_000, action: 'UserModified' }),
];

let standIn: DescopeApiStandIn;
beforeAll(async () => {
  standIn = await createDescopeApiStandIn({
    projectId: PROJECT_ID,
    managementKey: MANAGEMENT_KEY,
    records: RECORDS,
    now: () => NOW,
    rateLimit: { requests: 1000, windowMs: 60_000 },
  });
});
afterAll(() => standIn.close());

const search = async (body: Record<string, unknown>) =>
  (await callApi(standIn, ANALYTICS, body)).json.analytics;

describe('analytics search', () => {
  it('counts per action and day, as strings, leaving out what is not grouped', async () => {
    expect(await search({ groupByAction: true, groupByCreated: 'd' })).toEqual([
      { projectId: PROJECT_ID, action: 'LoginFailed', created: String(DAY1), cnt: '2' },
      { projectId: PROJECT_ID, action: 'LoginFailed', created: String(DAY2), cnt: '1' },
      { projectId: PROJECT_ID, action: 'LoginSucceed', created: String(DAY2), cnt: '1' },
      { projectId: PROJECT_ID, action: 'UserModified', created: String(DAY2), cnt: '1' },
    ]);
  });

  it('counts a record once per tenant when grouped by tenant', async () => {
    expect(await search({ actions: ['LoginFailed'], groupByTenant: true })).toEqual([
      { projectId: PROJECT_ID, tenant: '', cnt: '1' },
      { projectId: PROJECT_ID, tenant: 'T2aA', cnt: '2' },
      { projectId: PROJECT_ID, tenant: 'T2aB', cnt: '1' },
    ]);
  });

  it('filters before grouping and totals when nothing is grouped', async () => {
    expect(await search({ geos: ['DE'], groupByGeo: true, groupByDevice: true })).toEqual([
      { projectId: PROJECT_ID, geo: 'DE', device: 'Bot', cnt: '1' },
    ]);
    expect(await search({ excludedActions: ['UserModified'] })).toEqual([
      { projectId: PROJECT_ID, cnt: '4' },
    ]);
    expect(await search({ from: DAY2, to: DAY2 + 9 * 3_600_000, groupByCreated: 'h' })).toEqual([
      { projectId: PROJECT_ID, created: String(DAY2 + 9 * 3_600_000), cnt: '2' },
    ]);
  });

  it('looks back at most 12 months and refuses unknown buckets', async () => {
    const elevenMonths = await callApi(standIn, ANALYTICS, { from: Date.UTC(2025, 1, 15, 12), to: NOW });
    expect(elevenMonths.status).toBe(200);
    const tooOld = await callApi(standIn, ANALYTICS, { from: Date.UTC(2025, 0, 15, 11), to: NOW });
    expect([tooOld.status, tooOld.json.errorCode]).toEqual([400, 'E011003']);
    const badBucket = await callApi(standIn, ANALYTICS, { groupByCreated: 'x' });
    expect([badBucket.status, badBucket.json.errorCode]).toEqual([400, 'E011001']);
  });

  it('is read by the real SDK', async () => {
    const result = await sdkFor(standIn).management.analytics.search({
      groupByAction: true,
      actions: ['UserModified'],
    });
    expect(result).toMatchObject({ ok: true, data: [{ action: 'UserModified', cnt: '1' }] });
  });
});
