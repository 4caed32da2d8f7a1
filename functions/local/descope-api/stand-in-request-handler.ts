import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuditRecord } from '../../core/records/audit-record.js';
import { analyticsSearchBodySchema, handleAnalyticsSearch } from './analytics-search-handler.js';
import { type ApiErrorBody, apiError, ERROR_CODES, type JsonAnswer } from './api-answer.js';
import { auditEventBodySchema, handleAuditEvent } from './audit-event-handler.js';
import type { AuditRecordStore } from './audit-record-store.js';
import { auditSearchBodySchema, handleAuditSearch } from './audit-search-handler.js';
import { handleRoleList, handleRoleRemoval, roleRemovalBodySchema } from './directory-admin-handler.js';
import {
  accessKeySearchBodySchema,
  handleAccessKeySearch,
  handleUserSearch,
  type StandInDirectory,
  userSearchBodySchema,
} from './directory-search-handler.js';
import type { FaultPlan } from './fault-plan.js';
import { readJsonBody, sendFault, sendJson } from './http-exchange.js';
import { unknownFieldsOf } from './request-fields.js';
import type { RequestLogEntry } from './request-log.js';
import type { SearchQuirks } from './search-quirks.js';
import type { SlidingWindowRateLimiter } from './sliding-window-rate-limiter.js';

/** What the request pipeline works with; `store` is read on every request so it can be replaced. */
export interface StandInState {
  projectId: string;
  managementKey: string;
  now: () => number;
  retentionDays: number;
  maxResultWindow: number;
  quirks: SearchQuirks;
  store: () => AuditRecordStore;
  /** Users and access keys served by the directory searches. */
  directory: () => StandInDirectory;
  limiters: Record<SearchRoute, SlidingWindowRateLimiter>;
  faults: FaultPlan;
  requests: RequestLogEntry[];
  /** Adds a created custom event to the served trail (searchable from then on). */
  addRecord: (record: AuditRecord) => void;
  /** Replaces the served directory (a role removed through the management API). */
  setDirectory: (directory: StandInDirectory) => void;
  /** Custom events created so far. */
  createdEvents: AuditRecord[];
}

export type SearchRoute = 'audit' | 'analytics' | 'users' | 'accessKeys' | 'roles' | 'removeRole';

const SEARCH_ROUTES = new Map<string, SearchRoute>([
  ['POST /v1/mgmt/audit/search', 'audit'],
  ['POST /v1/mgmt/analytics/search', 'analytics'],
  ['POST /v2/mgmt/user/search', 'users'],
  ['POST /v1/mgmt/accesskey/search', 'accessKeys'],
  ['GET /v1/mgmt/role/all', 'roles'],
  ['POST /v1/mgmt/user/update/role/remove', 'removeRole'],
]);
const BODY_SCHEMAS = {
  audit: auditSearchBodySchema,
  analytics: analyticsSearchBodySchema,
  users: userSearchBodySchema,
  accessKeys: accessKeySearchBodySchema,
  roles: accessKeySearchBodySchema.pick({}),
  removeRole: roleRemovalBodySchema,
};
const LICENSE_ROUTE = 'GET /v1/mgmt/license';
const EVENT_ROUTE = 'POST /v1/mgmt/audit/event';

/**
 * The request pipeline: route (404) → auth (401) → license answer, or for searches: rate limit (429,
 * without using a slot) → queued or random fault → validation and answer. A fault therefore only hits
 * a request the API admitted, and that request has used a rate-limit slot, as any request the real API
 * received would. The license handshake is neither rate limited nor faulted.
 */
export function createStandInRequestHandler(state: StandInState) {
  const expectedAuthorization = `Bearer ${state.projectId}:${state.managementKey}`;

  const answer = (route: SearchRoute, body: unknown): JsonAnswer => {
    if (route === 'users') return handleUserSearch(body, state.directory(), state.quirks);
    if (route === 'accessKeys') return handleAccessKeySearch(body, state.directory());
    if (route === 'roles') return handleRoleList(state.directory());
    if (route === 'removeRole') {
      const removed = handleRoleRemoval(body, {
        directory: state.directory(),
        projectId: state.projectId,
        now: state.now(),
        actorId: `management-key:${state.managementKey.slice(0, 4)}`,
        sequence: state.createdEvents.length + 1,
      });
      if (removed.directory) state.setDirectory(removed.directory);
      if (removed.record) {
        state.createdEvents.push(removed.record);
        state.addRecord(removed.record);
      }
      return removed.answer;
    }
    return route === 'audit'
      ? handleAuditSearch(body, {
          store: state.store(),
          now: state.now(),
          retentionDays: state.retentionDays,
          maxResultWindow: state.maxResultWindow,
          quirks: state.quirks,
        })
      : handleAnalyticsSearch(body, { store: state.store(), projectId: state.projectId, now: state.now() });
  };

  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const read = await readJsonBody(request);
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const routeKey = `${request.method} ${path}`;
    const route = SEARCH_ROUTES.get(routeKey);
    const body = read.ok ? read.body : read.raw;
    const isEvent = routeKey === EVENT_ROUTE;
    const entry: RequestLogEntry = {
      method: request.method ?? '',
      path,
      body,
      authorized: request.headers.authorization === expectedAuthorization,
      unknownFields: route
        ? unknownFieldsOf(BODY_SCHEMAS[route], body)
        : isEvent
          ? unknownFieldsOf(auditEventBodySchema, body)
          : [],
      receivedAt: Date.now(),
    };
    state.requests.push(entry);
    const reply = (result: JsonAnswer) => {
      entry.status = result.status;
      const code = (result.body as Partial<ApiErrorBody> | undefined)?.errorCode;
      if (code) entry.errorCode = code;
      sendJson(response, result);
    };

    if (!route && !isEvent && routeKey !== LICENSE_ROUTE) {
      return reply(apiError(404, ERROR_CODES.notFound, 'Not found', `no such endpoint: ${routeKey}`));
    }
    if (!entry.authorized) {
      const detail = request.headers.authorization
        ? 'invalid project ID or management key'
        : 'missing Authorization';
      return reply(apiError(401, ERROR_CODES.unauthorized, 'Unauthorized', detail));
    }
    if (isEvent) {
      if (!read.ok) return reply(read.error);
      const created = handleAuditEvent(read.body, {
        projectId: state.projectId,
        now: state.now(),
        sequence: state.createdEvents.length + 1,
      });
      if (created.record) {
        state.createdEvents.push(created.record);
        state.addRecord(created.record);
      }
      return reply(created.answer);
    }
    if (!route) return reply({ status: 200, body: { rateLimitTier: 'standin' } });

    const decision = state.limiters[route].tryAcquire();
    if (!decision.allowed) {
      const retryAfter = String(decision.retryAfterSeconds);
      const headers = { 'retry-after': retryAfter };
      return reply(
        apiError(429, ERROR_CODES.rateLimited, 'Rate limit exceeded', `retry after ${retryAfter}s`, headers),
      );
    }
    const fault = state.faults.next();
    const result = read.ok ? answer(route, read.body) : read.error;
    if (!fault) return reply(result);
    entry.fault = fault;
    const status = sendFault(response, fault, result);
    if (status !== undefined) entry.status = status;
  };
}
