/*
 * The role-change reader, in SQL (the only one: the report counts with it and the doctor asks it):
 * the role-name shapes read, a tenant's view of a value, and the shapes not understood described.
 * The change entries per user are in role-change-rows.ts.
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

/** `(key, value)` pairs of a JSON object (value NULL for a JSON null). */
const entriesOf = (json: string) => `map_entries(json_transform(${json}, '"MAP(VARCHAR, JSON)"'))`;
const elements = (json: string) => `coalesce(json_extract(${json}, '$[*]'), [])`;
const isNull = (json: string) => `(${json} IS NULL OR json_type(${json}) = 'NULL')`;

/** Role names given as text or a list of text (empty names dropped); NULL for anything else. */
function names(json: string, fresh: LambdaNames): string {
  const e = fresh();
  const s = fresh();
  return `(CASE json_type(${json})
    WHEN 'VARCHAR' THEN (CASE WHEN json_extract_string(${json}, '$') = '' THEN []::VARCHAR[] ELSE [json_extract_string(${json}, '$')] END)
    WHEN 'ARRAY' THEN (CASE WHEN len(list_filter(${elements(json)}, ${e} -> json_type(${e}) <> 'VARCHAR')) = 0
      THEN list_filter(list_transform(${elements(json)}, ${e} -> json_extract_string(${e}, '$')), ${s} -> ${s} <> '') END)
  END)`;
}

/** A short description of a JSON value's shape, as `describeShape` writes it (lists to `depth` levels). */
export function describeShape(json: string, fresh: LambdaNames, depth = 3): string {
  const e = fresh();
  const inner = depth > 0 ? describeShape(e, fresh, depth - 1) : `'a list'`;
  return `(CASE WHEN ${json} IS NULL THEN 'null' ELSE (CASE json_type(${json})
    WHEN 'NULL' THEN 'null'
    WHEN 'ARRAY' THEN (CASE WHEN json_array_length(${json}) = 0 THEN 'an empty list'
      ELSE 'a list of ' || array_to_string(list_sort(list_distinct(list_transform(${elements(json)}, ${e} -> ${inner}))), ' and ') END)
    WHEN 'OBJECT' THEN 'an object' WHEN 'VARCHAR' THEN 'text' WHEN 'BOOLEAN' THEN 'boolean' ELSE 'number' END) END)`;
}

const bare = (list: string, fresh: LambdaNames) => {
  const r = fresh();
  return `list_transform(${list}, ${r} -> {'role': ${r}, 'tenant': NULL::VARCHAR})`;
};

/** `{ tenantId, roleNames | roles }`: `{ok, roles}`. */
function tenantEntry(json: string, fresh: LambdaNames): { ok: string; roles: string } {
  const source = `(CASE WHEN json_type(${json}, '$.roleNames') IS NOT NULL THEN json_extract(${json}, '$.roleNames') ELSE json_extract(${json}, '$.roles') END)`;
  const roles = names(source, fresh);
  const tenant = `(CASE WHEN json_type(${json}, '$.tenantId') = 'VARCHAR' AND json_extract_string(${json}, '$.tenantId') <> '' THEN json_extract_string(${json}, '$.tenantId') END)`;
  const r = fresh();
  return {
    ok: `(${roles} IS NOT NULL AND coalesce(json_type(${json}, '$.tenantId'), 'VARCHAR') = 'VARCHAR')`,
    roles: `list_transform(${roles}, ${r} -> {'role': ${r}, 'tenant': ${tenant}})`,
  };
}

/** `readRoleNames` of a JSON value: a struct `{ok, roles: [{role, tenant}], shape}`. */
export function readRoleNames(json: string, fresh: LambdaNames): string {
  const e = fresh();
  const kv = fresh();
  const entry = tenantEntry(e, fresh);
  const whole = tenantEntry(json, fresh);
  const ok = (roles: string) => `{'ok': true, 'roles': ${roles}, 'shape': NULL::VARCHAR}`;
  const fail = (shape: string) => `{'ok': false, 'roles': NULL, 'shape': ${shape}}`;
  const elementOk = `(CASE json_type(${e}) WHEN 'VARCHAR' THEN true WHEN 'OBJECT' THEN ${entry.ok} ELSE false END)`;
  const elementRoles = `(CASE json_type(${e}) WHEN 'VARCHAR' THEN ${bare(names(e, fresh), fresh)} ELSE ${entry.roles} END)`;
  const pairs = entriesOf(json);
  const pairOk = `(${kv}.key <> '' AND ${kv}.value IS NOT NULL AND ${names(`${kv}.value`, fresh)} IS NOT NULL)`;
  const r = fresh();
  const pairRoles = `list_transform(${names(`${kv}.value`, fresh)}, ${r} -> {'role': ${r}, 'tenant': ${kv}.key})`;
  return `(CASE
    WHEN ${isNull(json)} THEN ${ok('[]')}
    WHEN ${names(json, fresh)} IS NOT NULL THEN ${ok(bare(names(json, fresh), fresh))}
    WHEN json_type(${json}) = 'ARRAY' THEN (CASE WHEN len(list_filter(${elements(json)}, ${e} -> NOT ${elementOk})) = 0
      THEN ${ok(`flatten(list_transform(${elements(json)}, ${e} -> ${elementRoles}))`)} ELSE ${fail(describeShape(json, fresh))} END)
    WHEN json_type(${json}) = 'OBJECT' AND (json_type(${json}, '$.tenantId') IS NOT NULL OR json_type(${json}, '$.roleNames') IS NOT NULL)
      THEN (CASE WHEN ${whole.ok} THEN ${ok(whole.roles)} ELSE ${fail(`'an object'`)} END)
    WHEN json_type(${json}) = 'OBJECT' THEN (CASE WHEN len(list_filter(${pairs}, ${kv} -> NOT ${pairOk})) = 0
      THEN ${ok(`flatten(list_transform(${pairs}, ${kv} -> ${pairRoles}))`)} ELSE ${fail(`'an object whose values are not role names'`)} END)
    ELSE ${fail(describeShape(json, fresh))}
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
    WHEN json_type(${json}) = 'ARRAY' THEN to_json(list_filter(${elements(json)}, ${e} -> ${mine(e)}))
    WHEN json_type(${json}) = 'OBJECT' AND (json_type(${json}, '$.tenantId') IS NOT NULL OR json_type(${json}, '$.roleNames') IS NOT NULL) THEN (CASE WHEN ${mine(json)} THEN ${json} ELSE '[]'::JSON END)
    WHEN json_type(${json}) = 'OBJECT' THEN (CASE WHEN len(${own}) > 0 THEN json_object(${tenant}, coalesce((${own})[1].value, 'null'::JSON)) ELSE '{}'::JSON END)
    ELSE ${json} END)`;
}

export { entriesOf, keepTenant };
