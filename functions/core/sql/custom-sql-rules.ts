import { RECORDS } from './compile-query.js';
import { describePosition } from './sql-position.js';

/**
 * The rules a custom SQL query's statement must follow, read from DuckDB's own parse tree
 * (`json_serialize_sql`): no table function anywhere (`read_csv`, `glob`, `range`… — they reach
 * files or make rows up), no DESCRIBE/SHOW/SUMMARIZE, no relation but `records` and the `WITH`
 * names in scope, nothing that changes from run to run (`random()`, `now()`, samples), and an
 * `ORDER BY` at the top so the table (and its re-run from queries.sql) has one order. Pure: the DuckDB side is adapters/duckdb-sql-checker.ts.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is { [key: string]: Json } =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const at = (text: string, offset: unknown) => {
  const position = describePosition(text, offset, 'bytes');
  return position ? ` (${position})` : '';
};

/** A `WITH` entry: the name it defines (lowercased: names compare case-insensitively, as in DuckDB) and its body. */
interface CteEntry {
  name: string;
  value: Json;
}

/** The entries of a node's `WITH`, in the order written. */
function cteEntries(node: { [key: string]: Json }): CteEntry[] {
  const map = isObject(node.cte_map) ? node.cte_map.map : undefined;
  if (!Array.isArray(map)) return [];
  return map.flatMap((entry) =>
    isObject(entry) && typeof entry.key === 'string'
      ? [{ name: entry.key.toLowerCase(), value: entry.value ?? null }]
      : [],
  );
}

/** SQL's niladic functions, which DuckDB parses as column names and binds to `now()` and the like. */
const NILADIC = new Set(['current_date', 'current_time', 'current_timestamp', 'localtime', 'localtimestamp']);

const UNREPRODUCIBLE = 'gives another result when re-run: a table must follow from the evidence alone';

interface Walk {
  text: string;
  /** Functions whose result is not determined by their arguments (DuckDB's own list). */
  unstable: ReadonlySet<string>;
  problems: string[];
}

/** A call or niladic name whose result changes from run to run (`random()`, `now()`, `current_date`). */
function unstableCall(value: { [key: string]: Json }, unstable: ReadonlySet<string>): string | undefined {
  if (value.class === 'FUNCTION' && typeof value.function_name === 'string') {
    const name = value.function_name.toLowerCase();
    return unstable.has(name) ? `${name}()` : undefined;
  }
  const names = value.class === 'COLUMN_REF' ? value.column_names : undefined;
  if (Array.isArray(names) && names.length === 1 && typeof names[0] === 'string') {
    const name = names[0].toLowerCase();
    return NILADIC.has(name) ? name : undefined;
  }
  return undefined;
}

/**
 * Walks a parse tree with the names a relation may resolve to, resolving them as DuckDB's binder
 * does: a `WITH` entry's body sees the entries written before it (not itself, not the ones after),
 * except that a recursive entry (`WITH RECURSIVE n AS (anchor UNION [ALL] step)`) sees its own name
 * in its step; the statement after `WITH` sees every entry. Any other name would reach DuckDB's
 * catalog (`duckdb_databases`, `information_schema.tables`…), so it is refused. Iterative: a parse
 * tree can nest as deep as its text.
 */
function walk(root: Json, rootScope: ReadonlySet<string>, w: Walk): void {
  const pending: Array<[Json, ReadonlySet<string>]> = [[root, rootScope]];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const [value, scope] = item;
    const children: Array<[Json, ReadonlySet<string>]> = [];
    if (Array.isArray(value)) {
      for (const child of value) children.push([child, scope]);
    } else if (isObject(value)) {
      checkNode(value, scope, w);
      const entries = cteEntries(value);
      const everyEntry = new Set([...scope, ...entries.map((e) => e.name)]);
      for (const [key, child] of Object.entries(value)) {
        if (key !== 'cte_map') {
          children.push([child, everyEntry]);
          continue;
        }
        let visible = scope;
        for (const entry of entries) {
          children.push(...cteBody(entry, visible));
          visible = new Set([...visible, entry.name]);
        }
      }
    }
    // Reversed onto the stack: nodes are checked in the order they are written.
    for (let i = children.length - 1; i >= 0; i -= 1)
      pending.push(children[i] as [Json, ReadonlySet<string>]);
  }
}

/** A `WITH` entry's body with the names it sees: its own only in a recursive step. */
function cteBody(entry: CteEntry, scope: ReadonlySet<string>): Array<[Json, ReadonlySet<string>]> {
  const query = isObject(entry.value) ? entry.value.query : undefined;
  const node = isObject(query) ? query.node : undefined;
  const recursive =
    isObject(node) &&
    node.type === 'RECURSIVE_CTE_NODE' &&
    typeof node.cte_name === 'string' &&
    node.cte_name.toLowerCase() === entry.name;
  if (!recursive || !isObject(node)) return [[entry.value, scope]];
  const own = new Set([...scope, entry.name]);
  return Object.entries(node).map(([key, child]): [Json, ReadonlySet<string>] => [
    child,
    key === 'right' ? own : scope,
  ]);
}

/** The rules one node of the tree must follow, given the names its relations may resolve to. */
function checkNode(value: { [key: string]: Json }, scope: ReadonlySet<string>, w: Walk): void {
  const { text, problems } = w;
  const call = unstableCall(value, w.unstable);
  if (call) problems.push(`${call}${at(text, value.query_location)} ${UNREPRODUCIBLE}`);
  if (isObject(value.sample)) {
    problems.push(`a sample (USING SAMPLE, TABLESAMPLE)${at(text, value.query_location)} ${UNREPRODUCIBLE}`);
  }
  if (value.type === 'TABLE_FUNCTION') {
    const fn = isObject(value.function) ? value.function.function_name : undefined;
    problems.push(
      `table function ${typeof fn === 'string' ? `${fn}()` : ''}${at(text, value.query_location)} is not allowed: a query reads only the ${RECORDS} relation`,
    );
  } else if (value.type === 'SHOW_REF') {
    problems.push(
      `DESCRIBE, SHOW or SUMMARIZE${at(text, value.query_location)} is not allowed: a query selects from the ${RECORDS} relation`,
    );
  } else if (value.type === 'BASE_TABLE') {
    const name = typeof value.table_name === 'string' ? value.table_name : '';
    const qualified = [value.catalog_name, value.schema_name].some(
      (part) => typeof part === 'string' && part !== '',
    );
    if (qualified || !scope.has(name.toLowerCase())) {
      const shown = [value.catalog_name, value.schema_name, name].filter(
        (p) => typeof p === 'string' && p !== '',
      );
      problems.push(
        `relation ${shown.join('.')}${at(text, value.query_location)} is not allowed: a query reads only the ${RECORDS} relation (and the names its own WITH defines before they are used)`,
      );
    }
  }
}

/**
 * Problems of one parsed statement (`statements[0]` of `json_serialize_sql`), positions given as
 * line and column of `text`. `unstable` names the functions DuckDB marks as not determined by
 * their arguments (`random`, `uuid`, `now`…): a table using them could not be reproduced from
 * queries.sql. Empty when the statement may run.
 */
export function checkSelectTree(statement: unknown, text: string, unstable: ReadonlySet<string>): string[] {
  const node = isObject(statement) ? statement.node : undefined;
  if (!isObject(node)) return ['DuckDB gave no parse tree for the statement'];
  const problems: string[] = [];
  walk(node, new Set([RECORDS]), { text, unstable, problems });
  const modifiers = Array.isArray(node.modifiers) ? node.modifiers : [];
  if (!modifiers.some((m) => isObject(m) && m.type === 'ORDER_MODIFIER')) {
    problems.push(
      'needs an ORDER BY on the whole statement, so its table has one order (in the report and when re-run)',
    );
  }
  return problems;
}

/** Column names a report can use: each non-empty and different (ignoring case, as DuckDB does). */
export function checkColumnNames(columns: readonly string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  columns.forEach((name, i) => {
    if (name.trim() === '') problems.push(`column ${i + 1} has no name: give it one with AS`);
    else if (seen.has(name.toLowerCase()))
      problems.push(`column name "${name}" appears twice: rename one with AS`);
    seen.add(name.toLowerCase());
  });
  return problems;
}
