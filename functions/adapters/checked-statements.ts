import type { SqlCheck, SqlLimits } from './duckdb-sandbox-protocol.js';

/** Enough for every catalog a process loads; a process checking more starts over. */
const MOST_REMEMBERED = 1000;

const remembered = new Map<string, SqlCheck>();

const keyOf = (sql: string, limits: SqlLimits) => `${JSON.stringify(limits)}\n${sql}`;

/**
 * Checks a process has already finished, by statement text and limits. A check that finished is
 * fixed by the text alone (it reads an empty `records` of fixed columns with this process's own
 * DuckDB), so a statement loaded again (each configuration load checks its catalog: every CLI
 * run, every invocation without synth's hash) is answered without starting another DuckDB process.
 * A check stopped by a limit is never remembered: it is tried again.
 */
export const checkedStatements = {
  get(sql: string, limits: SqlLimits): SqlCheck | undefined {
    const check = remembered.get(keyOf(sql, limits));
    return check && structuredClone(check);
  },
  remember(sql: string, limits: SqlLimits, check: SqlCheck): void {
    if (remembered.size >= MOST_REMEMBERED) remembered.clear();
    remembered.set(keyOf(sql, limits), structuredClone(check));
  },
};
