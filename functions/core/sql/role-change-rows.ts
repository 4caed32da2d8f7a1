import type { RowsAggregation } from '../catalog/query-definition.js';
import { READ_ROLE_CHANGE_KEYS, ROLE_CHANGE_KEYS } from '../records/role-change-keys.js';
import { type FieldScope, fieldText, REPORT_TENANT } from './field-sql.js';
import { describeShape, entriesOf, keepTenant, type LambdaNames, readRoleNames } from './role-change-sql.js';
import { sqlIdentifier as id, sqlText } from './sql-literal.js';

/** Text of a JSON list's string elements, empty ones dropped. */
const strings = (json: string) =>
  `(CASE WHEN json_type(${json}) = 'ARRAY' THEN list_filter(list_transform(coalesce(json_extract(${json}, '$[*]'), []), s_e -> CASE WHEN json_type(s_e) = 'VARCHAR' THEN json_extract_string(s_e, '$') END), s_s -> s_s IS NOT NULL AND s_s <> '') ELSE []::VARCHAR[] END)`;

/** One row per change entry (user) of each record: `rid__, change__, user__, logins__`. */
function entriesSql(scope: FieldScope): string {
  const u = 'u__';
  const t = scope.tenant ? `, ${id(REPORT_TENANT)}` : '';
  return `base AS (
  SELECT rid__, ${id('userId')}, ${id('loginIds')}, data${t},
         CASE WHEN json_type(data, '$.Change') = 'OBJECT' THEN json_extract(data, '$.Change') END AS shared__,
         CASE WHEN json_type(data, '$.users') = 'ARRAY' THEN json_extract(data, '$.users[*]') ELSE [] END AS users__
  FROM src),
user_entries AS (
  SELECT * FROM (
    SELECT rid__${t},
           CASE WHEN json_type(${u}, '$.Change') = 'OBJECT' THEN json_extract(${u}, '$.Change') ELSE shared__ END AS change__,
           CASE WHEN json_type(${u}, '$.userId') = 'VARCHAR' THEN json_extract_string(${u}, '$.userId')
                WHEN json_type(${u}, '$.id') = 'VARCHAR' THEN json_extract_string(${u}, '$.id') ELSE '' END AS user__,
           CASE WHEN json_type(${u}, '$.loginId') = 'VARCHAR' THEN [json_extract_string(${u}, '$.loginId')]
                ELSE ${strings(`json_extract(${u}, '$.loginIds')`)} END AS logins__
    FROM (SELECT rid__${t}, shared__, unnest(users__) AS ${u} FROM base)
    WHERE json_type(${u}) = 'OBJECT')
  WHERE change__ IS NOT NULL),
fallback AS (
  SELECT rid__${t}, shared__ AS change__, e__.u AS user__, e__.l AS logins__ FROM (
    SELECT rid__${t}, shared__, unnest(CASE
      WHEN len(uids__) > 0 THEN list_transform(uids__, x -> {'u': x, 'l': []::VARCHAR[]})
      WHEN len(lids__) > 0 THEN list_transform(lids__, x -> {'u': '', 'l': [x]})
      ELSE [{'u': ${id('userId')}, 'l': ${id('loginIds')}}] END) AS e__
    FROM (SELECT *, ${strings(`json_extract(data, '$.userIds')`)} AS uids__, ${strings(`json_extract(data, '$.loginIds')`)} AS lids__ FROM base)
    WHERE shared__ IS NOT NULL AND rid__ NOT IN (SELECT rid__ FROM user_entries))),
entries AS (SELECT * FROM user_entries UNION ALL SELECT * FROM fallback)`;
}

const value = (change: string, key: string, scope: FieldScope, names: LambdaNames) => {
  const raw = `json_extract(${change}, ${sqlText(`$."${key}"`)})`;
  return scope.tenant ? keepTenant(raw, id(REPORT_TENANT), names) : raw;
};

/** Roles granted or revoked: `rid__` plus the expansion's fields. */
function roleRowsSql(kind: 'added' | 'removed', scope: FieldScope, names: LambdaNames): string {
  const keys = ROLE_CHANGE_KEYS[kind];
  // Each value is a column first: the reading refers to it many times.
  const read = (key: string, tenantKey: boolean) =>
    `SELECT rid__, user__, logins__, ${tenantKey} AS tenant_key__, ${value('change__', key, scope, names)} AS v__ FROM entries`;
  const implicit = scope.tenant
    ? id(REPORT_TENANT)
    : `array_to_string(list_filter(src.tenants, (x, i) -> x <> '' AND list_position(src.tenants, x) = i), '; ')`;
  const isTenant = '(tenant_key__ OR role__.tenant IS NOT NULL)';
  const where = `CASE WHEN ${isTenant} THEN coalesce(role__.tenant, ${implicit}) ELSE '' END`;
  return `role_values AS (${read(keys.project, false)} UNION ALL ${read(keys.tenant, true)}),
readings AS (SELECT *, ${readRoleNames('v__', names)} AS read__ FROM role_values),
expanded AS (
  SELECT src.*, r.user__, r.logins__, r.role__.role AS role__x, ${where} AS tenant__x,
         CASE WHEN ${isTenant} THEN 'tenant' ELSE 'project' END AS scope__x
  FROM (SELECT rid__, user__, logins__, tenant_key__, unnest(read__.roles) AS role__ FROM readings WHERE read__.ok) AS r
  JOIN src USING (rid__)
  ${scope.tenant ? `WHERE ${isTenant.replaceAll('role__', 'r.role__').replaceAll('tenant_key__', 'r.tenant_key__')} AND ${where.replaceAll('role__', 'r.role__').replaceAll('tenant_key__', 'r.tenant_key__')} = src.${id(REPORT_TENANT)}` : ''})`;
}

const MENTIONS_ROLES = (key: string) => `regexp_matches(${key}, 'role', 'i')`;
const READ_KEYS = `(${READ_ROLE_CHANGE_KEYS.map(sqlText).join(', ')})`;

/** Change keys naming roles that are not read. */
function unreadRowsSql(scope: FieldScope, names: LambdaNames): string {
  const scoped = scope.tenant ? keepTenant('kv__.value', id(REPORT_TENANT), names) : 'kv__.value';
  return `unread AS (
  SELECT rid__, 'data.' || kv__.key AS key__x, ${describeShape('kv__.value', names)} AS shape__x, ${id('userId')} AS user__, ${id('loginIds')} AS logins__
  FROM (SELECT rid__, ${id('userId')}, ${id('loginIds')}, unnest(${entriesOf('data')}) AS kv__ FROM src)
  WHERE ${MENTIONS_ROLES('kv__.key')}
  UNION ALL
  SELECT rid__, key__, CASE WHEN key__ IN ${READ_KEYS} THEN read__.shape ELSE shape__ END, user__, logins__
  FROM (SELECT *, ${readRoleNames('sv__', names)} AS read__ FROM (
    SELECT rid__, user__, logins__, kv__.key AS key__, ${describeShape('kv__.value', names)} AS shape__, ${scoped} AS sv__
    FROM (SELECT *, unnest(${entriesOf('change__')}) AS kv__ FROM entries)
    WHERE ${MENTIONS_ROLES('kv__.key')}))
  WHERE NOT (key__ IN ${READ_KEYS} AND read__.ok)),
expanded AS (SELECT src.*, u.key__x, u.shape__x, u.user__, u.logins__ FROM unread AS u JOIN src USING (rid__))`;
}

/** Fields an expansion sets on its rows (other fields come from the record). */
const EXPANSION_FIELDS = new Map<string, string>([
  ['role', 'role__x'],
  ['tenant', 'tenant__x'],
  ['scope', 'scope__x'],
  ['changeKey', 'key__x'],
  ['valueShape', 'shape__x'],
  ['userId', 'user__'],
  ['loginIds', `array_to_string(logins__, '; ')`],
]);

/** The statement of a `rows` query with `expand`, over `relation` (its `where` already in `from`). */
export function roleChangeRowsSql(
  spec: RowsAggregation,
  from: string,
  scope: FieldScope,
  names: LambdaNames,
): string {
  const expand = spec.expand;
  if (!expand) throw new Error('not a role-change expansion');
  const setsRoles = expand !== 'roleChangesNotUnderstood';
  const cell = (field: string) => {
    const set = EXPANSION_FIELDS.get(field);
    const own =
      set &&
      (setsRoles
        ? !['changeKey', 'valueShape'].includes(field)
        : ['changeKey', 'valueShape', 'userId', 'loginIds'].includes(field));
    return own ? set : fieldText(field, scope);
  };
  const cells = spec.columns.map((c) => cell(c.field));
  const lead = scope.tenant ? [id(REPORT_TENANT)] : [];
  const body =
    expand === 'roleChangesNotUnderstood'
      ? unreadRowsSql(scope, names)
      : roleRowsSql(expand === 'roleGrants' ? 'added' : 'removed', scope, names);
  return `WITH src AS (SELECT *, row_number() OVER () AS rid__ ${from}),
${entriesSql(scope)},
${body}
SELECT ${[...lead, ...cells.map((c, i) => `${c} AS ${id(spec.columns[i]?.column ?? '')}`)].join(',\n       ')}
FROM expanded
ORDER BY ${[...lead, id('occurredMs'), `to_json(list_value(${cells.join(', ')}))::VARCHAR`].join(', ')}`;
}
