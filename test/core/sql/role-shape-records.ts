import type { AuditRecord } from '../../../functions/core/records/audit-record.js';

const base = Date.parse('2026-11-16T10:00:00Z');
let n = 0;
/** A role-change record; all at a few milliseconds so the tie-break order is exercised too. */
function modified(
  data: Record<string, unknown>,
  tenants: string[] = ['T1', 'T2'],
  more: Partial<AuditRecord> = {},
): AuditRecord {
  n += 1;
  return {
    id: `shape-${n}`,
    projectId: 'P2',
    userId: `U${n}`,
    action: n % 2 ? 'UserModified' : 'UsersModified',
    occurred: base + (n % 3),
    device: '',
    method: '',
    geo: '',
    remoteAddress: '',
    loginIds: [`u${n}@x`],
    tenants,
    data,
    type: 'info',
    actorId: 'A1',
    ...more,
  };
}

const VALUES: unknown[] = [
  'admin',
  '',
  ['a', 'b', ''],
  [],
  [
    { tenantId: 'T1', roleNames: ['Tenant Admin', ''] },
    { tenantId: 'T2', roleNames: 'viewer' },
  ],
  [{ tenantId: 'T1', roles: ['r'] }, 'bare', { roleNames: ['no tenant'] }],
  [{ tenantId: '', roleNames: ['empty tenant'] }],
  [{ tenantId: 5, roleNames: ['bad'] }],
  [
    { tenantId: 'T3', roleNames: 5 },
    { tenantId: 'T1', roleNames: ['ok'] },
  ],
  { tenantId: 'T1', roleNames: ['single'] },
  { tenantId: 'T2', roleNames: ['other single'] },
  { roleNames: ['no tenant single'] },
  { T1: ['m1', 'm2'], T2: 'm3' },
  { T1: ['m1'], T2: 5 },
  { '': ['x'] },
  {},
  5,
  true,
  null,
  [1, 'a'],
  [['nested']],
  [[]],
  [{ a: 1 }, [1, [2]]],
  { tenantId: null, roleNames: ['n'] },
];

/** Every role-change shape the readers know or refuse, under every key, in batches too. */
export const ROLE_SHAPE_RECORDS: AuditRecord[] = [
  ...VALUES.flatMap((value) => [
    modified({ Change: { added_roles: value } }),
    modified({ Change: { added_multi_tenant_roles: value } }, ['T1']),
    modified({ Change: { removed_roles: value, removed_multi_tenant_roles: value } }, ['T2', 'T1', 'T2', '']),
    modified({ Change: { roleNames: value, other: value }, role_hint: value }),
  ]),
  modified({ Change: { added_roles: ['admin'] }, userIds: ['U1', 'U2', '', 3] }, ['T1']),
  modified({ Change: { added_roles: 'x' }, loginIds: ['a@x', 'b@x'] }, []),
  modified({
    Change: { added_roles: ['shared'] },
    users: [
      { userId: 'U1', loginIds: ['a@x', 5, ''], Change: { added_multi_tenant_roles: ['Tenant Admin'] } },
      { id: 'U2', loginId: 'b@x', Change: { removed_roles: ['viewer'], role_hint: 1 } },
      { userId: 7 },
      'not a user',
    ],
  }),
  modified({ users: [{ userId: 'U9' }], roleNames: ['Tenant Admin'], userIds: ['U1'] }),
  modified({ Change: 'not an object', added_roles: ['x'] }),
  modified({ Change: { added_multi_tenant_roles: { T1: ['a'], T2: ['b'] } } }, ['T1', 'T2'], {
    userId: '',
    loginIds: [],
  }),
];
