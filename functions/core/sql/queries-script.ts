import type { QueryResult } from '../report/report-model.js';
import type { RollupEvidence } from '../report/rollup-model.js';
import { loadRecordsSql } from './evidence-relation.js';
import { rollupRecordsSql } from './rollup-evidence-sql.js';
import { sqlText } from './sql-literal.js';

/** The file every project report carries with the SQL of its tables. */
export const QUERIES_FILE = 'queries.sql';

/** What a re-run writes next to each CSV: `<query id>.sql.csv`. */
export const reproducedCsv = (queryId: string): string => `${queryId}.sql.csv`;

const WEEK_HEADER = `-- The statements that computed this report's tables, over the evidence in this folder.
-- Run from inside the downloaded folder:  duckdb -c ".read ${QUERIES_FILE}"`;

const ROLLUP_HEADER = `-- The statements that computed this rollup's tables, over the evidence parts of the stored weeks it
-- drew on (a rollup's folder holds no evidence of its own). Download the project's whole folder,
-- reports/<project>/, so the weekly folders sit beside this one, and run from inside this folder:
--   duckdb -c ".read ${QUERIES_FILE}"
-- Each part is read by its path from here (../<week>/evidence/...) and must have the size and SHA-256
-- its week's manifest lists, or the run stops naming it; records outside the rollup's range are then
-- deleted, as the rollup did. The weeks' manifests themselves are checked with \`npm run verify\` on
-- each weekly folder (summary.json lists the SHA-256 of each manifest the rollup read).`;

const FORMAT_NOTE = `-- Each table is written to <query id>.sql.csv beside the report's <query id>.csv. The values are
-- the same; the report's CSVs also quote every text cell, end lines with CRLF and put a ' before a
-- formula character (= + - @ tab CR) that starts a cell or follows , ; or a line break inside one.`;

/** A rollup's range and the parts of each of its collections. */
export interface RollupScript {
  period: { from: number; to: number };
  evidence: readonly RollupEvidence[];
}

/** One comment line (a value never ends the comment: line breaks become spaces). */
const comment = (text: string) => `-- ${text.replace(/[\r\n]+/g, ' ')}`;

/** Evidence of a result as DuckDB opens it from the report folder: the file, or the folder's parts. */
const evidencePath = (evidenceFile: string) =>
  evidenceFile.endsWith('/') ? `${evidenceFile}*.ndjson.gz` : evidenceFile;

/** The statements loading one collection's `records`: the folder's own evidence, or a rollup's weekly parts. */
function loadSql(evidenceFile: string, rollup: RollupScript | undefined): string {
  if (!rollup) return `${loadRecordsSql([evidencePath(evidenceFile)])};`;
  const parts = rollup.evidence.find((e) => e.evidenceFile === evidenceFile)?.parts ?? [];
  const note = comment(`${parts.length} part(s), each checked against its week's manifest`);
  return `${note}\n${rollupRecordsSql(parts, rollup.period)
    .map((s) => `${s};`)
    .join('\n')}`;
}

/**
 * A table's `COPY`. A statement that failed in the run stays as comments, so the script still
 * re-runs every other table.
 */
function tableBlock(result: QueryResult): string {
  if (result.sql === undefined)
    return comment('no statement was recorded for this table; not reproduced here');
  if (result.sqlError !== undefined) {
    const lines = result.sql.split('\n').map((line) => `--   ${line.replace(/\r/g, ' ')}`);
    return [comment(`failed in the run, not run here: ${result.sqlError}`), ...lines].join('\n');
  }
  return `COPY (\n${result.sql}\n) TO ${sqlText(reproducedCsv(result.query.id))} (HEADER);`;
}

/**
 * `queries.sql`: for each collection, the statement loading its evidence into `records`, then a
 * `COPY` of each of its tables' statements to `<id>.sql.csv`, in report order within a collection.
 * A rollup (`rollup` given) loads the parts of the stored weeks instead, by their paths from its folder.
 */
export function renderQueriesSql(results: readonly QueryResult[], rollup?: RollupScript): string {
  const byEvidence = new Map<string, QueryResult[]>();
  for (const result of results) {
    const list = byEvidence.get(result.evidenceFile) ?? [];
    list.push(result);
    byEvidence.set(result.evidenceFile, list);
  }
  const blocks = [`${rollup ? ROLLUP_HEADER : WEEK_HEADER}\n${FORMAT_NOTE}`];
  for (const [evidenceFile, list] of byEvidence) {
    blocks.push(`${comment(`Evidence: ${evidenceFile}`)}\n${loadSql(evidenceFile, rollup)}`);
    for (const result of list) {
      const title = comment(`${result.query.id}.csv: ${result.query.title}`);
      blocks.push(`${title}\n${tableBlock(result)}`);
    }
  }
  return `${blocks.join('\n\n')}\n`;
}
