import type { QueryDefinition } from '../../catalog/query-definition.js';
import type { TimeWindow } from '../../records/audit-record.js';
import { readsAddressTotals } from '../../report/rows-held.js';
import type { FieldScope } from '../field-sql.js';
import { addressTotalsTrino } from './address-totals-trino.js';
import { compileTrinoQuery, compileTrinoRecordCount } from './compile-trino-query.js';
import type { TrinoRelations } from './trino-relations.js';
import { trinoSupport } from './trino-support.js';

/** Which report a statement serves: the project's, or every reported tenant's at once (`report_tenant` first). */
export type AthenaScope = 'project' | 'tenants';

/**
 * What a statement computes: a query's `table`; the `address-totals` the address-spike finding
 * reads (rows of `addressTotalsRowSchema`); a `record-count` (`count`, per `report_tenant` for the
 * tenants) where a table's rows do not count its records (a role-change expansion, a SQL statement);
 * a collection's tenant `census` (`tenant`, `records`; its `queryId` is the collection's ID); a
 * collection's `latest-logins` the access review reads (`userId`, `occurredMs`; `latestLoginsTrino`).
 */
export type AthenaStatementKind = 'table' | 'address-totals' | 'record-count' | 'census' | 'latest-logins';

/** One Trino statement of a period's report. */
export interface AthenaStatement {
  queryId: string;
  scope: AthenaScope;
  kind: AthenaStatementKind;
  sql: string;
  /** A table's columns (`report_tenant` first in a tenants' statement); absent for a custom statement. */
  columns?: string[];
}

/** A period's statements, and the queries the Trino dialect does not emit (computed on DuckDB), with why. */
export interface AthenaStatements {
  statements: AthenaStatement[];
  onDuckDb: Array<{ queryId: string; scope: AthenaScope; reason: string }>;
}

const SCOPES: ReadonlyArray<[FieldScope, AthenaScope]> = [
  [{ tenant: false }, 'project'],
  [{ tenant: true }, 'tenants'],
];

/**
 * A table whose rows do not count its records: a role-change expansion (a record gives several
 * rows, or none), and a statement written in SQL (its rows are whatever it selects; the report
 * counts the records it read, as DuckDB counts its collection).
 */
const countsRecordsApart = (query: QueryDefinition) =>
  query.aggregation.kind === 'sql' || (query.aggregation.kind === 'rows' && query.aggregation.expand);

/**
 * Every Trino statement of a period's report, in catalog order, project then tenants per query:
 * each table (the role-change expansions for the project), the address totals the findings read,
 * and an expansion's record count. Tenant statements only with `tenants`
 * (the reported tenants, chosen from `tenantCensusTrino` before): each row names its tenant in
 * `report_tenant`, and a tenant's report takes only its own rows. A custom statement has none.
 * `addressMinimum` is the address-spike rule's minimum (deploy configuration).
 */
export function athenaStatements(input: {
  queries: readonly QueryDefinition[];
  period: TimeWindow;
  records: string;
  tenants: readonly string[] | undefined;
  addressMinimum: number;
}): AthenaStatements {
  const relations: TrinoRelations = { records: input.records, tenants: input.tenants ?? [] };
  const statements: AthenaStatement[] = [];
  const onDuckDb: AthenaStatements['onDuckDb'] = [];
  for (const query of input.queries)
    for (const [scope, name] of SCOPES) {
      if (scope.tenant && (input.tenants === undefined || query.aggregation.kind === 'sql')) continue;
      const support = trinoSupport(query, scope);
      if (!support.ok) {
        onDuckDb.push({ queryId: query.id, scope: name, reason: support.reason });
        continue;
      }
      const table = compileTrinoQuery(query, input.period, scope, relations);
      statements.push({ queryId: query.id, scope: name, kind: 'table', ...table });
      const totals = readsAddressTotals(query)
        ? addressTotalsTrino(query, scope.tenant, relations, input.addressMinimum)
        : undefined;
      if (totals) statements.push({ queryId: query.id, scope: name, kind: 'address-totals', sql: totals });
      if (countsRecordsApart(query))
        statements.push({
          queryId: query.id,
          scope: name,
          kind: 'record-count',
          sql: compileTrinoRecordCount(query, scope, relations),
        });
    }
  return { statements, onDuckDb };
}
