import { ROLE_CHANGE_KEYS } from '../records/role-change-keys.js';
import type { QueryDefinitionInput } from './query-definition.js';

const { added, removed } = ROLE_CHANGE_KEYS;
const SHAPES =
  'each as a role name, a list of role names, a list of { tenantId, roleNames } or an object of tenant ID → role names';

/** Role changes share one search; users, access keys, SCIM and permissions share another. */
const ROLE_CHANGES = { actions: ['UserModified', 'UsersModified'] };
const USER_ACTIONS = ['UserCreated', 'UsersCreated', 'UserDeleted', 'UsersDeleted'];
const KEY_ACTIONS = ['AccessKeyCreated', 'AccessKeyModified', 'AccessKeyDeleted', 'AccessKeysDeleted'];
const PERMISSION_ACTIONS = ['PermissionCreated', 'PermissionModified', 'PermissionDeleted'];
const ADMINISTRATION = { actions: [...USER_ACTIONS, ...KEY_ACTIONS, 'SCIMEvent', ...PERMISSION_ACTIONS] };

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

/** Role, user, access-key, SCIM and permission changes, in report order. */
export const ADMINISTRATION_QUERIES: QueryDefinitionInput[] = [
  {
    id: 'role-grants',
    title: 'Role grants',
    headline: 'Roles granted',
    description:
      `Roles granted in UserModified and UsersModified change details: project roles (${added.project}) and ` +
      `tenant roles (${added.tenant}), ${SHAPES}. A batch change counts for each user it names. ` +
      'Keys naming roles in any other way are listed under Change details not understood.',
    filter: ROLE_CHANGES,
    collection: 'role-changes',
    aggregation: { kind: 'rows', expand: 'roleGrants', columns: roleColumns },
  },
  {
    id: 'role-revocations',
    title: 'Role revocations',
    headline: 'Roles revoked',
    description:
      `Roles removed, where the change details carry them (${removed.project}, ${removed.tenant}), ${SHAPES}. ` +
      'Descope logs new values, so a revocation it does not spell out cannot be listed here.',
    filter: ROLE_CHANGES,
    collection: 'role-changes',
    aggregation: { kind: 'rows', expand: 'roleRevocations', columns: roleColumns },
  },
  {
    id: 'role-changes-not-understood',
    title: 'Change details not understood',
    headline: 'Change details not understood',
    description:
      'UserModified and UsersModified change keys that name roles but cannot be read, one row per key and user. ' +
      `Roles are read from ${added.project}, ${added.tenant}, ${removed.project} and ${removed.tenant}, ${SHAPES}; ` +
      'any other key mentioning roles, or one of these in another shape, is listed here and raised as a finding, ' +
      'because the roles it grants or removes are not counted in Role grants or Role revocations.',
    filter: ROLE_CHANGES,
    collection: 'role-changes',
    aggregation: {
      kind: 'rows',
      expand: 'roleChangesNotUnderstood',
      columns: [
        { column: 'occurred', field: 'occurred' },
        { column: 'action', field: 'action' },
        { column: 'change_key', field: 'changeKey' },
        { column: 'value_shape', field: 'valueShape' },
        { column: 'user_id', field: 'userId' },
        { column: 'login_ids', field: 'loginIds' },
        { column: 'actor_id', field: 'actorId' },
        { column: 'record_id', field: 'id' },
      ],
    },
  },
  {
    id: 'user-lifecycle',
    title: 'Users created and deleted',
    headline: 'Users created or deleted',
    description:
      'UserCreated, UserDeleted and their batch forms (UsersCreated, UsersDeleted, with the batch size), with who did it.',
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
      'SCIMEvent records grouped by SCIM operation (data.scim_action) and outcome: succeeded when the event ' +
      'carries the SCIM resource (data.scim_result), failed when it carries an error (data.error), unknown otherwise.',
    ...administration(['SCIMEvent']),
    aggregation: {
      kind: 'group',
      groupBy: [
        { column: 'operation', field: 'data.scim_action' },
        { column: 'outcome', field: 'scimOutcome' },
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
    description:
      'SCIMEvent records that failed (no SCIM resource in data.scim_result, an error in data.error), with the request and the error.',
    filter: ADMINISTRATION,
    collection: 'administration',
    where: [
      { field: 'action', in: ['SCIMEvent'] },
      { field: 'scimOutcome', in: ['failed'] },
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
