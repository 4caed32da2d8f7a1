import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDescopeSdkAnalyticsApi } from '../../functions/adapters/descope-sdk-analytics-api.js';
import { createReliableAnalytics } from '../../functions/adapters/reliable-analytics.js';
import { createReliableAuditSearch } from '../../functions/adapters/reliable-audit-search.js';
import {
  createDescopeApiStandIn,
  type DescopeApiStandIn,
} from '../../functions/local/descope-api/descope-api-stand-in.js';
import { DescopeAuditError } from '../../functions/shared/errors.js';
import { MANAGEMENT_KEY, PROJECT_ID } from '../local/stand-in-client.js';
import { auditRecord } from '../support/audit-record-builder.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 25, 10);
const MONDAY = Date.UTC(2026, 10, 16);

let standIn: DescopeApiStandIn;
beforeAll(async () => {
  standIn = await createDescopeApiStandIn({
    projectId: PROJECT_ID,
    managementKey: MANAGEMENT_KEY,
    now: () => NOW,
    rateLimit: { requests: 1000, windowMs: 60_000 },
    records: [
      auditRecord({ id: '1', occurred: MONDAY + 3_600_000, geo: 'DE' }),
      auditRecord({ id: '2', occurred: MONDAY + 7_200_000, geo: 'DE' }),
      auditRecord({ id: '3', occurred: MONDAY + DAY, geo: '' }),
      auditRecord({ id: '4', occurred: MONDAY + DAY, action: 'LoginSucceed', geo: 'US' }),
    ],
  });
});
afterAll(() => standIn.close());

const api = () =>
  createDescopeSdkAnalyticsApi({
    projectId: PROJECT_ID,
    managementKey: MANAGEMENT_KEY,
    baseUrl: standIn.url,
    timeoutMs: 2000,
  });
const query = {
  from: MONDAY - 1,
  to: MONDAY + 7 * DAY,
  actions: ['LoginFailed'],
  groupBy: ['action' as const, 'geo' as const],
};

describe('analytics search through the SDK', () => {
  it('returns counts per UTC day as numbers, with the grouped dimensions', async () => {
    expect(await api().count(query)).toEqual([
      { day: MONDAY, count: 2, action: 'LoginFailed', geo: 'DE' },
      { day: MONDAY + DAY, count: 1, action: 'LoginFailed', geo: '' },
    ]);
  });

  it.each([
    ['http500', true],
    ['html502', true],
    ['truncatedJson', true],
  ] as const)('turns a %s into a retryable DescopeAuditError', async (fault, retryable) => {
    standIn.injectFaults([fault]);
    const error = await api()
      .count(query)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DescopeAuditError);
    expect((error as DescopeAuditError).details.retryable).toBe(retryable);
  });

  it('does not retry a request the API refuses', async () => {
    const error = await api()
      .count({ ...query, from: NOW - 400 * DAY })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DescopeAuditError);
    expect((error as DescopeAuditError).details).toMatchObject({ status: 400, retryable: false });
  });

  it('shares the audit search limiter and retry policy', async () => {
    const search = createReliableAuditSearch(
      { search: () => Promise.reject(new Error('not used')) },
      { requestsPerMinute: 1000, maxAttempts: 3, minBackoffMs: 1, maxBackoffMs: 5 },
    );
    const analytics = createReliableAnalytics(api(), search);
    standIn.injectFaults(['http503']);
    await expect(analytics.count(query)).resolves.toHaveLength(2);
    expect(search.stats).toMatchObject({ requests: 2, retries: 1 });
    await search.stop();
  });
});
