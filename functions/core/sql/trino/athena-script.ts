import type { AthenaStatementFacts } from '../../engine/engine-facts.js';

/** The file beside `queries.sql` holding the statements Athena ran for the report. */
export const ATHENA_FILE = 'athena.sql';

/** One statement Athena ran: the query, its scope, its execution and the exact text sent. */
export interface AthenaScriptEntry extends AthenaStatementFacts {
  sql: string;
}

/** One comment line (a value never ends the comment: line breaks become spaces). */
const comment = (text: string) => `-- ${text.replace(/[\r\n]+/g, ' ')}`;

/**
 * `athena.sql`: what ran, statement by statement, each with its query, its execution ID (to look
 * up in the account's Athena history) and the bytes it scanned. `queries.sql` beside it stays the
 * DuckDB script an auditor re-runs on the downloaded evidence; the two compute the same tables
 * (the equivalence suite, docs/athena.md).
 */
export function athenaScript(workGroup: string, entries: readonly AthenaScriptEntry[]): string {
  const header = [
    comment(`The statements Amazon Athena ran for this report, in workgroup ${workGroup}.`),
    comment('queries.sql beside this file computes the same tables with DuckDB over the evidence here.'),
  ];
  const blocks = entries.map((e) =>
    [
      comment(
        `${e.queryId} (${e.scope}${e.kind ? `, ${e.kind}` : ''}): execution ${e.executionId}, ${e.bytesScanned} bytes scanned`,
      ),
      `${e.sql.replace(/;\s*$/, '')};`,
    ].join('\n'),
  );
  return `${[header.join('\n'), ...blocks].join('\n\n')}\n`;
}
