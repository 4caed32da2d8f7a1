import { afterEach, describe, expect, it } from 'vitest';
import {
  createDescopeApiStandIn,
  type DescopeApiStandIn,
} from '../../functions/local/descope-api/descope-api-stand-in.js';
import type { SearchQuirks } from '../../functions/local/descope-api/search-quirks.js';
import { parseStandInProcessOptions } from '../../functions/local/descope-api/stand-in-process-options.js';
import { auditRecord as buildAuditRecord } from '../support/audit-record-builder.js';
import { MANAGEMENT_KEY, PROJECT_ID } from './stand-in-client.js';

const NOW = Date.UTC(2026, 0, 15, 12);
const START = Date.UTC(2026, 0, 10);
const RECORDS = Array.from({ length: 1200 }, (_, n) =>
  buildAuditRecord({
    id: `q${String(n).padStart(4, '0')}`,
    occurred: START + n * 1000,
    action: 'LoginFailed',
  }),
);

let standIn: DescopeApiStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

async function search(quirks: SearchQuirks, body: Record<string, unknown>) {
  standIn = await createDescopeApiStandIn({
    projectId: PROJECT_ID,
    managementKey: MANAGEMENT_KEY,
    records: RECORDS,
    now: () => NOW,
    rateLimit: { requests: 1000, windowMs: 60_000 },
    quirks,
  });
  const response = await fetch(`${standIn.url}/v1/mgmt/audit/search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${PROJECT_ID}:${MANAGEMENT_KEY}` },
    body: JSON.stringify({ from: START, to: START + 86_400_000, ...body }),
  });
  return (await response.json()) as { audits?: Array<{ ID?: string }>; total?: number };
}

describe('the stand-in’s quirks', () => {
  it('caps total without capping the records', async () => {
    const answer = await search({ totalCap: 500 }, { size: 1000, page: 1, oldestFirst: true });
    expect(answer.total).toBe(500);
    expect(answer.audits).toHaveLength(200);
  });

  it('caps a page below the size asked, pages still starting at page × size', async () => {
    const answer = await search({ pageSizeCap: 250 }, { size: 1000, page: 1, oldestFirst: true });
    expect(answer.audits?.map((a) => a.ID)).toEqual(RECORDS.slice(1000, 1200).map((r) => r.id));
    const first = await search({ pageSizeCap: 250 }, { size: 1000, oldestFirst: true });
    expect(first.audits).toHaveLength(250);
    expect(first.total).toBe(1200);
  });

  it('leaves out IDs, and empty fields the way protobuf JSON does', async () => {
    const answer = await search({ omitIds: true }, { size: 2 });
    expect(answer.audits?.every((a) => !('ID' in a))).toBe(true);
    expect(await search({ omitEmptyFields: true }, { actions: ['Nothing'] })).toEqual({});
  });

  it('answers newest first whatever oldestFirst says', async () => {
    const answer = await search({ ignoreOldestFirst: true }, { size: 1, oldestFirst: true });
    expect(answer.audits?.[0]?.ID).toBe('q1199');
  });

  it('takes the quirks as process flags', () => {
    expect(
      parseStandInProcessOptions(['--total-cap', '5000', '--page-size-cap', '250', '--omit-ids', 'true'], {
        DESCOPE_STANDIN_OMIT_EMPTY_FIELDS: 'true',
      }),
    ).toMatchObject({ totalCap: 5000, pageSizeCap: 250, omitIds: 'true', omitEmptyFields: 'true' });
  });
});
