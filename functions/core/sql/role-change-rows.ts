import type { RowsAggregation } from '../catalog/query-definition.js';
import { READ_ROLE_CHANGE_KEYS, ROLE_CHANGE_KEYS } from '../records/role-change-keys.js';
import { type FieldScope, fieldText, REPORT_TENANT } from './field-sql.js';
import { describeShape, entriesOf, keepTenant, type LambdaNames, readRoleNames } from './role-change-sql.js';
import { DUCKDB_DIALECT, type SqlDialect } from './sql-dialect.js';
import { sqlIdentifier as id, sqlText } from './sql-literal.js';

/*
 * The role-change expansions' statements: one row per change entry (user) of each record, then a
 * row per role granted or revoked, or per change key naming roles that is not read. Written once
 * over a dialect (sql-dialect.ts), DuckDB's by default.
 */

/** Text of a JSON list's string elements, empty ones dropped. */
const strings = (json: string, d: SqlDialect) =>
  `(CASE WHEN ${d.kind(json)} = ${d.kinds.list} THEN ${d.filter(
    d.map(
      d.elementsOrEmpty(json),
      's_e',
      (e) => `CASE WHEN ${d.kind(e)} = ${d.kinds.text} THEN ${d.stringText(e)} END`,
    ),
    's_s',
    (s) => `${s} IS NOT NULL AND ${s} <> ''`,
  )} ELSE ${d.noTexts} END)`;

/** A change entry's user and login IDs, as Trino types it. */
const ENTRY_TYPE = 'ROW(u VARCHAR, l ARRAY(VARCHAR))';

/** One row per change entry (user) of each record: `rid__, change__, user__, logins__`. */
function entriesSql(scope: FieldScope, d: SqlDialect): string {
  const u = 'u__';
  const data = d.dataValue;
  const t = scope.tenant ? `, ${id(REPORT_TENANT)}` : '';
  const entry = (user: string, logins: string) =>
    d.record(
      [
        ['u', user],
        ['l', logins],
      ],
      ENTRY_TYPE,
    );
  return `base AS (
  SELECT rid__, ${id('userId')}, ${id('loginIds')}, data${t},
         CASE WHEN ${d.kindAt(data, 'Change')} = ${d.kinds.object} THEN ${d.at(data, 'Change')} END AS shared__,
         CASE WHEN ${d.kindAt(data, 'users')} = ${d.kinds.list} THEN ${d.name === 'duckdb' ? `json_extract(data, '$.users[*]')` : d.elementsOrEmpty(d.at(data, 'users'))} ELSE ${d.list([])} END AS users__
  FROM src),
user_entries AS (
  SELECT * FROM (
    SELECT rid__${t},
           CASE WHEN ${d.kindAt(u, 'Change')} = ${d.kinds.object} THEN ${d.at(u, 'Change')} ELSE shared__ END AS change__,
           CASE WHEN ${d.kindAt(u, 'userId')} = ${d.kinds.text} THEN ${d.stringAt(u, 'userId')}
                WHEN ${d.kindAt(u, 'id')} = ${d.kinds.text} THEN ${d.stringAt(u, 'id')} ELSE '' END AS user__,
           CASE WHEN ${d.kindAt(u, 'loginId')} = ${d.kinds.text} THEN ${d.list([d.stringAt(u, 'loginId')])}
                ELSE ${strings(d.at(u, 'loginIds'), d)} END AS logins__
    FROM (${d.unnestSelect(`rid__${t}, shared__`, 'users__', u, 'base')})
    WHERE ${d.kind(u)} = ${d.kinds.object})
  WHERE change__ IS NOT NULL),
fallback AS (
  SELECT rid__${t}, shared__ AS change__, e__.u AS user__, e__.l AS logins__ FROM (
    ${d.unnestSelect(
      `rid__${t}, shared__`,
      `CASE
      WHEN ${d.length('uids__')} > 0 THEN ${d.map('uids__', 'x', (x) => entry(x, d.noTexts))}
      WHEN ${d.length('lids__')} > 0 THEN ${d.map('lids__', 'x', (x) => entry("''", d.list([x])))}
      ELSE ${d.list([entry(id('userId'), id('loginIds'))])} END`,
      'e__',
      `(SELECT *, ${strings(d.at(data, 'userIds'), d)} AS uids__, ${strings(d.at(data, 'loginIds'), d)} AS lids__ FROM base)`,
      'shared__ IS NOT NULL AND rid__ NOT IN (SELECT rid__ FROM user_entries)',
      '\n    ',
    )})),
entries AS (SELECT * FROM user_entries UNION ALL SELECT * FROM fallback)`;
}

const value = (change: string, key: string, scope: FieldScope, names: LambdaNames, d: SqlDialect) => {
  const raw = d.member(change, key);
  return scope.tenant ? keepTenant(raw, id(REPORT_TENANT), names) : raw;
};

/** Roles granted or revoked: `rid__` plus the expansion's fields. */
function roleRowsSql(
  kind: 'added' | 'removed',
  scope: FieldScope,
  names: LambdaNames,
  d: SqlDialect,
): string {
  const keys = ROLE_CHANGE_KEYS[kind];
  // Each value is a column first: the reading refers to it many times.
  const read = (key: string, tenantKey: boolean) =>
    `SELECT rid__, user__, logins__, ${tenantKey} AS tenant_key__, ${value('change__', key, scope, names, d)} AS v__ FROM entries`;
  const implicit = scope.tenant ? id(REPORT_TENANT) : d.distinctTexts('src.tenants');
  const isTenant = '(tenant_key__ OR role__.tenant IS NOT NULL)';
  const where = `CASE WHEN ${isTenant} THEN coalesce(role__.tenant, ${implicit}) ELSE '' END`;
  return `role_values AS (${read(keys.project, false)} UNION ALL ${read(keys.tenant, true)}),
readings AS (SELECT *, ${readRoleNames('v__', names, d)} AS read__ FROM role_values),
expanded AS (
  SELECT src.*, r.user__, r.logins__, r.role__.role AS role__x, ${where} AS tenant__x,
         CASE WHEN ${isTenant} THEN 'tenant' ELSE 'project' END AS scope__x
  FROM (${d.unnestSelect('rid__, user__, logins__, tenant_key__', 'read__.roles', 'role__', 'readings', 'read__.ok')}) AS r
  JOIN src USING (rid__)
  ${scope.tenant ? `WHERE ${isTenant.replaceAll('role__', 'r.role__').replaceAll('tenant_key__', 'r.tenant_key__')} AND ${where.replaceAll('role__', 'r.role__').replaceAll('tenant_key__', 'r.tenant_key__')} = src.${id(REPORT_TENANT)}` : ''})`;
}

const READ_KEYS = `(${READ_ROLE_CHANGE_KEYS.map(sqlText).join(', ')})`;

/** Change keys naming roles that are not read. */
function unreadRowsSql(scope: FieldScope, names: LambdaNames, d: SqlDialect): string {
  const scoped = scope.tenant ? keepTenant('kv__.value', id(REPORT_TENANT), names) : 'kv__.value';
  const person = `${id('userId')}, ${id('loginIds')}`;
  return `unread AS (
  SELECT rid__, 'data.' || kv__.key AS key__x, ${describeShape('kv__.value', names, 3, d)} AS shape__x, ${id('userId')} AS user__, ${id('loginIds')} AS logins__
  FROM (${d.unnestSelect(`rid__, ${person}`, entriesOf(d.dataValue, d), 'kv__', 'src')})
  WHERE ${d.mentionsRole('kv__.key')}
  UNION ALL
  SELECT rid__, key__, CASE WHEN key__ IN ${READ_KEYS} THEN read__.shape ELSE shape__ END, user__, logins__
  FROM (SELECT *, ${readRoleNames('sv__', names, d)} AS read__ FROM (
    SELECT rid__, user__, logins__, kv__.key AS key__, ${describeShape('kv__.value', names, 3, d)} AS shape__, ${scoped} AS sv__
    FROM (${d.unnestSelect('*', entriesOf('change__', d), 'kv__', 'entries')})
    WHERE ${d.mentionsRole('kv__.key')}))
  WHERE NOT (key__ IN ${READ_KEYS} AND read__.ok)),
expanded AS (SELECT src.*, u.key__x, u.shape__x, u.user__, u.logins__ FROM unread AS u JOIN src USING (rid__))`;
}

/** Fields an expansion sets on its rows (other fields come from the record). */
const expansionFields = (d: SqlDialect) =>
  new Map<string, string>([
    ['role', 'role__x'],
    ['tenant', 'tenant__x'],
    ['scope', 'scope__x'],
    ['changeKey', 'key__x'],
    ['valueShape', 'shape__x'],
    ['userId', 'user__'],
    ['loginIds', d.join('logins__', "'; '")],
  ]);

/**
 * The statement of a `rows` query with `expand`, over `from` (its `where` already in it), in
 * `dialect` (DuckDB's by default). A tenant's statement is DuckDB's only (its view of a value).
 */
export function roleChangeRowsSql(
  spec: RowsAggregation,
  from: string,
  scope: FieldScope,
  names: LambdaNames,
  d: SqlDialect = DUCKDB_DIALECT,
): string {
  const expand = spec.expand;
  if (!expand) throw new Error('not a role-change expansion');
  if (scope.tenant && d !== DUCKDB_DIALECT)
    throw new Error(`a tenant's ${expand} has a DuckDB statement only`);
  const setsRoles = expand !== 'roleChangesNotUnderstood';
  const fields = expansionFields(d);
  const cell = (field: string) => {
    const set = fields.get(field);
    const own =
      set &&
      (setsRoles
        ? !['changeKey', 'valueShape'].includes(field)
        : ['changeKey', 'valueShape', 'userId', 'loginIds'].includes(field));
    return own ? set : fieldText(field, scope, d);
  };
  const cells = spec.columns.map((c) => cell(c.field));
  const lead = scope.tenant ? [id(REPORT_TENANT)] : [];
  const body =
    expand === 'roleChangesNotUnderstood'
      ? unreadRowsSql(scope, names, d)
      : roleRowsSql(expand === 'roleGrants' ? 'added' : 'removed', scope, names, d);
  return `WITH src AS (SELECT *, row_number() OVER () AS rid__ ${from}),
${entriesSql(scope, d)},
${body}
SELECT ${[...lead, ...cells.map((c, i) => `${c} AS ${id(spec.columns[i]?.column ?? '')}`)].join(',\n       ')}
FROM expanded
ORDER BY ${[...lead, id('occurredMs'), d.cellsText(cells)].join(', ')}`;
}
