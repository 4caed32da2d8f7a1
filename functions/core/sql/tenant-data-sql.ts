import { ROLE_CHANGE_KEYS } from '../records/role-change-keys.js';
import { entriesOf, keepTenant, type LambdaNames } from './role-change-sql.js';
import { sqlIdentifier, sqlText } from './sql-literal.js';

/*
 * A record's `data` as a tenant's report sees it: role-change values in its change details
 * (`data.Change`, each `data.users[].Change`) keep only the entries in that tenant, as
 * `keepTenant` reads them; everything else, key order included, is the record's own. The
 * evidence keeps the record whole.
 */

const ROLE_KEYS = Object.values(ROLE_CHANGE_KEYS).flatMap((k) => [k.project, k.tenant]);
const ROLE_KEY_LIST = `[${ROLE_KEYS.map(sqlText).join(', ')}]`;

const keyText = (kv: string) => `to_json(${kv}.key)::VARCHAR || ':' || `;
/** The text of an entry's value (a JSON null is NULL in a map). */
const valueText = (json: string) => `coalesce(${json}::VARCHAR, 'null')`;

/** An object rebuilt from its entries, `replace` giving a key's new value (or NULL to keep it). */
function rebuildObject(json: string, kv: string, replace: (kv: string) => string): string {
  return `('{' || array_to_string(list_transform(${entriesOf(json)}, ${kv} -> ${keyText(kv)}${valueText(`coalesce(${replace(kv)}, ${kv}.value)`)}), ',') || '}')::JSON`;
}

/** A `Change` object without other tenants' role entries (unchanged when it has no role key). */
function scopeChange(change: string, tenant: string, kv: string, names: LambdaNames): string {
  const hasRoleKey = `len(list_intersect(json_keys(${change}), ${ROLE_KEY_LIST})) > 0`;
  const scoped = rebuildObject(
    change,
    kv,
    (e) =>
      `CASE WHEN ${e}.key IN (${ROLE_KEYS.map(sqlText).join(', ')}) THEN ${keepTenant(`${e}.value`, tenant, names)} END`,
  );
  return `(CASE WHEN ${hasRoleKey} THEN ${scoped} ELSE ${change} END)`;
}

/** `data.users` with each user's own `Change` scoped. */
function scopeUsers(users: string, tenant: string, names: LambdaNames): string {
  const user = `(CASE WHEN json_type(td_u) = 'OBJECT' AND json_type(td_u, '$.Change') = 'OBJECT'
    THEN ${rebuildObject('td_u', 'td_uk', (e) => `CASE WHEN ${e}.key = 'Change' THEN ${scopeChange(`${e}.value`, tenant, 'td_uc', names)} END`)}
    ELSE td_u END)`;
  return `('[' || array_to_string(list_transform(coalesce(json_extract(${users}, '$[*]'), []), td_u -> ${valueText(user)}), ',') || ']')::JSON`;
}

/**
 * The tenant's view of `data`, for the tenant in column `tenantColumn`: records whose `Change` is
 * an object or whose `users` is a list are rebuilt, every other record's `data` is used as it is.
 */
export function tenantDataSql(tenantColumn: string, names: LambdaNames): string {
  const tenant = sqlIdentifier(tenantColumn);
  const data = sqlIdentifier('data');
  const entry = (e: string) => `CASE
      WHEN ${e}.key = 'Change' AND json_type(${e}.value) = 'OBJECT' THEN ${scopeChange(`${e}.value`, tenant, 'td_ck', names)}
      WHEN ${e}.key = 'users' AND json_type(${e}.value) = 'ARRAY' THEN ${scopeUsers(`${e}.value`, tenant, names)} END`;
  return `(CASE WHEN json_type(${data}, '$.Change') = 'OBJECT' OR json_type(${data}, '$.users') = 'ARRAY'
    THEN ${rebuildObject(data, 'td_dk', entry)} ELSE ${data} END)`;
}
