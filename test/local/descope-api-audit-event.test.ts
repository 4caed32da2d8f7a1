import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDescopeApiStandIn,
  type DescopeApiStandIn,
} from '../../functions/local/descope-api/descope-api-stand-in.js';
import { auditRecord } from '../support/audit-record-builder.js';
import { callApi, MANAGEMENT_KEY, PROJECT_ID, sdkFor, searchAll } from './stand-in-client.js';

const NOW = Date.UTC(2026, 0, 15, 12);
const EVENT = '/v1/mgmt/audit/event';

let standIn: DescopeApiStandIn;

beforeAll(async () => {
  standIn = await createDescopeApiStandIn({
    projectId: PROJECT_ID,
    managementKey: MANAGEMENT_KEY,
    records: [auditRecord({ id: 'a1', occurred: NOW - 1000 })],
    now: () => NOW,
  });
});

afterAll(async () => {
  await standIn?.close();
});

describe('POST /v1/mgmt/audit/event on the stand-in', () => {
  it('records a custom event sent by the SDK, which the audit search then finds', async () => {
    const client = sdkFor(standIn);
    const created = await client.management.audit.createEvent({
      action: 'ComplianceReportSealed',
      type: 'info',
      actorId: 'descope-audit-reporter',
      tenantId: 'compliance-reports',
      data: { period: '2026-W02', manifestSha256: 'ab'.repeat(32) },
    });
    expect(created.ok).toBe(true);
    expect(standIn.createdEvents).toHaveLength(1);

    const found = await searchAll(client, {
      actions: ['ComplianceReportSealed'],
      from: NOW - 60_000,
      to: NOW,
    });
    expect(found.data?.audits).toHaveLength(1);
    expect(found.data?.audits[0]).toMatchObject({
      action: 'ComplianceReportSealed',
      occurred: NOW,
      tenants: ['compliance-reports'],
      data: { period: '2026-W02', manifestSha256: 'ab'.repeat(32) },
    });
    // The seeded records are still served beside it.
    const all = await searchAll(client, { from: NOW - 60_000, to: NOW });
    expect(all.data?.total).toBe(2);
  });

  it('refuses an event without the fields the SDK requires, naming the field', async () => {
    const answer = await callApi(standIn, EVENT, {
      action: 'ComplianceReportSealed',
      type: 'info',
      actorId: 'x',
    });
    expect(answer.status).toBe(400);
    expect(answer.json.errorMessage).toContain('tenantId');
    expect(standIn.createdEvents).toHaveLength(1);
  });

  it('refuses an unauthenticated event', async () => {
    const body = { action: 'Forged', type: 'info', actorId: 'x', tenantId: 't' };
    const answer = await callApi(standIn, EVENT, body, null);
    expect(answer.status).toBe(401);
    expect(standIn.createdEvents).toHaveLength(1);
  });
});
