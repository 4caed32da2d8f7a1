import type { QueryResult } from '../report-model.js';
import { loadRecordsSql } from './evidence-relation.js';
import { sqlText } from './sql-literal.js';

/** The file every project report carries with the SQL of its tables. */
export const QUERIES_FILE = 'queries.sql';

/** What a re-run writes next to each CSV: `<query id>.sql.csv`. */
export const reproducedCsv = (queryId: string): string => `${queryId}.sql.csv`;

const HEADER = `-- The statements that computed this report's tables, over the evidence in this folder.
-- Run from inside the downloaded folder:  duckdb -c ".read ${QUERIES_FILE}"
-- Each table is written to <query id>.sql.csv beside the report's <query id>.csv. The values are
-- the same; the report's CSVs also quote every text cell, end lines with CRLF and put a ' before a
-- formula character (= + - @ tab CR) that starts a cell or follows , ; or a line break inside one.`;

/** One comment line (a value never ends the comment: line breaks become spaces). */
const comment = (text: string) => `-- ${text.replace(/[\r\n]+/g, ' ')}`;

/** Evidence of a result as DuckDB opens it from the report folder: the file, or the folder's parts. */
const evidencePath = (evidenceFile: string) =>
  evidenceFile.endsWith('/') ? `${evidenceFile}*.ndjson.gz` : evidenceFile;

/**
 * `queries.sql`: for each collection, the statement loading its evidence into `records`, then a
 * `COPY` of each of its tables' statements to `<id>.sql.csv`, in report order within a collection.
 */
export function renderQueriesSql(results: readonly QueryResult[]): string {
  const byEvidence = new Map<string, QueryResult[]>();
  for (const result of results) {
    const list = byEvidence.get(result.evidenceFile) ?? [];
    list.push(result);
    byEvidence.set(result.evidenceFile, list);
  }
  const blocks = [HEADER];
  for (const [evidenceFile, list] of byEvidence) {
    blocks.push(`${comment(`Evidence: ${evidenceFile}`)}\n${loadRecordsSql([evidencePath(evidenceFile)])};`);
    for (const result of list) {
      const title = comment(`${result.query.id}.csv: ${result.query.title}`);
      blocks.push(
        result.sql
          ? `${title}\nCOPY (\n${result.sql}\n) TO ${sqlText(reproducedCsv(result.query.id))} (HEADER);`
          : `${title}\n${comment('no statement was recorded for this table; not reproduced here')}`,
      );
    }
  }
  return `${blocks.join('\n\n')}\n`;
}
