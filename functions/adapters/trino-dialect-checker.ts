import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { loadRecordsSql } from '../core/sql/evidence-relation.js';
import { TRINO_ON_DUCKDB_MACROS, trinoOnDuckDb } from '../core/sql/trino/trino-on-duckdb.js';
import { trinoWith } from '../core/sql/trino/trino-relations.js';
import { trinoSubsetProblems } from '../core/sql/trino/trino-subset.js';
import { QueryEngineError } from '../shared/errors.js';

/** Checks that custom statements declared for Athena keep to the subset both engines run. */
export interface TrinoDialectChecker {
  /** Why the statement would not run alike on Athena, or undefined. */
  check(sql: string): Promise<string | undefined>;
  close(): void;
}

/**
 * An in-memory DuckDB with the compatibility layer (core/sql/trino/trino-on-duckdb.ts) over an
 * empty `records` whose `data` is JSON text, as Athena reads it; no file or network access.
 */
export async function openTrinoDialectChecker(): Promise<TrinoDialectChecker> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  try {
    instance = await DuckDBInstance.create(':memory:', {
      enable_external_access: 'false',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      threads: '1',
    });
    connection = await instance.connect();
    await connection.run(loadRecordsSql([]));
    await connection.run(
      'CREATE VIEW evidence_text AS SELECT * REPLACE (CAST("data" AS VARCHAR) AS "data") FROM records',
    );
    for (const macro of TRINO_ON_DUCKDB_MACROS) await connection.run(macro);
    await connection.run('SET lock_configuration = true');
  } catch (error) {
    throw new QueryEngineError('DuckDB could not start to check statements for Athena', { cause: error });
  }
  return {
    check: async (sql) => {
      const subset = trinoSubsetProblems(sql);
      if (subset.length > 0) return subset.join('; ');
      const statement = trinoWith(
        { records: 'SELECT * FROM evidence_text', tenants: [] },
        { tenant: false },
        [],
        sql,
      );
      try {
        (await connection.prepare(trinoOnDuckDb(statement))).destroySync();
        return undefined;
      } catch (error) {
        return `does not run as Trino: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
      }
    },
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
