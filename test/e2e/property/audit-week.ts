import fc from 'fast-check';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';
import { hostile, tenantId } from './hostile-values.js';

/** One generated event, as the test models it (the reference counts are computed from these). */
export type ModelEvent =
  | { kind: 'failed'; fields: Fields }
  | { kind: 'lockout'; fields: Fields }
  | { kind: 'impersonation'; fields: Fields }
  | { kind: 'grant'; fields: Fields; projectRoles: string[]; tenantRoles: Array<[string, string[]]> }
  | { kind: 'scim'; fields: Fields; failed: boolean; error: string }
  | { kind: 'custom'; fields: Fields; action: string };

interface Fields {
  userId: string;
  loginIds: string[];
  tenants: string[];
  geo: string;
  method: string;
  device: string;
  remoteAddress: string;
  actorId: string;
  extra: Array<[string, string]>;
}

const fields: fc.Arbitrary<Fields> = fc.record({
  userId: hostile,
  loginIds: fc.array(hostile, { maxLength: 2 }),
  tenants: fc.array(tenantId, { maxLength: 3 }),
  geo: hostile,
  method: hostile,
  device: hostile,
  remoteAddress: hostile,
  actorId: hostile,
  extra: fc.array(fc.tuple(hostile, hostile), { maxLength: 2 }),
});

const role = fc.oneof(hostile, fc.constant('Tenant Admin'));

export const modelEvent: fc.Arbitrary<ModelEvent> = fc.oneof(
  fields.map((f) => ({ kind: 'failed' as const, fields: f })),
  fields.map((f) => ({ kind: 'lockout' as const, fields: f })),
  fields.map((f) => ({ kind: 'impersonation' as const, fields: f })),
  fields.chain((f) =>
    fc.record({
      kind: fc.constant('grant' as const),
      fields: fc.constant(f),
      projectRoles: fc.array(role, { maxLength: 2 }),
      // A tenant role is given in one of the record's own tenants.
      tenantRoles:
        f.tenants.length === 0
          ? fc.constant([] as Array<[string, string[]]>)
          : fc.array(fc.tuple(fc.constantFrom(...f.tenants), fc.array(role, { maxLength: 2 })), {
              maxLength: 2,
            }),
    }),
  ),
  fc.record({ kind: fc.constant('scim' as const), fields, failed: fc.boolean(), error: hostile }),
  fc.record({ kind: fc.constant('custom' as const), fields, action: hostile }),
);

const ACTIONS = {
  failed: 'LoginFailed',
  lockout: 'LoginExceedMaxAttempts',
  impersonation: 'LoginSucceed',
  grant: 'UserModified',
  scim: 'SCIMEvent',
} as const;

/** An object holding `entries` as own keys, `__proto__` included (never a prototype change). */
function ownObject(entries: Array<[string, unknown]>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries)
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

function dataOf(event: ModelEvent): Record<string, unknown> {
  const extra = event.fields.extra.filter(
    ([key]) =>
      !['Change', 'scim_result', 'error', 'users', 'userIds', 'loginIds'].includes(key) && !/role/i.test(key),
  );
  const own: Array<[string, unknown]> = [];
  if (event.kind === 'grant') {
    own.push([
      'Change',
      ownObject([
        ['added_roles', event.projectRoles],
        [
          'added_multi_tenant_roles',
          event.tenantRoles.map(([tenantId, roleNames]) => ({ tenantId, roleNames })),
        ],
      ]),
    ]);
  }
  if (event.kind === 'scim') {
    own.push(['scim_action', event.fields.method]);
    own.push(
      event.failed ? ['error', event.error || 'failed'] : ['scim_result', { userName: event.fields.userId }],
    );
  }
  return ownObject([...extra, ...own]);
}

/** The Descope audit record of a model event, at `occurred`, with a unique `id`. */
export function toAuditRecord(event: ModelEvent, id: string, occurred: number): AuditRecord {
  const f = event.fields;
  return {
    id,
    projectId: 'P2LocalDemo0000000000000000000',
    userId: f.userId,
    action: event.kind === 'custom' ? `Custom${event.action}` : ACTIONS[event.kind],
    occurred,
    device: f.device,
    method: event.kind === 'impersonation' ? 'Impersonate' : f.method === 'Impersonate' ? 'x' : f.method,
    geo: f.geo,
    remoteAddress: f.remoteAddress,
    loginIds: f.loginIds,
    tenants: f.tenants,
    data: dataOf(event),
    type: 'info',
    actorId: f.actorId,
  };
}
