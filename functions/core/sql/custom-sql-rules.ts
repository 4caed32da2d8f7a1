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

/** The names a node's `WITH` defines, lowercased (names compare case-insensitively, as in DuckDB). */
function cteNames(node: { [key: string]: Json }): string[] {
  const map = isObject(node.cte_map) ? node.cte_map.map : undefined;
  if (!Array.isArray(map)) return [];
  return map.flatMap((entry) =>
    isObject(entry) && typeof entry.key === 'string' ? [entry.key.toLowerCase()] : [],
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

function walk(value: Json, scope: ReadonlySet<string>, w: Walk): void {
  const { text, problems } = w;
  if (Array.isArray(value)) {
    for (const item of value) walk(item, scope, w);
    return;
  }
  if (!isObject(value)) return;
  const names = cteNames(value);
  const inScope = names.length > 0 ? new Set([...scope, ...names]) : scope;
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
    if (qualified || !inScope.has(name.toLowerCase())) {
      const shown = [value.catalog_name, value.schema_name, name].filter(
        (p) => typeof p === 'string' && p !== '',
      );
      problems.push(
        `relation ${shown.join('.')}${at(text, value.query_location)} is not allowed: a query reads only the ${RECORDS} relation (and names its own WITH defines)`,
      );
    }
  }
  for (const child of Object.values(value)) walk(child, inScope, w);
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
