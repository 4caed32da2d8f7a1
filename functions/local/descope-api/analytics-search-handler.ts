import { z } from 'zod';
import type { AuditRecord } from '../../core/records/audit-record.js';
import type { JsonAnswer } from './api-answer.js';
import { selectMatching } from './audit-record-predicate.js';
import type { AuditRecordStore } from './audit-record-store.js';
import {
  actionFields,
  booleanField,
  clientFields,
  parseRequestBody,
  resolveTimeRange,
  stringListField,
  timeRangeFields,
} from './request-fields.js';
import { bucketStart, monthsBefore, TIME_BUCKETS } from './time-bucket.js';

/** How far back analytics may look, in calendar months. */
export const ANALYTICS_RETENTION_MONTHS = 12;

/** `POST /v1/mgmt/analytics/search` body. */
export const analyticsSearchBodySchema = z.object({
  ...actionFields,
  ...timeRangeFields,
  ...clientFields,
  tenants: stringListField,
  groupByAction: booleanField,
  groupByDevice: booleanField,
  groupByMethod: booleanField,
  groupByGeo: booleanField,
  groupByTenant: booleanField,
  groupByReferrer: booleanField,
  groupByCreated: z.enum(TIME_BUCKETS).or(z.literal('')).nullish(),
});

/** One analytics row as Descope answers it; fields not grouped by are left out. */
export interface WireAnalyticRecord {
  projectId: string;
  action?: string;
  created?: string;
  device?: string;
  method?: string;
  geo?: string;
  tenant?: string;
  referrer?: string;
  cnt: string;
}

/** What an analytics search needs besides the body. */
export interface AnalyticsSearchContext {
  store: AuditRecordStore;
  projectId: string;
  now: number;
}

/**
 * Answers an analytics search: `{ analytics: [...] }` with counts (strings) per group, ordered by
 * bucket then group values. A record with several tenants counts once per (matching) tenant when
 * grouped by tenant. `from` older than 12 months is refused (E011003).
 */
export function handleAnalyticsSearch(body: unknown, context: AnalyticsSearchContext): JsonAnswer {
  const parsed = parseRequestBody(analyticsSearchBodySchema, body);
  if (!parsed.ok) return parsed.error;
  const request = parsed.value;

  const oldestAllowed = monthsBefore(context.now, ANALYTICS_RETENTION_MONTHS);
  const range = resolveTimeRange(request, context.now, oldestAllowed, `${ANALYTICS_RETENTION_MONTHS} months`);
  if (!range.ok) return range.error;
  const selection = selectMatching(context.store, request, range);

  const tenantFilter = request.tenants && request.tenants.length > 0 ? new Set(request.tenants) : undefined;
  const bucket = request.groupByCreated || undefined;
  const groups = new Map<string, WireAnalyticRecord & { count: number }>();
  const add = (record: AuditRecord, tenant: string) => {
    const row: WireAnalyticRecord & { count: number } = { projectId: context.projectId, cnt: '', count: 0 };
    if (request.groupByAction) row.action = record.action;
    if (bucket) row.created = String(bucketStart(record.occurred, bucket));
    if (request.groupByDevice) row.device = record.device;
    if (request.groupByMethod) row.method = record.method;
    if (request.groupByGeo) row.geo = record.geo;
    if (request.groupByTenant) row.tenant = tenant;
    // The audit records carry no referrer, so every record falls in the empty referrer group.
    if (request.groupByReferrer) row.referrer = '';
    const key = JSON.stringify([row.created, row.action, row.device, row.method, row.geo, row.tenant]);
    const existing = groups.get(key) ?? row;
    existing.count++;
    groups.set(key, existing);
  };
  selection.forEach((record) => {
    const tenants = !request.groupByTenant
      ? []
      : tenantFilter
        ? record.tenants.filter((t) => tenantFilter.has(t))
        : record.tenants;
    if (tenants.length === 0) add(record, '');
    for (const tenant of tenants) add(record, tenant);
  });

  const analytics = [...groups.values()]
    .sort(compareRows)
    .map(({ count, ...row }): WireAnalyticRecord => ({ ...row, cnt: String(count) }));
  return { status: 200, body: { analytics } };
}

function compareRows(a: WireAnalyticRecord, b: WireAnalyticRecord): number {
  const byTime = Number(a.created ?? 0) - Number(b.created ?? 0);
  if (byTime !== 0) return byTime;
  const keyA = [a.action, a.device, a.method, a.geo, a.tenant].join('\u0000');
  const keyB = [b.action, b.device, b.method, b.geo, b.tenant].join('\u0000');
  return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
}
