import { describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import { parseMonth } from '../../../functions/core/period/rollup-period.js';
import { emptyTable } from '../../../functions/core/sql/compile-query.js';
import { loadRecordsSql, outsidePeriodSql } from '../../../functions/core/sql/evidence-relation.js';
import { renderQueriesSql } from '../../../functions/core/sql/queries-script.js';

const month = parseMonth('2026-11');
const query = BUILTIN_QUERIES.find((q) => q.id === 'failed-logins-by-geo');
if (!query) throw new Error('no failed-logins-by-geo');
const result = (evidenceFile: string) => ({
  query,
  evidenceFile,
  table: emptyTable(query, month),
  records: 0,
  complete: true,
  gaps: [],
  sql: 'SELECT 1 AS one',
});
const part = (path: string) => ({ path, bytes: 10, sha256: 'ab'.repeat(32) });

describe('queries.sql of a rollup', () => {
  it("loads the weeks' parts by their paths, checked against the manifests, then drops records outside the range", () => {
    const script = renderQueriesSql([result('the weekly folders’ evidence/login-failures/')], {
      period: month,
      evidence: [
        {
          evidenceFile: 'the weekly folders’ evidence/login-failures/',
          parts: [
            part('../2026-W44/evidence/login-failures/a.ndjson.gz'),
            part("../2026-W46/evidence/x/it's.ndjson.gz"),
          ],
        },
      ],
    });
    expect(script).toContain("Download the project's whole folder");
    expect(script).toContain(`('../2026-W44/evidence/login-failures/a.ndjson.gz', 10, '${'ab'.repeat(32)}')`);
    expect(script).toContain("'../2026-W46/evidence/x/it''s.ndjson.gz'");
    const drop = script.indexOf('DROP TABLE IF EXISTS records;');
    const check = script.indexOf('CREATE TEMP TABLE verified_parts AS');
    const load = script.indexOf('WHERE (SELECT count(*) FROM verified_parts) = 2;');
    const range = script.indexOf(`${outsidePeriodSql(month)};`);
    const copy = script.indexOf("COPY (\nSELECT 1 AS one\n) TO 'failed-logins-by-geo.sql.csv' (HEADER);");
    expect([drop, check, load, range, copy].every((i) => i > 0)).toBe(true);
    expect([drop, check, load, range, copy]).toEqual([drop, check, load, range, copy].sort((a, b) => a - b));
  });

  it('loads no rows for a collection no stored week had, and a weekly script reads its own folder', () => {
    const rollup = renderQueriesSql([result('e/')], { period: month, evidence: [] });
    expect(rollup).toContain(`${loadRecordsSql([])};`);
    expect(rollup).not.toContain('read_blob');
    const weekly = renderQueriesSql([result('evidence/login-failures/')]);
    expect(weekly).toContain("read_json(['evidence/login-failures/*.ndjson.gz']");
    expect(weekly).not.toContain('verified_parts');
    expect(weekly).toContain('over the evidence in this folder');
  });
});
