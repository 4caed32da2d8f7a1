import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  defaultReportCatalog,
  validateReportCatalog,
} from '../../../functions/core/catalog/report-catalog.js';
import { ConfigError } from '../../../functions/shared/errors.js';
import {
  catalogTextSha256,
  checkCatalogSql,
  findCatalogSqlProblems,
} from '../../../functions/weekly-report/wiring/check-catalog-sql.js';

const catalogOf = (value: unknown) => {
  const result = validateReportCatalog(value);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.catalog;
};

describe('checking the catalog’s SQL queries', () => {
  it('passes the built-in catalog, which has no SQL query', async () => {
    await expect(findCatalogSqlProblems(defaultReportCatalog())).resolves.toEqual([]);
  });

  it('names every bad query in one error, with the variable the catalog came from', async () => {
    const catalog = catalogOf({
      queries: [
        { id: 'fine', title: 'Fine', sql: 'SELECT action FROM records ORDER BY 1' },
        { id: 'unordered', title: 'Unordered', sql: 'SELECT action FROM records' },
        { id: 'attach', title: 'Attach', sql: "ATTACH 'x.db' AS x" },
      ],
    });
    const check = checkCatalogSql(catalog, 'REPORT_QUERIES_FILE');
    await expect(check).rejects.toThrow(ConfigError);
    await expect(check).rejects.toThrow(
      'Invalid configuration: REPORT_QUERIES_FILE query "unordered" sql: needs an ORDER BY on the whole statement, so its table has one order (in the report and when re-run); query "attach" sql: must be a read-only SELECT statement, not ATTACH',
    );
  });

  it('does not check again the very text synth checked, and checks any other text', async () => {
    const text = JSON.stringify({ queries: [{ id: 'attach', title: 'Attach', sql: "ATTACH 'x.db' AS x" }] });
    const catalog = catalogOf(JSON.parse(text));
    // Refused by DuckDB, so passing proves the check was skipped for the recorded hash only.
    await expect(
      checkCatalogSql(catalog, 'REPORT_QUERIES_FILE', { text, checkedSha256: catalogTextSha256(text) }),
    ).resolves.toBeUndefined();
    for (const checked of [
      { text, checkedSha256: catalogTextSha256(`${text} `) },
      { text },
      { checkedSha256: catalogTextSha256(text) },
    ])
      await expect(checkCatalogSql(catalog, 'REPORT_QUERIES_FILE', checked)).rejects.toThrow(
        'Invalid configuration: REPORT_QUERIES_FILE query "attach" sql: must be a read-only SELECT statement, not ATTACH',
      );
  });

  it('accepts the example in docs/query-catalog.md as written', async () => {
    const doc = await readFile(new URL('../../../docs/query-catalog.md', import.meta.url), 'utf8');
    const at = doc.indexOf('## Custom SQL queries');
    const example = at < 0 ? undefined : /```json\n([\s\S]*?)\n```/.exec(doc.slice(at))?.[1];
    if (!example) throw new Error('docs/query-catalog.md has no example of a custom SQL query');
    const catalog = catalogOf(JSON.parse(example));
    expect(catalog.queries.at(-1)?.aggregation.kind).toBe('sql');
    await expect(findCatalogSqlProblems(catalog)).resolves.toEqual([]);
  });
});
