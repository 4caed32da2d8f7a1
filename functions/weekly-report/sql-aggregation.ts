import type { EvidenceDatabase } from '../adapters/duckdb-query-engine.js';
import type { TimeWindow } from '../core/audit-record.js';
import type { QueryDefinition } from '../core/query-definition.js';
import type { QueryTable } from '../core/report-model.js';
import { compileQuery, compileRecordCount } from '../core/sql/compile-query.js';
import { TENANT_COUNTS_SQL, tenantRelationSql } from '../core/sql/evidence-relation.js';
import { isSafeTenantId } from '../core/tenant-id.js';

/** A query's table and the records it counted. */
export interface SqlResult {
  query: QueryDefinition;
  table: QueryTable;
  records: number;
  /** The statement that computed the table (absent in a tenant's results). */
  sql?: string;
}

/** Tenant IDs longer than this are shortened where they are named (they are refused anyway). */
const SHOWN_ID_LENGTH = 80;

const expands = (query: QueryDefinition) =>
  query.aggregation.kind === 'rows' && query.aggregation.expand !== undefined;

/** Records behind a table: the sum of the counts of a group or series, one per row of plain rows. */
function recordsOf(query: QueryDefinition, table: QueryTable): number {
  const spec = query.aggregation;
  if (spec.kind === 'rows') return table.rows.length;
  const at = table.columns.indexOf(spec.count);
  return table.rows.reduce((sum, row) => sum + Number(row[at] ?? 0), 0);
}

/** Each query's table over the loaded records, in the order given. */
export async function runSqlQueries(
  db: EvidenceDatabase,
  queries: readonly QueryDefinition[],
  period: TimeWindow,
): Promise<SqlResult[]> {
  const results: SqlResult[] = [];
  for (const query of queries) {
    const { sql, columns } = compileQuery(query, period, { tenant: false });
    const table = { columns, rows: await db.query(sql) };
    const [counted] = expands(query) ? await db.query(compileRecordCount(query, { tenant: false })) : [];
    results.push({ query, table, records: counted ? Number(counted[0]) : recordsOf(query, table), sql });
  }
  return results;
}

/** What the tenants' pass found: each reported tenant's tables, and the tenant IDs refused. */
export interface TenantSqlResults {
  byTenant: Map<string, SqlResult[]>;
  rejected: Map<string, number>;
}

/**
 * The same queries for each tenant, one statement per query over `tenant_records`: a record counts
 * for every distinct tenant it names, seen with the other tenant IDs removed. Tenant IDs that
 * cannot be a folder name are refused and counted; `accept` narrows the tenants (configuration);
 * `required` tenants get (empty) tables even without records.
 */
export async function runTenantSqlQueries(
  db: EvidenceDatabase,
  queries: readonly QueryDefinition[],
  period: TimeWindow,
  accept: (tenantId: string) => boolean,
  required: readonly string[],
): Promise<TenantSqlResults> {
  const rejected = new Map<string, number>();
  const tenants = new Set<string>();
  for (const [tenant, count] of await db.query(TENANT_COUNTS_SQL)) {
    const id = String(tenant);
    if (!isSafeTenantId(id)) {
      const shown = id.length > SHOWN_ID_LENGTH ? `${id.slice(0, SHOWN_ID_LENGTH)}…` : id;
      rejected.set(shown, (rejected.get(shown) ?? 0) + Number(count));
    } else if (accept(id)) tenants.add(id);
  }
  for (const tenant of required) tenants.add(tenant);
  for (const statement of tenantRelationSql([...tenants])) await db.execute(statement);
  const byTenant = new Map<string, SqlResult[]>([...tenants].map((t) => [t, []]));
  for (const query of queries) {
    const { sql, columns } = compileQuery(query, period, { tenant: true });
    const split = new Map<string, QueryTable['rows']>([...tenants].map((t) => [t, []]));
    for (const [tenant, ...row] of await db.query(sql)) split.get(String(tenant))?.push(row);
    const counts = new Map<string, number>();
    if (expands(query))
      for (const [tenant, n] of await db.query(compileRecordCount(query, { tenant: true })))
        counts.set(String(tenant), Number(n));
    for (const [tenant, rows] of split) {
      const table = { columns: columns.slice(1), rows };
      // No SQL in a tenant's report: its conditions may name other tenants, and its folder holds no evidence.
      const records = expands(query) ? (counts.get(tenant) ?? 0) : recordsOf(query, table);
      byTenant.get(tenant)?.push({ query, table, records });
    }
  }
  return { byTenant, rejected };
}
