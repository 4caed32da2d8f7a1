import { describe, expect, it } from 'vitest';
import { formatEvidenceLine, parseEvidenceLine } from '../../../functions/core/records/evidence-line.js';
import { auditRecord } from '../../support/audit-record-builder.js';

describe('evidence lines', () => {
  it.each([
    ['with an ID', auditRecord({ data: { Change: { added_roles: ['=HYPERLINK("x")'] } }, tenants: ['T1'] })],
    ['without an ID', { ...auditRecord({ loginIds: ['<b>x</b>@evil.test'] }), id: undefined }],
  ])('read back exactly the record they were written from (%s)', (_name, record) => {
    const { id, ...rest } = record;
    const expected = id === undefined ? rest : record;
    const line = formatEvidenceLine(record);
    expect(line.endsWith('\n')).toBe(true);
    expect(parseEvidenceLine(line.trimEnd(), 1)).toEqual(expected);
  });

  it('carry the time for people and for machines', () => {
    const line = JSON.parse(formatEvidenceLine(auditRecord({ occurred: Date.UTC(2026, 10, 17, 12) })));
    expect(line).toMatchObject({
      occurred: '2026-11-17T12:00:00.000Z',
      occurredMs: Date.UTC(2026, 10, 17, 12),
    });
  });

  it('refuse a line that is not an evidence record, naming it', () => {
    expect(() => parseEvidenceLine('{"id":null}', 7)).toThrow(/line 7/);
  });
});
