/*
 * The subset of SQL a custom statement declared for both engines may use: functions that DuckDB
 * and Trino (Athena engine v3) both run with the same result for the report's columns, plus the
 * compatibility functions (trino-on-duckdb.ts) the Athena run has natively. Operators only one of
 * them has (`::` casts, `//` division, `->>`) are refused too. Binding on DuckDB through the
 * compatibility layer then checks the rest.
 */

const SHARED_FUNCTIONS = [
  'abs',
  'array_join',
  'arrays_overlap',
  'cardinality',
  'coalesce',
  'concat',
  'contains',
  'count',
  'date_format',
  'dense_rank',
  'element_at',
  'floor',
  'from_unixtime',
  'greatest',
  'json_array_length',
  'json_extract',
  'json_extract_scalar',
  'json_format',
  'json_parse',
  'lag',
  'lead',
  'least',
  'length',
  'lower',
  'lpad',
  'max',
  'min',
  'nullif',
  'rank',
  'replace',
  'row_number',
  'rpad',
  'starts_with',
  'strpos',
  'substr',
  'sum',
  'trim',
  'upper',
];
export const TRINO_SUBSET_FUNCTIONS: ReadonlySet<string> = new Set(SHARED_FUNCTIONS);

/** Words a `(` may follow that are not function calls. */
const KEYWORDS = new Set(
  'all and any array as by case cast distinct else exists filter from having in join not on or over partition select then unnest using values when where with'.split(
    ' ',
  ),
);

const QUOTED = /('(?:[^']|'')*'|"(?:[^"]|"")*")/;
const ONLY_DUCKDB_OPERATORS: ReadonlyArray<[RegExp, string]> = [
  [/::/, '"::" casts (write CAST(x AS type))'],
  [/\/\//, '"//" division (write CAST(floor(a / b) AS BIGINT))'],
  [/->>/, '"->>" (write json_extract_scalar)'],
];

/** What a statement uses outside the two engines' shared subset (empty when it keeps to it). */
export function trinoSubsetProblems(sql: string): string[] {
  const code = sql
    .split(QUOTED)
    .filter((_, i) => i % 2 === 0)
    .join(' ');
  const problems = ONLY_DUCKDB_OPERATORS.filter(([pattern]) => pattern.test(code)).map(
    ([, what]) => `uses ${what}`,
  );
  const unknown = new Set<string>();
  for (const match of code.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) {
    const name = (match[1] ?? '').toLowerCase();
    if (!KEYWORDS.has(name) && !TRINO_SUBSET_FUNCTIONS.has(name)) unknown.add(name);
  }
  if (unknown.size > 0)
    problems.push(`calls ${[...unknown].sort().join(', ')}, outside the functions both engines run alike`);
  return problems;
}
