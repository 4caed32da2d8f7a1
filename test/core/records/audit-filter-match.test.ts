import { describe, expect, it } from 'vitest';
import { auditFilterMatcher } from '../../../functions/core/records/audit-filter-match.js';
import { auditRecord } from '../../support/audit-record-builder.js';

/** `data` nesting `levels` objects deep, `needle` at the bottom. */
function nested(levels: number, needle: string): Record<string, unknown> {
  let data: Record<string, unknown> = { note: needle };
  for (let i = 0; i < levels; i += 1) data = { a: data };
  return data;
}

describe('the audit search text filter over hostile data', () => {
  it('reads data nesting 10,000 levels without recursion, to the bottom', () => {
    const deep = auditRecord({ data: nested(10_000, 'Needle-At-The-Bottom') });
    expect(auditFilterMatcher({ text: 'needle-at-the-bottom' })(deep)).toBe(true);
    expect(auditFilterMatcher({ text: 'not-there' })(deep)).toBe(false);
  });
});
