/*
 * A catalog field is a top-level name of an audit record (`geo`, `userId`, `loginIds`, …), a dotted
 * path into `data` (`data.error_message`, `data.Change.display_name`), or a derived field
 * (`scimOutcome`). The report reads them in SQL (core/sql/field-sql.ts); the doctor reads paths of
 * real records here. Paths are looked up as data, never evaluated.
 */

/** The `data` keys each derived field is computed from (the doctor compares them with real records). */
export const DERIVED_FIELD_SOURCES: ReadonlyMap<string, readonly string[]> = new Map([
  ['scimOutcome', ['scim_result', 'error']],
]);

/** The value at a dotted path below `root`, own properties only (data never reaches a prototype). */
export function readOwnPath(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
