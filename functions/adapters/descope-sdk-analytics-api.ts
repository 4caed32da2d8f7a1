import { z } from 'zod';
import type { AnalyticsCount, AnalyticsQuery } from '../core/records/analytics-count.js';
import { DescopeAuditError } from '../shared/errors.js';
import type { AuditAnalyticsSource } from './audit-analytics-source.js';
import { createDescopeManagementClient, type DescopeConnection } from './descope-management-client.js';
import { type SdkError, sdkApiError, sdkTransportError } from './descope-timed-fetch.js';

export type DescopeSdkAnalyticsOptions = DescopeConnection;

const OPERATION = 'analytics search';
const digits = z.string().regex(/^\d+$/).transform(Number);
const optionalText = z.string().optional();

/** One row as Descope answers it: counts and bucket starts are decimal strings. */
const analyticRowSchema = z.object({
  created: digits,
  cnt: digits,
  action: optionalText,
  device: optionalText,
  method: optionalText,
  geo: optionalText,
  tenant: optionalText,
});

/**
 * Analytics search through `@descope/node-sdk` (`management.analytics.search`), grouped by UTC day
 * (or by hour when asked). Like the audit search adapter: no SDK logger (it prints the management key), a custom
 * `fetch` for the timeout, and never the raw response in errors or logs. An answer that is not a
 * list of well-formed rows is an error, never an empty history.
 */
export function createDescopeSdkAnalyticsApi(options: DescopeSdkAnalyticsOptions): AuditAnalyticsSource {
  const client = createDescopeManagementClient(options, OPERATION);
  return {
    async count(query: AnalyticsQuery): Promise<AnalyticsCount[]> {
      const grouped = new Set(query.groupBy);
      let answer: { ok: boolean; code?: number; data?: unknown; error?: unknown };
      try {
        answer = await client.management.analytics.search({
          from: query.from,
          to: query.to,
          ...(query.actions ? { actions: query.actions } : {}),
          ...(query.tenants ? { tenants: query.tenants } : {}),
          groupByAction: grouped.has('action'),
          groupByDevice: grouped.has('device'),
          groupByMethod: grouped.has('method'),
          groupByGeo: grouped.has('geo'),
          groupByTenant: grouped.has('tenant'),
          groupByCreated: query.bucket === 'hour' ? 'h' : 'd',
        });
      } catch (error) {
        throw sdkTransportError(OPERATION, error);
      }
      if (!answer.ok) throw sdkApiError(OPERATION, answer.code, answer.error as SdkError | undefined);
      const rows = z.array(analyticRowSchema).safeParse(answer.data);
      if (!rows.success) {
        throw new DescopeAuditError(`Descope ${OPERATION} answered rows that are not counts per day`, {
          retryable: true,
        });
      }
      return rows.data.map(({ created, cnt, ...dimensions }) => {
        const row: AnalyticsCount = { day: created, count: cnt };
        for (const dimension of query.groupBy) row[dimension] = dimensions[dimension] ?? '';
        return row;
      });
    },
  };
}
