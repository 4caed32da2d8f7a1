import { jsonText } from '../json-text.js';
import { rewriteJsonKinds } from './json-kind-rewrite.js';

/*
 * A thin layer that lets DuckDB run the Trino dialect's statements, so their semantics are proven
 * offline against the DuckDB dialect on the same records. It is a model of Trino, stated here
 * whole: macros for the Trino functions DuckDB lacks or names otherwise, and three textual
 * rewrites outside quotes (`transform(` is DuckDB's `list_transform(`; `ARRAY(T)` types are
 * `T[]`; a JSON kind `substr(json_format(X), 1, 1)` reads DuckDB's own text, json-kind-rewrite.ts). What it cannot model — Trino's own JSON text of unusual numbers — is in docs/athena.md.
 */

/** `$["key"]` steps (Trino's bracket notation) as DuckDB's `$."key"`. */
const PATH = `replace(replace(p, '["', '."'), '"]', '"')`;

/** The macros, in creation order (later ones use earlier ones). */
export const TRINO_ON_DUCKDB_MACROS: readonly string[] = [
  `CREATE OR REPLACE MACRO json_extract(j, p) AS json_extract_path(j, ${PATH})`,
  // Trino: text of a scalar (string, number, boolean) at the path; NULL for null, objects and lists.
  `CREATE OR REPLACE MACRO json_extract_scalar(j, p) AS CASE WHEN json_type(j, ${PATH}) NOT IN ('OBJECT', 'ARRAY', 'NULL') THEN json_extract_string(j, ${PATH}) END`,
  'CREATE OR REPLACE MACRO json_parse(t) AS CAST(t AS JSON)',
  // JSON text as `JSON.stringify` writes it (Trino's json_format is modelled so; see docs/athena.md).
  `CREATE OR REPLACE MACRO json_format(j) AS ${jsonText('j')}`,
  // Trino gives NULL for a value that is not a list; DuckDB 0. TRY_CAST: a list always converts, and
  // DuckDB may evaluate the cast for rows the CASE leaves out (inside a lambda's captured values).
  `CREATE OR REPLACE MACRO json_array_length(j) AS CASE WHEN json_type(j) = 'ARRAY' THEN len(TRY_CAST(j AS JSON[])) END`,
  'CREATE OR REPLACE MACRO from_unixtime(s, zone) AS make_timestamp(CAST(s AS BIGINT) * 1000000)',
  // MySQL-style specifiers Trino's date_format takes: %i minutes, %s seconds.
  `CREATE OR REPLACE MACRO date_format(t, f) AS strftime(t, replace(replace(f, '%i', '%M'), '%s', '%S'))`,
  // The stream relation's time parsing (stream-records-trino.ts); DuckDB's own `try` is Trino's TRY.
  'CREATE OR REPLACE MACRO from_iso8601_timestamp(t) AS CAST(t AS TIMESTAMPTZ)',
  'CREATE OR REPLACE MACRO to_unixtime(t) AS epoch(t)',
  'CREATE OR REPLACE MACRO array_join(l, s) AS array_to_string(l, s)',
  'CREATE OR REPLACE MACRO arrays_overlap(a, b) AS list_has_any(a, b)',
  'CREATE OR REPLACE MACRO cardinality(l) AS len(l)',
  'CREATE OR REPLACE MACRO regexp_like(s, p) AS regexp_matches(s, p)',
  // Trino keeps each value's first place; DuckDB's own array_distinct does not promise an order.
  // The list is named once (`l__`): an argument a macro writes twice is bound and computed twice, and
  // the role-change statements nest these lists three deep (eight times the binding, in a third of a second).
  'CREATE OR REPLACE MACRO array_distinct(l) AS list_transform([l], l__ -> list_filter(l__, (x, i) -> list_position(l__, x) = i))[1]',
  'CREATE OR REPLACE MACRO element_at(l, i) AS l[i]',
];

/** Quoted text ('…' literals, "…" identifiers) is left alone; the rest is rewritten. */
const QUOTED = /('(?:[^']|'')*'|"(?:[^"]|"")*")/;

/** A type written without parentheses (nested ones are rewritten first, their parentheses held as ‹›). */
const SIMPLE_TYPE = String.raw`(?:JSON|VARCHAR|BIGINT|BOOLEAN|STRUCT‹[^()‹›]*›)(?:\[\])*`;
const ARRAY_TYPE = new RegExp(String.raw`\bARRAY\s*\(\s*(${SIMPLE_TYPE})\s*\)`, 'gi');
const ROW_TYPE = new RegExp(
  String.raw`\bROW\s*\(((?:\s*[A-Za-z_]\w*\s+${SIMPLE_TYPE}\s*,)*\s*[A-Za-z_]\w*\s+${SIMPLE_TYPE}\s*)\)`,
  'gi',
);

/** Trino's `ARRAY(T)` and `ROW(name T, …)` types as DuckDB's `T[]` and `STRUCT(name T, …)`, innermost first. */
function rewriteTypes(code: string): string {
  let before: string;
  let after = code;
  do {
    before = after;
    after = after.replace(ARRAY_TYPE, '$1[]').replace(ROW_TYPE, 'STRUCT‹$1›');
  } while (after !== before);
  return after.replaceAll('‹', '(').replaceAll('›', ')');
}

function rewrite(code: string): string {
  return rewriteTypes(code.replace(/\btransform\s*\(/gi, 'list_transform('));
}

/** A Trino statement as DuckDB (with {@link TRINO_ON_DUCKDB_MACROS}) runs it. */
export function trinoOnDuckDb(sql: string): string {
  return rewriteJsonKinds(sql)
    .split(QUOTED)
    .map((part, i) => (i % 2 === 1 ? part : rewrite(part)))
    .join('');
}
