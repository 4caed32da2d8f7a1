import {
  type QueryDefinition,
  type QueryDefinitionInput,
  queryDefinitionSchema,
} from './query-definition.js';

const builtins: QueryDefinitionInput[] = [
  {
    id: 'failed-logins-by-geo',
    title: 'Failed logins by country',
    headline: 'Failed logins',
    description: 'LoginFailed events grouped by the country Descope resolved from the source IP.',
    controls: ['SOC 2 CC6.6', 'PCI DSS 10.2.4'],
    filter: { actions: ['LoginFailed'] },
    aggregation: {
      kind: 'group',
      groupBy: [{ column: 'geo', field: 'geo' }],
      count: 'failed_logins',
      distinct: [
        { column: 'distinct_users', field: 'userId' },
        { column: 'distinct_login_ids', field: 'loginIds' },
        { column: 'distinct_ips', field: 'remoteAddress' },
      ],
    },
  },
  {
    id: 'role-grants',
    title: 'Role grants',
    headline: 'Roles granted',
    description:
      'Roles granted through UserModified changes: project roles (added_roles) and tenant roles (added_multi_tenant_roles).',
    controls: ['SOC 2 CC6.3', 'PCI DSS 10.2.5'],
    filter: { actions: ['UserModified'] },
    aggregation: {
      kind: 'rows',
      expand: 'roleGrants',
      columns: [
        { column: 'occurred', field: 'occurred' },
        { column: 'user_id', field: 'userId' },
        { column: 'login_ids', field: 'loginIds' },
        { column: 'role', field: 'role' },
        { column: 'tenant', field: 'tenant' },
        { column: 'scope', field: 'scope' },
        { column: 'actor_id', field: 'actorId' },
        { column: 'remote_address', field: 'remoteAddress' },
        { column: 'record_id', field: 'id' },
      ],
    },
  },
];

/** The queries every report runs unless configuration disables them. */
export const BUILTIN_QUERIES: readonly QueryDefinition[] = builtins.map((q) =>
  queryDefinitionSchema.parse(q),
);
