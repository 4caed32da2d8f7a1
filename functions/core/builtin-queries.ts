import {
  type QueryDefinition,
  type QueryDefinitionInput,
  queryDefinitionSchema,
} from './query-definition.js';

// Controls each section evidences. PCI DSS numbers are v4.0 requirement 10.2.1.x.
const CC6_2 = 'SOC 2 CC6.2';
const CC6_3 = 'SOC 2 CC6.3';
const CC6_6 = 'SOC 2 CC6.6';
const CC7_2 = 'SOC 2 CC7.2';
const PCI_ADMIN_ACTIONS = 'PCI DSS 10.2.1.2';
const PCI_INVALID_ACCESS = 'PCI DSS 10.2.1.4';
const PCI_CREDENTIAL_CHANGES = 'PCI DSS 10.2.1.5';

/**
 * Searches shared by several queries: one request series per filter, each query keeping its own
 * records with `where`. Sharing keeps the built-in catalog within Descope's 10 searches a minute.
 */
const LOGIN_FAILURES = { actions: ['LoginFailed', 'LoginExceedMaxAttempts'] };
const ROLE_CHANGES = { actions: ['UserModified', 'UsersModified'] };
const USER_ACTIONS = ['UserCreated', 'UsersCreated', 'UserDeleted', 'UsersDeleted'];
const KEY_ACTIONS = ['AccessKeyCreated', 'AccessKeyModified', 'AccessKeyDeleted', 'AccessKeysDeleted'];
const PERMISSION_ACTIONS = ['PermissionCreated', 'PermissionModified', 'PermissionDeleted'];
const ADMINISTRATION = { actions: [...USER_ACTIONS, ...KEY_ACTIONS, 'SCIMEvent', ...PERMISSION_ACTIONS] };

const failed = {
  filter: LOGIN_FAILURES,
  collection: 'login-failures',
  where: [{ field: 'action', in: ['LoginFailed'] }],
};
const administration = (actions: string[]) => ({
  filter: ADMINISTRATION,
  collection: 'administration',
  where: [{ field: 'action', in: actions }],
});
const roleColumns = [
  { column: 'occurred', field: 'occurred' },
  { column: 'user_id', field: 'userId' },
  { column: 'login_ids', field: 'loginIds' },
  { column: 'role', field: 'role' },
  { column: 'tenant', field: 'tenant' },
  { column: 'scope', field: 'scope' },
  { column: 'actor_id', field: 'actorId' },
  { column: 'remote_address', field: 'remoteAddress' },
  { column: 'record_id', field: 'id' },
];

const builtins: QueryDefinitionInput[] = [
  {
    id: 'failed-logins-per-day',
    title: 'Failed logins per day',
    description: 'LoginFailed events per UTC day of the period.',
    controls: [CC6_6, PCI_INVALID_ACCESS],
    ...failed,
    aggregation: { kind: 'series', count: 'failed_logins' },
  },
  {
    id: 'failed-logins-by-geo',
    title: 'Failed logins by country',
    headline: 'Failed logins',
    description: 'LoginFailed events grouped by the country Descope resolved from the source IP.',
    controls: [CC6_6, PCI_INVALID_ACCESS],
    ...failed,
    aggregation: {
      kind: 'group',
      groupBy: [{ column: 'geo', field: 'geo' }],
      count: 'failed_logins',
      distinct: [
        { column: 'distinct_users', field: 'userId' },
        { column: 'distinct_login_ids', field: 'loginIds' },
        { column: 'distinct_ips', field: 'remoteAddress' },
      ],
      top: 10,
      chart: true,
    },
  },
  {
    id: 'failed-logins-by-method',
    title: 'Failed logins by method',
    description: 'LoginFailed events grouped by authentication method (password, otp, magiclink, …).',
    controls: [CC6_6, PCI_INVALID_ACCESS],
    ...failed,
    aggregation: {
      kind: 'group',
      groupBy: [{ column: 'method', field: 'method' }],
      count: 'failed_logins',
      distinct: [
        { column: 'distinct_users', field: 'userId' },
        { column: 'distinct_ips', field: 'remoteAddress' },
      ],
    },
  },
  {
    id: 'failed-logins-by-device',
    title: 'Failed logins by device',
    description: 'LoginFailed events grouped by the device class Descope reported (Bot, Desktop, Mobile, …).',
    controls: [CC6_6, PCI_INVALID_ACCESS],
    ...failed,
    aggregation: {
      kind: 'group',
      groupBy: [{ column: 'device', field: 'device' }],
      count: 'failed_logins',
      distinct: [
        { column: 'distinct_users', field: 'userId' },
        { column: 'distinct_ips', field: 'remoteAddress' },
      ],
    },
  },
  {
    id: 'failed-logins-by-ip',
    title: 'Top source addresses of failed logins',
    description: 'LoginFailed events grouped by source IP address and its country, most active first.',
    controls: [CC6_6, PCI_INVALID_ACCESS],
    ...failed,
    aggregation: {
      kind: 'group',
      groupBy: [
        { column: 'remote_address', field: 'remoteAddress' },
        { column: 'geo', field: 'geo' },
      ],
      count: 'failed_logins',
      distinct: [
        { column: 'distinct_users', field: 'userId' },
        { column: 'distinct_login_ids', field: 'loginIds' },
      ],
      top: 10,
    },
  },
  {
    id: 'failed-logins-by-login-id',
    title: 'Most targeted login IDs',
    description: 'LoginFailed events grouped by the login ID tried, whether or not a user has it.',
    controls: [CC6_6, PCI_INVALID_ACCESS],
    ...failed,
    aggregation: {
      kind: 'group',
      groupBy: [{ column: 'login_id', field: 'loginIds' }],
      count: 'failed_logins',
      distinct: [
        { column: 'distinct_ips', field: 'remoteAddress' },
        { column: 'distinct_geos', field: 'geo' },
      ],
      top: 10,
    },
  },
  {
    id: 'lockouts',
    title: 'Lockouts',
    headline: 'Lockouts',
    description: 'LoginExceedMaxAttempts: users who reached the maximum failed attempts and were disabled.',
    controls: [CC6_6, PCI_INVALID_ACCESS],
    filter: LOGIN_FAILURES,
    collection: 'login-failures',
    where: [{ field: 'action', in: ['LoginExceedMaxAttempts'] }],
    aggregation: {
      kind: 'rows',
      columns: [
        { column: 'occurred', field: 'occurred' },
        { column: 'user_id', field: 'userId' },
        { column: 'login_ids', field: 'loginIds' },
        { column: 'tenants', field: 'tenants' },
        { column: 'geo', field: 'geo' },
        { column: 'remote_address', field: 'remoteAddress' },
        { column: 'device', field: 'device' },
        { column: 'reason', field: 'data.error_message' },
        { column: 'record_id', field: 'id' },
      ],
    },
  },
  {
    id: 'impersonations',
    title: 'Impersonated logins',
    headline: 'Impersonations',
    description: 'LoginSucceed with method Impersonate: the actor signed in as the target user.',
    controls: [CC7_2, PCI_ADMIN_ACTIONS],
    filter: { actions: ['LoginSucceed'], methods: ['Impersonate'] },
    aggregation: {
      kind: 'rows',
      columns: [
        { column: 'occurred', field: 'occurred' },
        { column: 'actor_id', field: 'actorId' },
        { column: 'target_user_id', field: 'userId' },
        { column: 'target_login_ids', field: 'loginIds' },
        { column: 'tenants', field: 'tenants' },
        { column: 'remote_address', field: 'remoteAddress' },
        { column: 'geo', field: 'geo' },
        { column: 'record_id', field: 'id' },
      ],
    },
  },
  {
    id: 'role-grants',
    title: 'Role grants',
    headline: 'Roles granted',
    description:
      'Roles granted through UserModified changes: project roles (added_roles) and tenant roles (added_multi_tenant_roles).',
    controls: [CC6_3, PCI_CREDENTIAL_CHANGES],
    filter: ROLE_CHANGES,
    collection: 'role-changes',
    aggregation: { kind: 'rows', expand: 'roleGrants', columns: roleColumns },
  },
  {
    id: 'role-revocations',
    title: 'Role revocations',
    headline: 'Roles revoked',
    description:
      'Roles removed, where the change details carry them (removed_roles, removed_multi_tenant_roles). ' +
      'Descope logs new values, so a revocation it does not spell out cannot be listed here.',
    controls: [CC6_3, PCI_CREDENTIAL_CHANGES],
    filter: ROLE_CHANGES,
    collection: 'role-changes',
    aggregation: { kind: 'rows', expand: 'roleRevocations', columns: roleColumns },
  },
  {
    id: 'user-lifecycle',
    title: 'Users created and deleted',
    headline: 'Users created or deleted',
    description:
      'UserCreated, UserDeleted and their batch forms (UsersCreated, UsersDeleted, with the batch size), with who did it.',
    controls: [CC6_2, PCI_CREDENTIAL_CHANGES],
    ...administration(USER_ACTIONS),
    aggregation: {
      kind: 'rows',
      columns: [
        { column: 'occurred', field: 'occurred' },
        { column: 'action', field: 'action' },
        { column: 'user_id', field: 'userId' },
        { column: 'login_ids', field: 'loginIds' },
        { column: 'tenants', field: 'tenants' },
        { column: 'actor_id', field: 'actorId' },
        { column: 'batch_count', field: 'data.count' },
        { column: 'remote_address', field: 'remoteAddress' },
        { column: 'record_id', field: 'id' },
      ],
    },
  },
  {
    id: 'access-keys',
    title: 'Access keys created, modified and deleted',
    headline: 'Access key changes',
    description:
      'AccessKeyCreated, AccessKeyModified, AccessKeyDeleted and AccessKeysDeleted, with who did it.',
    controls: [CC6_2, PCI_CREDENTIAL_CHANGES],
    ...administration(KEY_ACTIONS),
    aggregation: {
      kind: 'rows',
      columns: [
        { column: 'occurred', field: 'occurred' },
        { column: 'action', field: 'action' },
        { column: 'key_id', field: 'data.key_id' },
        { column: 'key_name', field: 'data.name' },
        { column: 'tenants', field: 'tenants' },
        { column: 'actor_id', field: 'actorId' },
        { column: 'remote_address', field: 'remoteAddress' },
        { column: 'record_id', field: 'id' },
      ],
    },
  },
  {
    id: 'scim-provisioning',
    title: 'SCIM provisioning by operation and outcome',
    headline: 'SCIM events',
    description:
      'SCIMEvent records grouped by SCIM operation (data.scim_action) and result (data.scim_result).',
    controls: [CC6_2],
    ...administration(['SCIMEvent']),
    aggregation: {
      kind: 'group',
      groupBy: [
        { column: 'operation', field: 'data.scim_action' },
        { column: 'outcome', field: 'data.scim_result' },
      ],
      count: 'events',
      distinct: [
        { column: 'distinct_users', field: 'userId' },
        { column: 'distinct_tenants', field: 'tenants' },
      ],
    },
  },
  {
    id: 'scim-failures',
    title: 'Failed SCIM requests',
    description: 'SCIMEvent records whose result is not success, with the request and the error.',
    controls: [CC6_2],
    filter: ADMINISTRATION,
    collection: 'administration',
    where: [
      { field: 'action', in: ['SCIMEvent'] },
      { field: 'data.scim_result', notIn: ['success'] },
    ],
    aggregation: {
      kind: 'rows',
      columns: [
        { column: 'occurred', field: 'occurred' },
        { column: 'operation', field: 'data.scim_action' },
        { column: 'request', field: 'data.scim_request' },
        { column: 'error', field: 'data.error' },
        { column: 'tenants', field: 'tenants' },
        { column: 'user_id', field: 'userId' },
        { column: 'actor_id', field: 'actorId' },
        { column: 'record_id', field: 'id' },
      ],
    },
  },
  {
    id: 'permission-changes',
    title: 'Permission changes',
    headline: 'Permission changes',
    description: 'PermissionCreated, PermissionModified and PermissionDeleted, with who did it.',
    controls: [CC6_3, PCI_ADMIN_ACTIONS],
    ...administration(PERMISSION_ACTIONS),
    aggregation: {
      kind: 'rows',
      columns: [
        { column: 'occurred', field: 'occurred' },
        { column: 'action', field: 'action' },
        { column: 'permission', field: 'data.permission_id' },
        { column: 'actor_id', field: 'actorId' },
        { column: 'remote_address', field: 'remoteAddress' },
        { column: 'record_id', field: 'id' },
      ],
    },
  },
];

/** The queries every report runs unless configuration disables them, in report order. */
export const BUILTIN_QUERIES: readonly QueryDefinition[] = builtins.map((q) =>
  queryDefinitionSchema.parse(q),
);

/** Built-in queries the findings read (a finding is "not evaluated" when its query is disabled). */
export const FINDING_QUERIES = {
  failedByGeo: 'failed-logins-by-geo',
  failedByIp: 'failed-logins-by-ip',
  roleGrants: 'role-grants',
  impersonations: 'impersonations',
} as const;
