/*
 * DuckDB stores a JSON value as yyjson writes it, which differs from `JSON.stringify` in two
 * places only: a number of 1e21 or more has no `+` in its exponent (`1e21`, not `1e+21`), and a
 * control character escaped as `\u00XX` has upper-case hex (`\u001F`, not `\u001f`). Key order,
 * other escapes and every other number are written alike. These expressions give the text
 * `JSON.stringify` gives, so the report's cells read the same whichever way they were computed.
 */

/** A JSON text's string tokens and what lies between them, in order. */
const TOKENS = `'"(?:[^"\\\\]|\\\\.)*"|[^"]+'`;
/** Inside a string token: `\\uXXXX` escapes, other escapes, and plain text. */
const ESCAPES = `'\\\\u[0-9A-Fa-f]{4}|\\\\.|[^\\\\]+'`;
/** A positive exponent as yyjson writes it (only ever in a number token). */
const BARE_EXPONENT = `'([0-9])e([0-9])'`;

/** `JSON.stringify`'s text of a JSON value (SQL NULL stays NULL). */
export function jsonText(json: string): string {
  const escapes = `CASE WHEN contains(jt_t, '\\u') THEN array_to_string(list_transform(regexp_extract_all(jt_t, ${ESCAPES}), jt_e -> CASE WHEN starts_with(jt_e, '\\u') THEN lower(jt_e) ELSE jt_e END), '') ELSE jt_t END`;
  return `array_to_string(list_transform(regexp_extract_all(${json}::VARCHAR, ${TOKENS}), jt_t -> CASE WHEN starts_with(jt_t, '"') THEN ${escapes} ELSE regexp_replace(jt_t, ${BARE_EXPONENT}, '\\1e+\\2', 'g') END), '')`;
}
