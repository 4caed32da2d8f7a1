import { describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import { queryDefinitionSchema } from '../../../functions/core/catalog/query-definition.js';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { computeTable } from '../../support/compute-table.js';
import { TEST_WEEK } from '../../support/query-result-builder.js';

const resource = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'a@x', active: true };
const scim = (id: string, data: Record<string, unknown>): AuditRecord =>
  auditRecord({ id, action: 'SCIMEvent', occurred: TEST_WEEK.from + id.length, data });

/** SCIM events as Descope's SCIM audit page documents them, plus one it does not describe. */
const records = [
  scim('s1', { scim_action: 'create', scim_request: 'POST /scim/v2/Users', scim_result: resource }),
  scim('s2', { scim_action: 'create', scim_request: 'POST /scim/v2/Users', scim_result: resource }),
  scim('s3', { scim_action: 'update', scim_request: 'PATCH /scim/v2/Users/1', scim_result: resource }),
  scim('s44', {
    scim_action: 'create',
    scim_request: 'POST /scim/v2/Users',
    error: 'uniqueness: userName exists',
  }),
  scim('s555', { scim_action: 'delete', scim_request: 'DELETE /scim/v2/Users/9', error: 'not found' }),
  scim('s6666', { scim_action: 'update', scim_request: 'PATCH /scim/v2/Users/2' }),
];

const run = async (id: string) => {
  const query = BUILTIN_QUERIES.find((q) => q.id === id);
  if (!query) throw new Error(id);
  return (await computeTable(query, records, TEST_WEEK)).table;
};

describe('SCIM as Descope writes it', () => {
  it("reads each event's outcome from its result and error", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ scim_result: resource }, 'succeeded'],
      [{ error: 'mutability: id' }, 'failed'],
      [{ scim_action: 'update' }, 'unknown'],
      [{ error: '' }, 'unknown'],
      [{ error: { detail: 'x' } }, 'failed'],
      [{ error: null }, 'unknown'],
      [{ scim_result: 'success' }, 'unknown'],
      [{ scim_result: 'failure', error: 'mutability: id' }, 'failed'],
      [{ scim_result: [], error: 'x' }, 'succeeded'],
    ];
    const outcome = queryDefinitionSchema.parse({
      id: 'outcome',
      title: 'x',
      filter: {},
      aggregation: {
        kind: 'rows',
        columns: [
          { column: 'id', field: 'id' },
          { column: 'outcome', field: 'scimOutcome' },
        ],
      },
    });
    const events = cases.map(([data], i) => scim(`c${i}`, data));
    const { table } = await computeTable(outcome, events, TEST_WEEK);
    const byId = new Map(table.rows.map(([id, shown]) => [id, shown]));
    expect(cases.map((_, i) => byId.get(`c${i}`))).toEqual(cases.map(([, expected]) => expected));
  });

  it('groups the summary by operation × outcome, never by whole resources', async () => {
    const table = await run('scim-provisioning');
    expect(table.columns.slice(0, 3)).toEqual(['operation', 'outcome', 'events']);
    expect(table.rows.map((r) => r.slice(0, 3))).toEqual([
      ['create', 'succeeded', 2],
      ['create', 'failed', 1],
      ['delete', 'failed', 1],
      ['update', 'succeeded', 1],
      ['update', 'unknown', 1],
    ]);
  });

  it('lists exactly the failed requests, with the error text', async () => {
    const table = await run('scim-failures');
    const column = (name: string) => table.columns.indexOf(name);
    expect(
      table.rows.map((r) => [r[column('record_id')], r[column('operation')], r[column('error')]]),
    ).toEqual([
      ['s44', 'create', 'uniqueness: userName exists'],
      ['s555', 'delete', 'not found'],
    ]);
  });
});
