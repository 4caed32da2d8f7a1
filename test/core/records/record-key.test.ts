import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';
import { canonicalJson, recordKey } from '../../../functions/core/records/record-key.js';
import { auditRecord } from '../../support/audit-record-builder.js';

const withoutId = (overrides: Partial<AuditRecord> = {}): AuditRecord => {
  const { id: _id, ...record } = auditRecord({ userId: '', loginIds: ['a@example.com'], ...overrides });
  return record;
};

describe('recordKey', () => {
  it('is the ID when the record has one', () => {
    expect(recordKey(auditRecord({ id: 'abc' }))).toBe('id:abc');
  });

  it('tells apart ID-less records that differ in any field, login IDs, tenants and data included', () => {
    const base = withoutId({
      occurred: 5,
      remoteAddress: '198.51.100.7',
      data: { error_message: 'bad password' },
    });
    const variants: AuditRecord[] = [
      { ...base, loginIds: ['b@example.com'] },
      { ...base, tenants: ['T1'] },
      { ...base, data: { error_message: 'user locked' } },
      { ...base, data: { error_message: 'bad password', extra: null } },
      { ...base, geo: 'DE' },
      { ...base, type: 'info' },
      { ...base, projectId: 'P2other' },
      { ...base, actorId: 'someone' },
    ];
    const keys = new Set([base, ...variants].map(recordKey));
    expect(keys.size).toBe(variants.length + 1);
  });

  it('is the same for the same record read twice, whatever its key order', () => {
    const record = withoutId({ data: { b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } } });
    const reordered = JSON.parse('{"data":{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}}') as Pick<
      AuditRecord,
      'data'
    >;
    const copy = Object.fromEntries(Object.entries(record).reverse()) as unknown as AuditRecord;
    expect(recordKey({ ...copy, ...reordered })).toBe(recordKey(record));
    expect(recordKey(record)).toMatch(/^h:[A-Za-z0-9_-]{43}$/);
  });

  it('writes canonical JSON with sorted keys and hostile keys as plain data', () => {
    const hostile = JSON.parse('{"__proto__":{"x":1},"constructor":"c","b":[2,1]}') as unknown;
    expect(canonicalJson(hostile)).toBe('{"__proto__":{"x":1},"b":[2,1],"constructor":"c"}');
  });
});
