import { randomAddress, randomDescopeId } from './demo-population.js';
import type { DemoWeek } from './demo-week.js';

/** A customer-defined action (created through `POST /v1/mgmt/audit/event`). */
export const DEMO_CUSTOM_ACTION = 'AcmeExportRequested';

const KEY_NAMES = ['ci-deploy', 'etl-sync', 'partner-api', 'billing-export'];
const PERMISSIONS = ['reports:export', 'users:read', 'billing:manage', 'audit:view'];
const SCIM_ERRORS = [
  'uniqueness: userName already exists',
  'invalidFilter: unsupported attribute',
  'mutability: id',
];

/** A SCIM 2.0 User resource, as a SCIM endpoint answers a successful request. */
function scimResource(userName: string, scimAction: string) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName,
    active: scimAction !== 'delete',
    emails: [{ value: userName, primary: true }],
    meta: { resourceType: 'User' },
  };
}

/** Access keys, SCIM provisioning, permissions and the custom export action. */
export function addPlatformEvents(week: DemoWeek): void {
  const { rng } = week;
  const { admins, tenants } = week.population;
  const admin = () => admins[rng.int(0, 1)] ?? '';
  const consoleWhere = { geo: 'US', remoteAddress: '192.0.2.10', device: 'Desktop' };

  const keys = [
    ['AccessKeyCreated', rng.int(1, 3)],
    ['AccessKeyModified', rng.int(0, 2)],
    ['AccessKeyDeleted', rng.int(0, 2)],
  ] as const;
  for (const [action, count] of keys) {
    for (let i = count; i > 0; i--) {
      const tenant = rng.chance(0.5) ? [rng.pick(tenants).id] : [];
      const data = { key_id: randomDescopeId(rng, 'K2'), name: rng.pick(KEY_NAMES) };
      week.add({
        ...consoleWhere,
        action,
        occurred: week.randomTime(),
        actorId: admin(),
        tenants: tenant,
        data,
      });
    }
  }

  for (let i = rng.int(20, 40); i > 0; i--) {
    const tenant = rng.pick(tenants.slice(0, 2));
    const scimAction = rng.pick(['create', 'update', 'update', 'delete']);
    const failed = rng.chance(0.1);
    const member = week.population.users.find((u) => u.tenants.includes(tenant.id) && rng.chance(0.1));
    week.add({
      action: 'SCIMEvent',
      occurred: week.randomTime(),
      userId: member?.userId ?? '',
      loginIds: member ? [member.loginId] : [],
      tenants: [tenant.id],
      actorId: `scim@${tenant.domain}`,
      remoteAddress: randomAddress(rng),
      data: {
        scim_action: scimAction,
        scim_request: `${scimAction === 'create' ? 'POST' : scimAction === 'delete' ? 'DELETE' : 'PATCH'} /scim/v2/Users`,
        // As Descope's SCIM audit page documents it: the SCIM resource on success; on failure no
        // result and the reason in `error`.
        ...(failed
          ? { error: rng.pick(SCIM_ERRORS) }
          : { scim_result: scimResource(member?.loginId ?? `${scimAction}@${tenant.domain}`, scimAction) }),
      },
    });
  }

  const permissions = [
    ['PermissionCreated', rng.int(1, 2), 'info'],
    ['PermissionModified', rng.int(0, 2), 'info'],
    ['PermissionDeleted', rng.int(0, 1), 'warn'],
  ] as const;
  for (const [action, count, type] of permissions) {
    for (let i = count; i > 0; i--) {
      const data = { permission_id: rng.pick(PERMISSIONS) };
      week.add({ ...consoleWhere, action, type, occurred: week.randomTime(), actorId: admin(), data });
    }
  }

  for (let i = rng.int(5, 15); i > 0; i--) {
    const user = week.randomUser();
    week.add({
      action: DEMO_CUSTOM_ACTION,
      occurred: week.randomTime(),
      userId: user.userId,
      loginIds: [user.loginId],
      tenants: [...user.tenants],
      actorId: user.loginId,
      geo: user.country,
      remoteAddress: user.addresses[0] ?? '',
      device: user.device,
      data: { export_id: week.correlationId(), format: 'csv', rows: rng.int(10, 5000) },
    });
  }
}
