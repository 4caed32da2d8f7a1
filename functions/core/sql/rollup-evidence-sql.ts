import type { RollupPart } from '../report/rollup-model.js';
import { RECORDS } from './compile-query.js';
import { loadRecordsSql, outsidePeriodSql } from './evidence-relation.js';
import { sqlInteger, sqlText, sqlTextList } from './sql-literal.js';

/** The table a rollup's `queries.sql` fills with the parts that match their weeks' manifests. */
export const VERIFIED_PARTS = 'verified_parts';

/**
 * The statements loading a rollup collection's `records` from the stored weeks' parts, for
 * `queries.sql`. Each part is read by its path from the rollup's folder and must have the size and
 * SHA-256 its week's manifest lists, else the check stops with an error naming the part (a missing
 * file too: `read_blob` skips it, the manifest side keeps it). `records` is dropped first and its
 * load refers to the check's table, so a failed check leaves no `records` for the statements after
 * it, even in a client that carries on past an error. Records outside `period` are then deleted,
 * as the rollup did.
 */
export function rollupRecordsSql(
  parts: readonly RollupPart[],
  period: { from: number; to: number },
): string[] {
  if (parts.length === 0) return [loadRecordsSql([])];
  const paths = parts.map((p) => p.path);
  const manifest = parts
    .map((p) => `(${sqlText(p.path)}, ${sqlInteger(p.bytes)}, ${sqlText(p.sha256)})`)
    .join(',\n  ');
  return [
    `DROP TABLE IF EXISTS ${RECORDS}`,
    `DROP TABLE IF EXISTS ${VERIFIED_PARTS}`,
    [
      `CREATE TEMP TABLE ${VERIFIED_PARTS} AS`,
      'SELECT m.path',
      `FROM (VALUES\n  ${manifest}\n) AS m(path, bytes, sha256)`,
      `LEFT JOIN read_blob(${sqlTextList(paths)}) AS b ON b.filename = m.path`,
      'WHERE CASE WHEN b.size = m.bytes AND sha256(b.content) = m.sha256 THEN true',
      `  ELSE error('evidence part ' || m.path || ' is missing or differs from its week''s manifest') END`,
    ].join('\n'),
    `${loadRecordsSql(paths)}\nWHERE (SELECT count(*) FROM ${VERIFIED_PARTS}) = ${sqlInteger(parts.length)}`,
    outsidePeriodSql(period),
  ];
}
