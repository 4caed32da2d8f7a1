import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../functions/core/audit-record.js';
import { BUILTIN_QUERIES } from '../../../functions/core/builtin-queries.js';
import { scimOutcome } from '../../../functions/core/field-path.js';
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
  it.each<[string, Record<string, unknown>, string]>([
    ['the SCIM resource', { scim_result: resource }, 'succeeded'],
    ['an error and no result', { error: 'mutability: id' }, 'failed'],
    ['neither', { scim_action: 'update' }, 'unknown'],
    ['an empty error', { error: '' }, 'unknown'],
    ['an error object', { error: { detail: 'x' } }, 'failed'],
    ['a result that is text, not a resource', { scim_result: 'success' }, 'unknown'],
    ['a text result and an error', { scim_result: 'failure', error: 'mutability: id' }, 'failed'],
  ])('reads an event with %s as %s', (_, data, outcome) => {
    expect(scimOutcome(scim('x', data))).toBe(outcome);
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
