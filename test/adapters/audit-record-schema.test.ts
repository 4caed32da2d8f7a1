import { describe, expect, it } from 'vitest';
import { toAuditRecord } from '../../functions/adapters/audit-record-schema.js';

const wire = (data: unknown) => ({
  ID: 'a1',
  projectId: 'P1',
  userId: 'U1',
  action: 'UserModified',
  occurred: 1_700_000_000_000,
  loginIds: ['constructor'],
  tenants: ['__proto__'],
  data,
});

describe('an SDK audit record', () => {
  it('keeps every data key, __proto__ included, as an own property', () => {
    const data = JSON.parse('{"__proto__":{"x":1},"constructor":"c","Change":{"__proto__":["r"]}}');
    const record = toAuditRecord(wire(data));
    expect(record && Object.keys(record.data)).toEqual(['__proto__', 'constructor', 'Change']);
    expect(record && Object.getPrototypeOf(record.data)).toBe(Object.prototype);
    expect(JSON.stringify(record?.data)).toBe(JSON.stringify(data));
    expect(record?.tenants).toEqual(['__proto__']);
  });

  it('reads a missing data as empty and refuses a data that is not an object', () => {
    expect(toAuditRecord(wire(null))?.data).toEqual({});
    expect(toAuditRecord(wire(['a']))).toBeUndefined();
    expect(toAuditRecord(wire('text'))).toBeUndefined();
  });
});
