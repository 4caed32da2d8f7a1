import { DUCKDB_DIALECT, type SqlDialect } from './sql-dialect.js';

/*
 * The role-change reader, in SQL (the only one: the report counts with it and the doctor asks it):
 * the role-name shapes read, a tenant's view of a value, and the shapes not understood described.
 * Written once over a dialect (sql-dialect.ts), DuckDB's by default. The change entries per user
 * are in role-change-rows.ts.
 */

/**
 * Gives one statement's lambda parameters their names, a fresh one per call (nested lambdas must
 * not shadow each other). Each statement gets its own, so it always compiles to the same text.
 */
export type LambdaNames = () => string;

/** Names `p1`, `p2`, … for one statement. */
export function lambdaNames(): LambdaNames {
  let count = 0;
  return () => {
    count += 1;
    return `p${count}`;
  };
}

/** A role read from a value, as Trino types it (DuckDB infers the same struct). */
const ROLE_TYPE = 'ROW(role VARCHAR, tenant VARCHAR)';
/** What `readRoleNames` gives, as Trino types it. */
const READING_TYPE = `ROW(ok BOOLEAN, roles ARRAY(${ROLE_TYPE}), shape VARCHAR)`;

/** `(key, value)` pairs of a JSON object (value NULL for a JSON null). */
const entriesOf = (json: string, d: SqlDialect = DUCKDB_DIALECT) => d.entries(json);
const isNull = (json: string, d: SqlDialect) => `(${json} IS NULL OR ${d.kind(json)} = ${d.kinds.null})`;
const role = (name: string, tenant: string, d: SqlDialect) =>
  d.record(
    [
      ['role', name],
      ['tenant', tenant],
    ],
    ROLE_TYPE,
  );

/** Role names given as text or a list of text (empty names dropped); NULL for anything else. */
function names(json: string, fresh: LambdaNames, d: SqlDialect): string {
  const e = fresh();
  const s = fresh();
  const elements = d.elementsOrEmpty(json);
  return `(CASE ${d.kind(json)}
    WHEN ${d.kinds.text} THEN (CASE WHEN ${d.stringText(json)} = '' THEN ${d.noTexts} ELSE ${d.list([d.stringText(json)])} END)
    WHEN ${d.kinds.list} THEN (CASE WHEN ${d.length(d.filter(elements, e, (x) => `${d.kind(x)} <> ${d.kinds.text}`))} = 0
      THEN ${d.filter(
        d.map(elements, e, (x) => d.stringText(x)),
        s,
        (x) => `${x} <> ''`,
      )} END)
  END)`;
}

/** A short description of a JSON value's shape, as `describeShape` writes it (lists to `depth` levels). */
export function describeShape(
  json: string,
  fresh: LambdaNames,
  depth = 3,
  d: SqlDialect = DUCKDB_DIALECT,
): string {
  const e = fresh();
  const inner = depth > 0 ? describeShape(e, fresh, depth - 1, d) : `'a list'`;
  const booleans = d.kinds.booleans.map((b) => `WHEN ${b} THEN 'boolean'`).join(' ');
  return `(CASE WHEN ${json} IS NULL THEN 'null' ELSE (CASE ${d.kind(json)}
    WHEN ${d.kinds.null} THEN 'null'
    WHEN ${d.kinds.list} THEN (CASE WHEN json_array_length(${json}) = 0 THEN 'an empty list'
      ELSE 'a list of ' || ${d.join(d.sortedDistinct(d.map(d.elementsOrEmpty(json), e, () => inner)), "' and '")} END)
    WHEN ${d.kinds.object} THEN 'an object' WHEN ${d.kinds.text} THEN 'text' ${booleans} ELSE 'number' END) END)`;
}

const bare = (list: string, fresh: LambdaNames, d: SqlDialect) => {
  const r = fresh();
  return d.map(list, r, (x) => role(x, d.nullText, d));
};

/** `{ tenantId, roleNames | roles }`: `{ok, roles}`. */
function tenantEntry(json: string, fresh: LambdaNames, d: SqlDialect): { ok: string; roles: string } {
  const source = `(CASE WHEN ${d.kindAt(json, 'roleNames')} IS NOT NULL THEN ${d.at(json, 'roleNames')} ELSE ${d.at(json, 'roles')} END)`;
  const roles = names(source, fresh, d);
  const tenant = `(CASE WHEN ${d.kindAt(json, 'tenantId')} = ${d.kinds.text} AND ${d.stringAt(json, 'tenantId')} <> '' THEN ${d.stringAt(json, 'tenantId')} END)`;
  const r = fresh();
  return {
    ok: `(${roles} IS NOT NULL AND coalesce(${d.kindAt(json, 'tenantId')}, ${d.kinds.text}) = ${d.kinds.text})`,
    roles: d.map(roles, r, (x) => role(x, tenant, d)),
  };
}

/** `readRoleNames` of a JSON value: a struct `{ok, roles: [{role, tenant}], shape}`. */
export function readRoleNames(json: string, fresh: LambdaNames, d: SqlDialect = DUCKDB_DIALECT): string {
  const e = fresh();
  const kv = fresh();
  const entry = tenantEntry(e, fresh, d);
  const whole = tenantEntry(json, fresh, d);
  const reading = (ok: string, roles: string, shape: string) =>
    d.record(
      [
        ['ok', ok],
        ['roles', roles],
        ['shape', shape],
      ],
      READING_TYPE,
    );
  const ok = (roles: string) => reading('true', roles, d.nullText);
  const fail = (shape: string) => reading('false', 'NULL', shape);
  const elementOk = `(CASE ${d.kind(e)} WHEN ${d.kinds.text} THEN true WHEN ${d.kinds.object} THEN ${entry.ok} ELSE false END)`;
  const elementRoles = `(CASE ${d.kind(e)} WHEN ${d.kinds.text} THEN ${bare(names(e, fresh, d), fresh, d)} ELSE ${entry.roles} END)`;
  const elements = d.elementsOrEmpty(json);
  const pairs = entriesOf(json, d);
  const pairOk = `(${kv}.key <> '' AND ${kv}.value IS NOT NULL AND ${names(`${kv}.value`, fresh, d)} IS NOT NULL)`;
  const r = fresh();
  const pairRoles = d.map(names(`${kv}.value`, fresh, d), r, (x) => role(x, `${kv}.key`, d));
  const isObject = `${d.kind(json)} = ${d.kinds.object}`;
  return `(CASE
    WHEN ${isNull(json, d)} THEN ${ok(d.list([]))}
    WHEN ${names(json, fresh, d)} IS NOT NULL THEN ${ok(bare(names(json, fresh, d), fresh, d))}
    WHEN ${d.kind(json)} = ${d.kinds.list} THEN (CASE WHEN ${d.length(d.filter(elements, e, () => `NOT ${elementOk}`))} = 0
      THEN ${ok(`flatten(${d.map(elements, e, () => elementRoles)})`)} ELSE ${fail(describeShape(json, fresh, 3, d))} END)
    WHEN ${isObject} AND (${d.kindAt(json, 'tenantId')} IS NOT NULL OR ${d.kindAt(json, 'roleNames')} IS NOT NULL)
      THEN (CASE WHEN ${whole.ok} THEN ${ok(whole.roles)} ELSE ${fail(`'an object'`)} END)
    WHEN ${isObject} THEN (CASE WHEN ${d.length(d.filter(pairs, kv, () => `NOT ${pairOk}`))} = 0
      THEN ${ok(`flatten(${d.map(pairs, kv, () => pairRoles)})`)} ELSE ${fail(`'an object whose values are not role names'`)} END)
    ELSE ${fail(describeShape(json, fresh, 3, d))}
  END)`;
}

/**
 * `keepTenant`: a role-change value without the entries naming another tenant. One entry object
 * (with `tenantId` or `roleNames`, as `readRoleNames` reads one) is kept unless it names another
 * tenant; an object of tenant ID → roles keeps only the tenant's own key.
 */
function keepTenant(json: string, tenant: string, fresh: LambdaNames): string {
  const e = fresh();
  const kv = fresh();
  const mine = (x: string) =>
    `NOT coalesce(json_type(${x}) = 'OBJECT' AND json_type(${x}, '$.tenantId') = 'VARCHAR' AND json_extract_string(${x}, '$.tenantId') NOT IN ('', ${tenant}), false)`;
  const own = `list_filter(${entriesOf(json)}, ${kv} -> ${kv}.key = ${tenant})`;
  return `(CASE
    WHEN json_type(${json}) = 'ARRAY' THEN to_json(list_filter(${DUCKDB_DIALECT.elementsOrEmpty(json)}, ${e} -> ${mine(e)}))
    WHEN json_type(${json}) = 'OBJECT' AND (json_type(${json}, '$.tenantId') IS NOT NULL OR json_type(${json}, '$.roleNames') IS NOT NULL) THEN (CASE WHEN ${mine(json)} THEN ${json} ELSE '[]'::JSON END)
    WHEN json_type(${json}) = 'OBJECT' THEN (CASE WHEN len(${own}) > 0 THEN json_object(${tenant}, coalesce((${own})[1].value, 'null'::JSON)) ELSE '{}'::JSON END)
    ELSE ${json} END)`;
}

export { entriesOf, keepTenant };
