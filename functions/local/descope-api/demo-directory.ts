import { startOfIsoWeek } from '../../core/period/period.js';
import type { AuditRecord } from '../../core/records/audit-record.js';
import { ACME, consoleAdmins, GLOBEX, outOfBandUser, standingKeys } from './demo-directory-fixtures.js';
import { type DemoPopulation, type DemoUser, HOSTILE_LOGIN_ID } from './demo-population.js';
import type { StandInDirectory, WireAccessKey, WireUser } from './directory-search-handler.js';

const DAY_MS = 86_400_000;
const seconds = (ms: number) => Math.floor(ms / 1000);

export interface DemoDirectoryOptions {
  population: DemoPopulation;
  /** The demo audit records: their role grants and created keys shape the directory. */
  records: readonly AuditRecord[];
  /** The instant whose state is served: grants and keys after it are not applied yet. */
  at: number;
  /** The demo's clock (anchors creation and login times, so two states differ only by what happened between them). */
  now: number;
}

export { OUT_OF_BAND_LOGIN_ID } from './demo-directory-fixtures.js';

type Draft = WireUser;

function draftOf(user: DemoUser, anchor: number, n: number, tenantNames: ReadonlyMap<string, string>): Draft {
  const factors = user.method;
  return {
    userId: user.userId,
    loginIds: [user.loginId],
    name: user.displayName,
    email: user.loginId,
    status: 'enabled',
    createdTime: seconds(anchor - (200 + (n % 500)) * DAY_MS),
    roleNames: [],
    userTenants: user.tenants.map((tenantId) => ({
      tenantId,
      tenantName: tenantNames.get(tenantId) ?? '',
      roleNames: [],
    })),
    TOTP: factors === 'totp',
    SAML: factors === 'saml',
    webauthn: n % 5 !== 0,
    password: factors === 'password',
    OAuth: factors === 'oauth' ? { google: true } : {},
    test: false,
    lastLogin: seconds(anchor - (n % 20) * DAY_MS),
  };
}

/** Grants a role (`tenantId` empty: project-wide). */
function grant(user: Draft, role: string, tenantId: string, tenantName: string): void {
  if (!tenantId) {
    if (!user.roleNames.includes(role)) user.roleNames.push(role);
    return;
  }
  let entry = user.userTenants.find((t) => t.tenantId === tenantId);
  if (!entry) {
    entry = { tenantId, tenantName, roleNames: [] };
    user.userTenants.push(entry);
  }
  if (!entry.roleNames.includes(role)) entry.roleNames.push(role);
}

const list = (value: unknown) =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/**
 * The demo directory as it stands at `at`: users who hold a role (a baseline of administrators and
 * tenant admins, plus every role the demo audit trail grants before `at`, minus its revocations),
 * one Tenant Admin granted with no audit event (mid-week of the last complete week before `now`),
 * a disabled Billing Admin, a dormant tenant admin, a never-expiring admin key, a long-lived tenant
 * key and the keys the trail's AccessKeyCreated events created.
 */
export function generateDemoDirectory(options: DemoDirectoryOptions): StandInDirectory {
  const anchor = startOfIsoWeek(options.now);
  const names = new Map(options.population.tenants.map((t) => [t.id, t.name]));
  const byId = new Map(options.population.users.map((u, n) => [u.userId, { user: u, n }]));
  const drafts = new Map<string, Draft>();
  const draft = (userId: string) => {
    const known = byId.get(userId);
    if (!known) return undefined;
    const existing = drafts.get(userId) ?? draftOf(known.user, anchor, known.n, names);
    drafts.set(userId, existing);
    return existing;
  };
  const users = options.population.users;
  const pick = (n: number) => users[n]?.userId ?? '';
  // Baseline, held before the demo's audit data begins.
  for (const [n, tenantId] of [
    [3, ACME],
    [11, GLOBEX],
  ] as const) {
    const admin = draft(pick(n));
    if (admin) grant(admin, 'Tenant Admin', tenantId, names.get(tenantId) ?? '');
  }
  const dormant = draft(pick(20));
  if (dormant) {
    grant(dormant, 'Tenant Admin', ACME, names.get(ACME) ?? '');
    Object.assign(dormant, { lastLogin: seconds(anchor - 140 * DAY_MS), TOTP: true });
  }
  const disabled = draft(pick(30));
  if (disabled) {
    disabled.status = 'disabled';
    grant(disabled, 'Billing Admin', '', '');
  }
  const noLastLogin = draft(pick(41));
  if (noLastLogin) {
    grant(noLastLogin, 'Support Agent', '', '');
    delete noLastLogin.lastLogin;
  }
  const hostile = users.findIndex((u) => u.loginId === HOSTILE_LOGIN_ID);
  const marked = draft(pick(hostile));
  if (marked)
    grant(
      marked,
      'Report Viewer',
      marked.userTenants[0]?.tenantId ?? '',
      marked.userTenants[0]?.tenantName ?? '',
    );

  const keys = new Map<string, WireAccessKey>();
  for (const r of options.records) {
    if (r.occurred >= options.at) break;
    const change = r.data.Change as Record<string, unknown> | undefined;
    if (r.action === 'UserModified' && change) {
      const project = list(change.added_roles);
      const tenant = list(change.added_multi_tenant_roles);
      // Profile edits leave the directory as it is: only users who hold roles are served.
      const user = project.length + tenant.length > 0 ? draft(r.userId) : drafts.get(r.userId);
      if (!user) continue;
      for (const role of project) grant(user, role, '', '');
      for (const role of tenant) grant(user, role, r.tenants[0] ?? '', names.get(r.tenants[0] ?? '') ?? '');
      for (const role of list(change.removed_roles))
        user.roleNames = user.roleNames.filter((x) => x !== role);
    }
    if (r.action === 'AccessKeyCreated' && typeof r.data.key_id === 'string') {
      const tenantId = r.tenants[0] ?? '';
      keys.set(r.data.key_id, {
        id: r.data.key_id,
        name: String(r.data.name ?? ''),
        roleNames: tenantId ? [] : ['Auditor'],
        keyTenants: tenantId
          ? [{ tenantId, tenantName: names.get(tenantId) ?? '', roleNames: ['Report Viewer'] }]
          : [],
        status: 'active',
        createdTime: seconds(r.occurred),
        expireTime: seconds(r.occurred + 90 * DAY_MS),
        createdBy: r.actorId,
        clientId: `C2${r.data.key_id.slice(2)}`,
        boundUserId: '',
        permittedIps: [],
      });
    }
  }
  const directory = [...drafts.values()];
  directory.push(...consoleAdmins(anchor, options.population.admins), outOfBandUser(options, anchor, names));
  return { users: directory, keys: [...standingKeys(anchor), ...keys.values()] };
}
