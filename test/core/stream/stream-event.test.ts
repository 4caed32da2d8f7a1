import { describe, expect, it } from 'vitest';
import { toAuditRecord } from '../../../functions/adapters/audit-record-schema.js';
import { describeShape, unwrapStreamEvent } from '../../../functions/core/stream/stream-event.js';

const at = Date.UTC(2026, 10, 17, 12);
const search = {
  ID: 'a1',
  projectId: 'P2x',
  userId: 'U1',
  action: 'LoginFailed',
  occurred: String(at),
  device: 'Desktop',
  method: 'password',
  geo: 'US',
  remoteAddress: '203.0.113.9',
  externalIds: ['jane@example.com'],
  tenants: ['T1'],
  data: { error_message: 'bad password' },
  type: 'warn',
  actorId: '',
};
const expected = toAuditRecord({ ...search, occurred: at, loginIds: search.externalIds });

describe('reading one stream event', () => {
  it.each([
    ['the search spelling, bare', search],
    [
      'an EventBridge envelope',
      { version: '0', id: 'ev-1', 'detail-type': 'Audit', source: 'descope', detail: search },
    ],
    [
      'id, loginIds and a numeric time',
      {
        ...search,
        ID: undefined,
        id: 'a1',
        externalIds: undefined,
        loginIds: ['jane@example.com'],
        occurred: at,
      },
    ],
    [
      'auditId and an ISO time',
      { ...search, ID: undefined, auditId: 'a1', occurred: new Date(at).toISOString() },
    ],
  ])('gives the record the search path gives for %s', (_name, value) => {
    const unwrapped = unwrapStreamEvent(JSON.parse(JSON.stringify(value)));
    expect(unwrapped && toAuditRecord(unwrapped.candidate)).toEqual(expected);
  });

  it('names the shape it saw', () => {
    const envelope = unwrapStreamEvent({
      'detail-type': 'Audit',
      id: 'ev-1',
      detail: { ...search, ID: undefined },
    });
    expect(envelope?.shape).toEqual({
      envelope: true,
      idField: 'none',
      loginIdsField: 'externalIds',
      occurred: 'digits',
    });
    expect(describeShape(envelope?.shape ?? ({} as never))).toBe(
      'EventBridge envelope (detail), record ID as (none), login IDs as externalIds, occurred as a digit string',
    );
  });

  it('takes the envelope for what it is only with detail-type: a bare record keeps its own id', () => {
    const bare = unwrapStreamEvent({ ...search, ID: undefined, id: 'a1', detail: { x: 1 } });
    expect(bare?.shape.envelope).toBe(false);
    expect(bare?.candidate.ID).toBe('a1');
  });

  it('leaves what is not a record to the parser to refuse', () => {
    expect(unwrapStreamEvent(['x'])).toBeUndefined();
    expect(unwrapStreamEvent('x')).toBeUndefined();
    const noTime = unwrapStreamEvent({ ...search, occurred: 'yesterday' });
    expect(noTime?.shape.occurred).toBe('other');
    expect(noTime && toAuditRecord(noTime.candidate)).toBeUndefined();
  });

  it('keeps a __proto__ key of data as data', () => {
    const value = JSON.parse(`{"action":"X","occurred":${at},"data":{"__proto__":{"polluted":true}}}`);
    const record = toAuditRecord(unwrapStreamEvent(value)?.candidate);
    expect(Object.hasOwn(record?.data ?? {}, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
