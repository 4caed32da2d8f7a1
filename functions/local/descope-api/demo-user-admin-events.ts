import type { DemoUser } from './demo-population.js';
import { type DemoWeek, HOSTILE_USER_AGENT } from './demo-week.js';

/** A role name that is a spreadsheet formula, so CSV formula escaping is visible in the demo. */
export const HOSTILE_ROLE = '=HYPERLINK("http://evil.test","x")';

const ROLES = ['Tenant Admin', 'Billing Admin', 'Support Agent', 'Auditor', 'Report Viewer'];
const DEPARTMENTS = ['Finance', 'Engineering', 'Sales', 'Support'];

type Channel = 'console' | 'api' | 'self';

/** Who made a change and through what, as Descope records it in `data.request_details`. */
function changeContext(week: DemoWeek, user: DemoUser, channel: Channel, userAgent?: string) {
  const { admins } = week.population;
  const actorId =
    channel === 'console'
      ? (admins[week.rng.int(0, 1)] ?? '')
      : channel === 'api'
        ? (admins[2] ?? '')
        : user.loginId;
  const agent = userAgent ?? (channel === 'api' ? 'descope-node-sdk/2.13.0' : week.userAgent());
  const request_details = {
    host: channel === 'console' ? 'console.descope.com' : 'api.descope.com',
    method: 'POST',
    uri:
      channel === 'console'
        ? `/console/v1/users/${user.userId}`
        : channel === 'api'
          ? '/v1/mgmt/user/update'
          : '/v1/auth/me/update',
    headers: {
      http: {
        'user-agent': agent,
        ...(channel === 'console' ? { origin: 'https://console.descope.com' } : {}),
      },
    },
  };
  return {
    actorId,
    geo: channel === 'api' ? '' : channel === 'console' ? 'US' : user.country,
    remoteAddress:
      channel === 'api' ? '203.0.113.250' : channel === 'console' ? '192.0.2.10' : (user.addresses[0] ?? ''),
    device: channel === 'api' ? '' : 'Desktop',
    request_details,
  };
}

function addUserModified(
  week: DemoWeek,
  user: DemoUser,
  change: Record<string, unknown>,
  channel: Channel,
  tenants = user.tenants,
  userAgent?: string,
): void {
  const { request_details, ...where } = changeContext(week, user, channel, userAgent);
  week.add({
    ...where,
    action: 'UserModified',
    occurred: week.randomTime(),
    userId: user.userId,
    loginIds: [user.loginId],
    tenants: [...tenants],
    data: { Change: change, correlation_id: week.correlationId(), request_details },
  });
}

function profileChange(week: DemoWeek, user: DemoUser): Record<string, unknown> {
  const { rng } = week;
  const [given = '', family = ''] = user.displayName.split(' ');
  const change: Record<string, unknown> = {};
  if (rng.chance(0.5)) change.display_name = `${user.displayName}${rng.chance(0.5) ? ' (PTO)' : ''}`;
  if (rng.chance(0.3)) Object.assign(change, { given_name: given, family_name: family });
  if (rng.chance(0.4)) change.phone = `1555${rng.int(1_000_000, 9_999_999)}`;
  if (rng.chance(0.3)) change.custom_attribute_department = rng.pick(DEPARTMENTS);
  if (rng.chance(0.3) || Object.keys(change).length === 0)
    change.custom_attribute_emailConsent = rng.chance(0.5);
  return change;
}

/**
 * `UserModified`: mostly profile edits, some project and tenant role grants (the tenant is in the
 * record's `tenants`, not in `Change`), the occasional revocation, plus one grant of a formula-shaped
 * role and one edit from a user agent carrying markup.
 */
export function addUserModifications(week: DemoWeek): void {
  const { rng } = week;
  for (let i = rng.int(45, 65); i > 0; i--) {
    const user = week.randomUser();
    addUserModified(
      week,
      user,
      profileChange(week, user),
      rng.pick<Channel>(['self', 'self', 'console', 'api']),
    );
  }
  for (let i = rng.int(5, 9); i > 0; i--) {
    const user = week.randomUser();
    const tenant = user.tenants[0] ?? rng.pick(week.population.tenants).id;
    if (rng.chance(0.5))
      addUserModified(week, user, { added_roles: [rng.pick(ROLES)] }, rng.pick<Channel>(['console', 'api']));
    else addUserModified(week, user, { added_multi_tenant_roles: [rng.pick(ROLES)] }, 'console', [tenant]);
  }
  for (let i = rng.int(0, 2); i > 0; i--) {
    addUserModified(week, week.randomUser(), { removed_roles: [rng.pick(ROLES)] }, 'console');
  }
  addUserModified(week, week.randomUser(), { added_roles: [HOSTILE_ROLE] }, 'api');
  const edited = week.randomUser();
  addUserModified(
    week,
    edited,
    { display_name: edited.displayName },
    'self',
    edited.tenants,
    HOSTILE_USER_AGENT,
  );
}
