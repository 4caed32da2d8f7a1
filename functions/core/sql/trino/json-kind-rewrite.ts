/*
 * The Trino dialect reads a JSON value's kind as the first character of `json_format` (trino-dialect.ts).
 * On DuckDB, `json_format` is modelled by the macro that rewrites DuckDB's JSON text into
 * `JSON.stringify`'s (json-text.ts): exact, but its regular expressions and lambdas cost DuckDB's
 * binder milliseconds an occurrence, and a role-change statement holds some eighty of them. The two
 * texts differ only inside numbers and strings, never in their first character, so the layer reads
 * `substr(json_format(X), 1, 1)` as `substr(CAST(X AS VARCHAR), 1, 1)`: the same value, bound at once.
 */

const KIND_OPEN = 'substr(json_format(';
const KIND_CLOSE = /^\s*,\s*1\s*,\s*1\s*\)/;

/** Where the parenthesis opened just before `from` closes, quotes ('…', "…") skipped; -1 if never. */
function closingParenthesis(sql: string, from: number): number {
  let depth = 1;
  for (let at = from; at < sql.length; at += 1) {
    const c = sql[at];
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, at + 1);
      // A doubled quote inside quoted text ('it''s') reads as two quoted runs: same result.
      if (end < 0) return -1;
      at = end;
    } else if (c === '(') depth += 1;
    else if (c === ')') {
      depth -= 1;
      if (depth === 0) return at;
    }
  }
  return -1;
}

/** Every `substr(json_format(X), 1, 1)` outside quoted text as `substr(CAST(X AS VARCHAR), 1, 1)`. */
export function rewriteJsonKinds(sql: string): string {
  let out = '';
  let at = 0;
  while (at < sql.length) {
    const c = sql[at] as string;
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, at + 1);
      const stop = end < 0 ? sql.length : end + 1;
      out += sql.slice(at, stop);
      at = stop;
      continue;
    }
    if (sql.startsWith(KIND_OPEN, at)) {
      const open = at + KIND_OPEN.length;
      const close = closingParenthesis(sql, open);
      if (close > 0 && KIND_CLOSE.test(sql.slice(close + 1, close + 20))) {
        out += `substr(CAST(${rewriteJsonKinds(sql.slice(open, close))} AS VARCHAR)`;
        at = close + 1;
        continue;
      }
    }
    out += c;
    at += 1;
  }
  return out;
}
