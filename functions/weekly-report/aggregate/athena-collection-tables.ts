import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AthenaQueryRunner } from '../../adapters/athena-query-runner.js';
import { type EvidenceDatabase, openEvidenceDatabase } from '../../adapters/duckdb-query-engine.js';
import type { QueryDefinition } from '../../core/catalog/query-definition.js';
import type { AthenaStatementFacts, EngineFacts } from '../../core/engine/engine-facts.js';
import type { ReportPeriod } from '../../core/period/period.js';
import type { ReportGap } from '../../core/report/report-model.js';
import { compileQuery, emptyTable } from '../../core/sql/compile-query.js';
import { athenaScript } from '../../core/sql/trino/athena-script.js';
import type { StatementState } from '../run-control/engine-state.js';
import { engineFacts, unplacedGaps, wholePeriod } from './athena-engine-facts.js';
import { type AthenaLatestLogins, athenaCollectionLogins } from './athena-latest-logins.js';
import { athenaAddressTotals, athenaRecordCounts } from './athena-result-reads.js';
import { sinkAthenaResult } from './athena-tables.js';
import { athenaCensus, athenaTenantTables, finishedId } from './athena-tenant-collections.js';
import type { AthenaEngine, ChosenEngine } from './engine-phase.js';
import { type SqlResult, sinkColumns, sinkFor, type TableOutput } from './sql-aggregation.js';
import type { CensusElsewhere } from './week-tenants.js';

/** A query's project statements by kind: its table, and the totals or record count it needs. */
type QueryStatements = Partial<Record<StatementState['kind'], StatementState>>;

/** The tables Athena computed, by collection, and what the report states about the engine. */
export interface AthenaComputed {
  /** Collection ID → its project results, in the collection's query order. */
  byCollection: Map<string, SqlResult[]>;
  /** Besides each statement's own: events Athena could not place in time (or could not count). */
  gaps: ReportGap[];
  facts: EngineFacts;
  /** `athena.sql`: the statements as run, with their execution IDs and bytes. */
  script?: string;
  /** With the access review on: the latest logins of the users asked about, by collection. */
  logins?: AthenaLatestLogins;
  /** With tenant reports: the tenants chosen, Athena's census, and each collection's tenant tables. */
  tenants?: {
    reported: readonly string[];
    census: CensusElsewhere;
    /** Collection ID → tenant ID → its results, in the collection's query order. */
    byCollection: Map<string, Map<string, SqlResult[]>>;
  };
}

/**
 * One query's project table from its execution (with the address totals and record count it needs
 * from theirs), or an empty table and a gap when Athena did not finish one of them.
 */
async function tableOf(
  runner: AthenaQueryRunner,
  db: EvidenceDatabase,
  query: QueryDefinition,
  statements: QueryStatements,
  period: ReportPeriod,
  output: TableOutput,
): Promise<SqlResult> {
  // queries.sql keeps the DuckDB statement over the collection's evidence, whichever engine ran.
  const { sql } = compileQuery(query, period, { tenant: false });
  const needed = Object.values(statements);
  const unfinished = needed.length === 0 ? undefined : needed.find((s) => finishedId(s) === undefined);
  const table = finishedId(statements.table);
  if (table === undefined || unfinished) {
    const failed = unfinished ?? statements.table;
    const reason = `Athena did not compute this table (query ${failed?.executionId ?? 'not started'}: ${failed?.reason ?? 'no statement'}); it is empty, not zero`;
    return { query, table: emptyTable(query, period), records: 0, sql, gaps: [wholePeriod(period, reason)] };
  }
  const sunk = await sinkAthenaResult(runner, db, table, (columns) =>
    sinkFor(query, sinkColumns(query, columns), output, ''),
  );
  const totals = finishedId(statements['address-totals']);
  const count = finishedId(statements['record-count']);
  return {
    query,
    table: sunk.table,
    // An expansion's rows do not count its records: its record-count statement does.
    records: count === undefined ? sunk.counted : ((await athenaRecordCounts(runner, count)).get('') ?? 0),
    csv: sunk.csv,
    sql,
    addressTotals: totals === undefined ? undefined : (await athenaAddressTotals(runner, totals))(''),
  };
}

/**
 * The project tables of the collections Athena computed, read from their finished executions
 * through the same sinks DuckDB's go through (byte-identical CSVs); a statement Athena failed or
 * cancelled is an empty table with a gap naming the execution and why. Also `athena.sql`.
 */
export async function computeAthenaCollections(input: {
  runner: AthenaQueryRunner;
  chosen: Required<ChosenEngine>;
  /** The catalog's queries as defined (Athena ran them with the collection's filter added). */
  queries: readonly QueryDefinition[];
  period: ReportPeriod;
  lateDays: number;
  workGroup: string;
  output: TableOutput;
  workDirectory?: string;
  /** The access review's users, whose latest logins are read from the `latest-logins` statements. */
  loginsOf?: readonly string[];
}): Promise<AthenaComputed> {
  const { runner, chosen, period } = input;
  const byToken = new Map(chosen.state.statements.map((s) => [s.token, s]));
  const original = new Map(input.queries.map((q) => [q.id, q]));
  const planned = {
    project: new Map<string, QueryStatements>(),
    tenants: new Map<string, QueryStatements>(),
  };
  for (const s of chosen.athena.plan.statements) {
    if (s.kind === 'census' || s.kind === 'latest-logins') continue;
    const statement = byToken.get(s.token);
    const byQuery = planned[s.scope];
    byQuery.set(s.queryId, { ...byQuery.get(s.queryId), [s.kind]: statement });
  }
  const reported = chosen.state.tenants;
  const tenantTables = new Map<string, Map<string, SqlResult[]>>();
  const directory = await mkdtemp(join(input.workDirectory ?? tmpdir(), 'athena-results-'));
  const db = await openEvidenceDatabase(undefined, directory, { threads: 1 });
  try {
    const byCollection = new Map<string, SqlResult[]>();
    for (const collection of chosen.athena.collections) {
      const results: SqlResult[] = [];
      for (const filtered of collection.queries) {
        const query = original.get(filtered.id) ?? filtered;
        results.push(
          await tableOf(runner, db, query, planned.project.get(query.id) ?? {}, period, input.output),
        );
      }
      byCollection.set(collection.id, results);
      const queries = collection.queries.map((q) => original.get(q.id) ?? q);
      if (reported)
        tenantTables.set(
          collection.id,
          await athenaTenantTables({ ...input, db, queries, statements: planned.tenants, reported }),
        );
    }
    const unplaced = byToken.get(chosen.athena.plan.unplaced.token);
    const sql = (token: string) =>
      token === chosen.athena.plan.unplaced.token
        ? chosen.athena.plan.unplaced.sql
        : (chosen.athena.plan.statements.find((s) => s.token === token)?.statement.sql ?? '');
    const facts = engineFacts(chosen);
    const census = athenaCensus(runner, chosen.state.statements, chosen.athena.collections);
    return {
      byCollection,
      tenants: reported ? { reported, census, byCollection: tenantTables } : undefined,
      gaps: await unplacedGaps(runner, unplaced, period, input.lateDays),
      logins: await athenaCollectionLogins(
        runner,
        chosen.athena.plan.statements,
        byToken,
        chosen.athena.collections,
        input.loginsOf,
      ),
      facts,
      script: athenaScript(
        input.workGroup,
        chosen.state.statements
          .map((s, i) => ({ ...(facts.statements?.[i] as AthenaStatementFacts), sql: sql(s.token) }))
          .filter((entry) => entry.executionId !== ''),
      ),
    };
  } finally {
    db.close();
    await rm(directory, { recursive: true, force: true });
  }
}

/**
 * What the chosen engine gives the compute phase: Athena's tables (none on DuckDB) and the
 * engine facts the project report states (none when no engine was chosen: no Athena configured).
 */
export async function chosenEngineTables(
  chosen: ChosenEngine | undefined,
  engine: Pick<AthenaEngine, 'runner' | 'lateDays' | 'workGroup'> | undefined,
  input: {
    queries: readonly QueryDefinition[];
    period: ReportPeriod;
    output: TableOutput;
    loginsOf?: readonly string[];
  },
): Promise<{ athena?: AthenaComputed; facts?: EngineFacts; script?: string }> {
  if (!chosen) return {};
  if (!chosen.athena || !engine) return { facts: engineFacts(chosen) };
  const athena = await computeAthenaCollections({
    ...input,
    runner: engine.runner,
    chosen: { state: chosen.state, athena: chosen.athena },
    lateDays: engine.lateDays,
    workGroup: engine.workGroup,
  });
  return { athena, facts: athena.facts, script: athena.script };
}
