import { describe, expect, it } from 'vitest';
import { rewriteJsonKinds } from '../../../../functions/core/sql/trino/json-kind-rewrite.js';

describe('a JSON kind read on DuckDB', () => {
  it('reads the first character of DuckDB’s own JSON text, nested kinds too', () => {
    expect(
      rewriteJsonKinds(
        `CASE substr(json_format(json_extract(j, '$["a)"]')), 1, 1) WHEN '{' THEN substr(json_format(element_at(transform(ARRAY[substr(json_format(x), 1, 1)], t -> t), 1)), 1, 1) END`,
      ),
    ).toBe(
      `CASE substr(CAST(json_extract(j, '$["a)"]') AS VARCHAR), 1, 1) WHEN '{' THEN substr(CAST(element_at(transform(ARRAY[substr(CAST(x AS VARCHAR), 1, 1)], t -> t), 1) AS VARCHAR), 1, 1) END`,
    );
  });

  it('keeps json_format where its whole text is read, and quoted text as written', () => {
    const sql = `SELECT json_format(j), substr(json_format(j), 1, 2), 'substr(json_format(x), 1, 1)' FROM t`;
    expect(rewriteJsonKinds(sql)).toBe(sql);
  });
});
