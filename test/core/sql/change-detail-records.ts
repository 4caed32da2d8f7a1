import { queryDefinitionSchema } from '../../../functions/core/catalog/query-definition.js';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';

const base = Date.parse('2026-11-17T08:00:00Z');

/** Change details holding what JSON text can differ on: numbers, escapes, key order, other tenants. */
export const CHANGE_DETAIL_RECORDS: AuditRecord[] = [
  {
    Change: {
      display_name: 'ctl\u001f\u000b\u007f "q" \\ /',
      big: 1e21,
      small: 1.5e-7,
      exact: 12345678901234567000,
      '7': 'numeric key',
      nested: { deep: [1e300, { '\u001b': null }] },
      added_multi_tenant_roles: [
        { tenantId: 'T1', roleNames: ['a'] },
        { tenantId: 'T2', roleNames: ['b'] },
      ],
      removed_roles: { T2: ['gone'], T1: null },
    },
  },
  { Change: { added_roles: { tenantId: 'T2', roleNames: ['x'] }, note: 'e1 "1e21"' } },
  { Change: { display_name: 'no role key', count: 2e25 } },
  {
    users: [
      { userId: 'U1', Change: { added_multi_tenant_roles: { T1: ['m'], T2: ['n'] }, z: 1 } },
      { id: 'U2', Change: 'not an object' },
      'plain',
      null,
      5e22,
      {
        loginId: 'x@y',
        Change: { removed_multi_tenant_roles: [{ tenantId: 'T2', roleNames: 'r' }, 'bare'] },
      },
    ],
    Change: { added_roles: ['shared'] },
  },
  { users: [], Change: [] },
  { Change: {} },
  { Change: { added_multi_tenant_roles: [{ tenantId: '', roleNames: ['empty'] }, { tenantId: 5 }] } },
].map((data, i) => ({
  id: `change-${i}`,
  projectId: 'P2',
  userId: `U${i}`,
  action: 'UserModified',
  occurred: base + (i % 2),
  device: '',
  method: '',
  geo: '',
  remoteAddress: '',
  loginIds: [`u${i}@x`],
  tenants: i % 3 === 0 ? ['T1', 'T2'] : i % 3 === 1 ? ['T2'] : ['T1', 'T-2', 'T1'],
  data,
  type: 'info',
  actorId: 'A1',
}));

const rows = (id: string, fields: string[], where: unknown[] = []) =>
  queryDefinitionSchema.parse({
    id,
    title: id,
    filter: {},
    where,
    aggregation: { kind: 'rows', columns: fields.map((field, i) => ({ column: `c${i}`, field })) },
  });

/** Custom `rows` queries showing change details, as a catalog may define them. */
export const CHANGE_DETAIL_QUERIES = [
  rows('change', ['data.Change']),
  rows('whole-data', ['userId', 'data']),
  rows('users', ['data.users']),
  rows('paths', [
    'data.Change.added_multi_tenant_roles',
    'data.Change.added_roles',
    'data.Change.removed_roles',
    'data.users.0.Change',
    'data.Change.added_multi_tenant_roles.1.tenantId',
    'data.Change.big',
    'data.Change.nested',
  ]),
  rows(
    'where-change',
    ['data.Change'],
    [{ field: 'data.Change.added_multi_tenant_roles.0.tenantId', in: ['T2'] }],
  ),
  rows('where-users', ['tenants', 'data.Change.added_roles'], [{ field: 'data.users', notIn: ['plain'] }]),
];
