import { describe, expect, it } from 'vitest';
import { sqlQueryDefinitionSchema } from '../../../functions/core/catalog/query-definition.js';
import {
  describeQueryEngines,
  findEngineProblems,
} from '../../../functions/weekly-report/wiring/check-catalog-engines.js';
import { demoCatalogQueries } from '../../core/sql/trino/both-dialects.js';

const custom = (sql: string, engines: string[] = ['duckdb', 'athena']) =>
  sqlQueryDefinitionSchema.parse({ id: 'custom', title: 'Custom', sql, engines });

describe('which engines compute each query', () => {
  it('names Athena for the emitted queries and says why not for the others', async () => {
    const engines = new Map(describeQueryEngines(await demoCatalogQueries()).map((e) => [e.id, e]));
    expect(engines.get('failed-logins-by-geo')?.engines).toEqual(['duckdb', 'athena']);
    expect(engines.get('failed-logins-by-hour')?.engines).toEqual(['duckdb', 'athena']);
    expect(engines.get('role-grants')).toEqual({ id: 'role-grants', engines: ['duckdb', 'athena'] });
    expect(engines.get('impossible-travel')?.engines).toEqual(['duckdb', 'athena']);
    expect(engines.get('logins-without-mfa')?.engines).toEqual(['duckdb', 'athena']);
    expect(engines.get('dormant-privileged-accounts')?.athenaNot).toMatch(/declares only the duckdb engine/);
  });

  it('refuses a statement that leaves out DuckDB', () => {
    expect(() => custom('SELECT 1 AS n', ['athena'])).toThrow(/must include .*duckdb/);
  });
});

describe('custom statements declared for Athena keep to the shared subset', () => {
  it('accepts the demo catalog', async () => {
    expect(await findEngineProblems(await demoCatalogQueries())).toEqual([]);
  });

  it('names DuckDB-only functions, operators and statements Trino cannot bind', async () => {
    const problems = await findEngineProblems([
      custom(`SELECT hour(epoch_ms("occurredMs")) AS h FROM records`),
      custom(`SELECT "occurredMs" // 1000 AS s, action::VARCHAR AS a FROM records`),
      custom(`SELECT missing_column AS m FROM records`),
      custom(`SELECT 'epoch_ms(' AS quoted, count(*) AS n FROM records`),
      custom(`SELECT hour(epoch_ms("occurredMs")) AS h FROM records`, ['duckdb']),
    ]);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^query "custom" engines: athena, but its sql calls epoch_ms, hour, outside/);
    expect(problems[1]).toMatch(/"\/\/" division.*"::" casts|"::" casts.*"\/\/" division/);
    expect(problems[2]).toMatch(/does not run as Trino: .*missing_column/);
  });
});
