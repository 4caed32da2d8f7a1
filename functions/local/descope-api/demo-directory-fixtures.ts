import { WEEK_MS } from '../../core/period/period.js';
import type { DemoDirectoryOptions } from './demo-directory.js';
import type { WireAccessKey, WireUser } from './directory-search-handler.js';

const DAY_MS = 86_400_000;
const seconds = (ms: number) => Math.floor(ms / 1000);
export const [ACME, GLOBEX] = ['T2aQ8dJ0kLmN3pR5sT7vW9xY1z', 'T2aB4cD6eF8gH0jK2mN4pQ6rS8'];

/** The user who is made Tenant Admin outside the audit trail, mid-week of the last complete week. */
export const OUT_OF_BAND_LOGIN_ID = 'temp.contractor@globex.example';

/** A contractor with no audit event at all, made Tenant Admin of Globex mid-week of the last complete week. */
export function outOfBandUser(
  options: DemoDirectoryOptions,
  anchor: number,
  names: ReadonlyMap<string, string>,
): WireUser {
  const grantedAt = anchor - WEEK_MS + 3.5 * DAY_MS;
  const roles = options.at > grantedAt ? ['Support Agent', 'Tenant Admin'] : ['Support Agent'];
  return {
    userId: 'U2OutOfBandDemoContractor00',
    loginIds: [OUT_OF_BAND_LOGIN_ID],
    name: 'Temp Contractor',
    email: OUT_OF_BAND_LOGIN_ID,
    status: 'enabled',
    createdTime: seconds(anchor - 60 * DAY_MS),
    roleNames: [],
    userTenants: [{ tenantId: GLOBEX, tenantName: names.get(GLOBEX) ?? '', roleNames: roles }],
    TOTP: false,
    SAML: false,
    webauthn: false,
    password: true,
    OAuth: {},
    test: false,
    lastLogin: seconds(anchor - 2 * DAY_MS),
  };
}

/** The console administrators who act in the demo trail (grants, impersonations, keys). */
export function consoleAdmins(anchor: number, admins: readonly string[]): WireUser[] {
  return admins
    .filter((loginId) => loginId.includes('@'))
    .map((loginId, n) => ({
      userId: `U2DemoConsoleAdmin${String(n).padStart(9, '0')}`,
      loginIds: [loginId],
      name: loginId.split('@')[0] ?? loginId,
      email: loginId,
      status: 'enabled',
      createdTime: seconds(anchor - 900 * DAY_MS),
      roleNames: n === 0 ? ['admin'] : ['admin', 'Support Agent'],
      userTenants: [],
      TOTP: n === 0,
      SAML: false,
      webauthn: true,
      password: false,
      OAuth: {},
      test: false,
      lastLogin: seconds(anchor - DAY_MS),
    }));
}

/** A never-expiring admin key and a tenant key expiring in two years. */
export function standingKeys(anchor: number): WireAccessKey[] {
  const base = { status: 'active' as const, boundUserId: '', createdBy: 'ops.admin@acme.example' };
  return [
    {
      ...base,
      id: 'K2DemoCiDeployAdminKey00000',
      name: 'ci-deploy (legacy)',
      clientId: 'C2DemoCiDeploy',
      roleNames: ['admin'],
      keyTenants: [],
      createdTime: seconds(anchor - 400 * DAY_MS),
      expireTime: 0,
      permittedIps: [],
    },
    {
      ...base,
      id: 'K2DemoAcmeProvisioning00000',
      name: 'acme-provisioning',
      clientId: 'C2DemoAcmeProv',
      roleNames: [],
      keyTenants: [{ tenantId: ACME, tenantName: 'Acme Corp', roleNames: ['Tenant Admin'] }],
      createdTime: seconds(anchor - 30 * DAY_MS),
      expireTime: seconds(anchor + 730 * DAY_MS),
      permittedIps: ['203.0.113.0/24'],
    },
  ];
}
