import type { EngineFacts } from '../engine/engine-facts.js';
import { formatCount, plural } from './format.js';

/** What the report's header says about the engine that computed its tables (absent: not stated). */
export interface EngineView {
  text: string;
  details: string[];
}

/**
 * The engine in words, when the run chose one: DuckDB in the function, or Amazon Athena with the
 * bytes it scanned, what that cost and each execution ID (to look up in the account's Athena history).
 */
export function buildEngineView(engine: EngineFacts | undefined): EngineView | null {
  if (!engine) return null;
  const onDuckDb = (engine.onDuckDb ?? []).map(
    (c) => `Collection ${c.collection} computed by DuckDB in the function: ${c.reason}.`,
  );
  if (engine.engine === 'duckdb')
    return { text: `DuckDB in the function (${engine.reason}).`, details: onDuckDb };
  const statements = engine.statements ?? [];
  return {
    text: `Amazon Athena (${engine.reason}): ${plural(statements.length, 'statement', 'statements')}, ${formatCount(engine.bytesScanned ?? 0)} bytes scanned, about $${(engine.costUsd ?? 0).toFixed(4)} at the published price; the statements as run are in athena.sql, and queries.sql re-runs the same tables with DuckDB on the evidence.`,
    details: [
      ...statements.map(
        (s) =>
          `${s.queryId}${s.kind ? ` (${s.kind})` : ''}: execution ${s.executionId}, ${formatCount(s.bytesScanned)} bytes scanned${s.failure ? `; not finished: ${s.failure}` : ''}.`,
      ),
      ...onDuckDb,
    ],
  };
}
