import type { QueryDefinitionInput } from './query-definition.js';

/**
 * Failed logins and lockouts share one search (`login-failures`); each query keeps its action with
 * `where`, so every breakdown costs no extra request.
 */
const LOGIN_FAILURES = { actions: ['LoginFailed', 'LoginExceedMaxAttempts'] };
const failed = {
  filter: LOGIN_FAILURES,
  collection: 'login-failures',
  where: [{ field: 'action', in: ['LoginFailed'] }],
};

/** Failed logins, lockouts and impersonations, in report order. */
export const LOGIN_QUERIES: QueryDefinitionInput[] = [
  {
    id: 'failed-logins-per-day',
    title: 'Failed logins per day',
    description: 'LoginFailed events per UTC day of the period.',
    ...failed,
    aggregation: { kind: 'series', count: 'failed_logins' },
  },
  {
    id: 'failed-logins-by-geo',
    title: 'Failed logins by country',
    headline: 'Failed logins',
    description: 'LoginFailed events grouped by the country Descope resolved from the source IP.',
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
];
