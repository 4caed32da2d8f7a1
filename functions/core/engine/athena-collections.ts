import type { QueryDefinition, RecordCondition } from '../catalog/query-definition.js';
import type { CollectionPlan } from '../catalog/query-plan.js';
import type { AuditFilter } from '../records/audit-record.js';
import { trinoSupport } from '../sql/trino/trino-support.js';

/*
 * Which of a run's collections Athena computes. A collection is the unit the function stages into
 * DuckDB: Athena computes one only when it computes everything the report needs from it, so the
 * function never stages it; otherwise DuckDB computes the whole collection, as without Athena.
 */

/** A collection DuckDB computes, and why not Athena (in words the report shows). */
export interface CollectionOnDuckDb {
  collection: string;
  reason: string;
}

/** The split of a run's collections between the two engines. */
export interface CollectionSplit {
  /** Athena computes these; their queries carry the collection's search filter as conditions. */
  onAthena: CollectionPlan[];
  onDuckDb: CollectionOnDuckDb[];
}

/** What the run needs besides the project tables. */
export interface RunNeeds {
  /** Tenant reports are on: a collection on Athena must have every tenant table's Trino form too. */
  tenants: boolean;
  /**
   * The access review asks for users' latest successful logins: a collection on Athena that may
   * hold them gets a `latest-logins` statement (`latestLoginsTrino`) beside its tables.
   */
  latestLogins: boolean;
}

/**
 * What a run needs, from its settings: the access review's settings are present whether it is on
 * or off, and it reads latest logins only when on.
 */
export const runNeeds = (tenantReports: boolean, accessReview?: { enabled: boolean }): RunNeeds => ({
  tenants: tenantReports,
  latestLogins: accessReview?.enabled === true,
});

const LIST_FIELDS: ReadonlyArray<[keyof AuditFilter, string]> = [
  ['userIds', 'userId'],
  ['actorIds', 'actorId'],
  ['devices', 'device'],
  ['methods', 'method'],
  ['geos', 'geo'],
  ['remoteAddresses', 'remoteAddress'],
  ['loginIds', 'loginIds'],
  ['tenants', 'tenants'],
];

/**
 * The collection's search filter as record conditions, as the stream source applies it
 * (core/records/audit-filter-match.ts): a list is one of its values (a list field: any of them),
 * AND across fields; an empty list filters nothing. `text` and `noTenants` have no condition form.
 */
export function filterConditions(
  filter: AuditFilter,
): { ok: true; where: RecordCondition[] } | { ok: false; reason: string } {
  if (filter.text?.trim())
    return { ok: false, reason: 'its search filter has text, which has no Trino form' };
  if (filter.noTenants && filter.tenants?.length)
    return { ok: false, reason: 'its search filter has noTenants, which has no Trino form' };
  const where: RecordCondition[] = [];
  if (filter.actions?.length) where.push({ field: 'action', in: [...filter.actions] });
  if (filter.excludedActions?.length) where.push({ field: 'action', notIn: [...filter.excludedActions] });
  for (const [key, field] of LIST_FIELDS) {
    const values = filter[key];
    if (Array.isArray(values) && values.length > 0) where.push({ field, in: [...values] });
  }
  return { ok: true, where };
}

/** Why DuckDB computes `plan`, or undefined when Athena computes all the report needs of it. */
function duckDbReason(plan: CollectionPlan, needs: RunNeeds): string | undefined {
  if (plan.lookbackDays !== undefined)
    return `it reaches back ${plan.lookbackDays} days before the period's end, beyond the period's partitions`;
  const filtered = filterConditions(plan.filter);
  if (!filtered.ok) return filtered.reason;
  for (const query of plan.queries) {
    const support = trinoSupport(query, { tenant: false });
    if (!support.ok) return `${query.id}: ${support.reason}`;
    // A tenant table must never be dropped: the whole collection stays where DuckDB computes it.
    const tenant = needs.tenants && query.aggregation.kind !== 'sql' && trinoSupport(query, { tenant: true });
    if (tenant && !tenant.ok) return `${query.id}: ${tenant.reason}`;
  }
  return undefined;
}

/** The query as Athena runs it over the whole stream: the collection's filter first, then its own conditions. */
export function withCollectionFilter(query: QueryDefinition, plan: CollectionPlan): QueryDefinition {
  const filtered = filterConditions(plan.filter);
  if (!filtered.ok || filtered.where.length === 0) return query;
  return { ...query, where: [...filtered.where, ...query.where] } as QueryDefinition;
}

/** Splits the run's collections between Athena and DuckDB (see the file's note). */
export function splitCollections(plans: readonly CollectionPlan[], needs: RunNeeds): CollectionSplit {
  const onAthena: CollectionPlan[] = [];
  const onDuckDb: CollectionOnDuckDb[] = [];
  for (const plan of plans) {
    const reason = duckDbReason(plan, needs);
    if (reason === undefined)
      onAthena.push({ ...plan, queries: plan.queries.map((q) => withCollectionFilter(q, plan)) });
    else onDuckDb.push({ collection: plan.id, reason });
  }
  return { onAthena, onDuckDb };
}
