import { describe, expect, it } from 'vitest';
import type { RecordCondition } from '../../functions/core/query-definition.js';
import { matchesConditions } from '../../functions/core/record-match.js';
import { auditRecord } from '../support/audit-record-builder.js';

const record = auditRecord({
  action: 'SCIMEvent',
  method: '',
  tenants: ['T1', 'T2'],
  data: { scim_result: 'failure', nested: { n: 3 } },
});

describe('record conditions', () => {
  it.each<[string, RecordCondition[], boolean]>([
    ['no conditions', [], true],
    ['in, matching', [{ field: 'action', in: ['SCIMEvent', 'X'] }], true],
    ['in, not matching', [{ field: 'action', in: ['LoginFailed'] }], false],
    ['notIn, matching', [{ field: 'data.scim_result', notIn: ['success'] }], true],
    ['notIn, excluded', [{ field: 'data.scim_result', notIn: ['failure'] }], false],
    ['list field: any element', [{ field: 'tenants', in: ['T2'] }], true],
    ['list field: notIn any element', [{ field: 'tenants', notIn: ['T2'] }], false],
    ['numbers compare as text', [{ field: 'data.nested.n', in: ['3'] }], true],
    ['empty value', [{ field: 'method', in: [''] }], true],
    ['missing field is empty', [{ field: 'data.absent', notIn: ['x'] }], true],
    [
      'every condition must hold',
      [
        { field: 'action', in: ['SCIMEvent'] },
        { field: 'data.scim_result', in: ['success'] },
      ],
      false,
    ],
  ])('%s', (_, conditions, expected) => {
    expect(matchesConditions(record, conditions)).toBe(expected);
  });
});
