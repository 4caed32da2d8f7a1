import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatEvidenceLine, parseEvidenceLine } from '../../../functions/core/records/evidence-line.js';
import {
  canonicalJson,
  NATIVE_DEPTH_BOUND,
  nestsDeeperThan,
  safeStringify,
  stringifyJson,
} from '../../../functions/core/records/json-writer.js';
import { recordKey } from '../../../functions/core/records/record-key.js';
import { auditRecord } from '../../support/audit-record-builder.js';

/** `{"Change":{"Change":…1…}}`, `levels` objects deep, built without recursion. */
function nested(levels: number): { value: Record<string, unknown>; text: string } {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { Change: value };
  return {
    value: value as Record<string, unknown>,
    text: `${'{"Change":'.repeat(levels)}1${'}'.repeat(levels)}`,
  };
}

describe('JSON of audit data at any depth', () => {
  it('writes exactly what JSON.stringify writes, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(stringifyJson(value)).toBe(JSON.stringify(value));
        expect(safeStringify(value)).toBe(JSON.stringify(value));
      }),
    );
  });

  it('keeps JSON.stringify’s treatment of undefined, functions and non-finite numbers', () => {
    const value = {
      a: undefined,
      b: () => 1,
      c: [undefined, Number.NaN, Infinity],
      d: new Date(0),
      'e"\n': '\u2028',
    };
    expect(stringifyJson(value)).toBe(JSON.stringify(value));
  });

  it('sorts keys at every depth for the canonical form, equal whatever the key order', () => {
    expect(canonicalJson({ b: [2, { y: 1, x: undefined, w: null }], a: 'x' })).toBe(
      '{"a":"x","b":[2,{"w":null,"y":1}]}',
    );
  });

  it('writes, reads back and keys a record whose data nests 10,000 levels (Descope’s decoder limit)', () => {
    const { value, text } = nested(10_000);
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    expect(nestsDeeperThan(value, NATIVE_DEPTH_BOUND)).toBe(true);
    const record = auditRecord({ action: 'UserModified', data: value });
    const line = formatEvidenceLine(record);
    // Kept verbatim: the data's text is exactly what was received.
    expect(line.endsWith(`,"data":${text}}\n`)).toBe(true);
    const read = parseEvidenceLine(line, 1);
    expect(read.action).toBe('UserModified');
    const { id: _id, ...withoutId } = record;
    expect(recordKey(withoutId)).toMatch(/^h:/);
    expect(canonicalJson(value)).toBe(text);
  });

  it('sees depth only where it is', () => {
    expect(nestsDeeperThan(nested(3).value, 3)).toBe(false);
    expect(nestsDeeperThan(nested(4).value, 3)).toBe(true);
    expect(nestsDeeperThan([[], [[[]]]], 3)).toBe(true);
    expect(nestsDeeperThan('text', 0)).toBe(false);
  });
});
