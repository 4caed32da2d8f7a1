import { z } from 'zod';
import { DAY_MS } from '../../core/period/period.js';
import { apiError, ERROR_CODES, type JsonAnswer } from './api-answer.js';
import { selectMatching } from './audit-record-predicate.js';
import type { AuditRecordStore } from './audit-record-store.js';
import {
  actionFields,
  booleanField,
  clientFields,
  givenOrUndefined,
  int64Field,
  parseRequestBody,
  resolveTimeRange,
  stringField,
  stringListField,
  timeRangeFields,
} from './request-fields.js';
import type { SearchQuirks } from './search-quirks.js';
import { toWireAuditRecord } from './wire-audit-record.js';

/** Page size Descope uses when none is given, and the largest it accepts. */
export const MAX_AUDIT_PAGE_SIZE = 1000;

/** `POST /v1/mgmt/audit/search` body, wire spelling (`externalIds`, not the SDK's `loginIds`). */
export const auditSearchBodySchema = z.object({
  ...timeRangeFields,
  ...actionFields,
  userIds: stringListField,
  actorIds: stringListField,
  externalIds: stringListField,
  ...clientFields,
  remoteAddresses: stringListField,
  tenants: stringListField,
  noTenants: booleanField,
  text: stringField,
  size: int64Field,
  page: int64Field,
  oldestFirst: booleanField,
});

/** What an audit search needs besides the body. */
export interface AuditSearchContext {
  store: AuditRecordStore;
  /** Server time, epoch ms. */
  now: number;
  retentionDays: number;
  /** Deepest `(page + 1) * size` served. */
  maxResultWindow: number;
  quirks?: SearchQuirks;
}

/**
 * Answers an audit search: `{ audits, total }`, newest first unless `oldestFirst`, ties by ID.
 * `from` and `to` are both inclusive; unset they default to the retention start and now. Refuses a
 * `from` older than the retention (E011003), a page size above 1000 and pages past the result window.
 */
export function handleAuditSearch(body: unknown, context: AuditSearchContext): JsonAnswer {
  const parsed = parseRequestBody(auditSearchBodySchema, body);
  if (!parsed.ok) return parsed.error;
  const request = parsed.value;

  const size = givenOrUndefined(request.size) ?? MAX_AUDIT_PAGE_SIZE;
  const page = request.page ?? 0;
  if (size < 0 || size > MAX_AUDIT_PAGE_SIZE) {
    return validationError(`size must be between 1 and ${MAX_AUDIT_PAGE_SIZE}, got ${size}`);
  }
  if (page < 0) return validationError(`page must not be negative, got ${page}`);

  const oldestAllowed = context.now - context.retentionDays * DAY_MS;
  const range = resolveTimeRange(request, context.now, oldestAllowed, `${context.retentionDays} days`);
  if (!range.ok) return range.error;
  if ((page + 1) * size > context.maxResultWindow) {
    return apiError(
      400,
      ERROR_CODES.badRequest,
      'Result window is too large',
      `(page + 1) * size must be at most ${context.maxResultWindow}: narrow the time range instead`,
    );
  }

  const selection = selectMatching(context.store, request, range);
  const quirks = context.quirks ?? {};
  const served = Math.min(size, quirks.pageSizeCap ?? size);
  const oldestFirst = request.oldestFirst === true && !quirks.ignoreOldestFirst;
  const audits = selection
    .page(page * size, served, oldestFirst)
    .map((stored) => toWireAuditRecord(stored, { withId: !quirks.omitIds }));
  const total = Math.min(selection.total, quirks.totalCap ?? selection.total);
  if (!quirks.omitEmptyFields) return { status: 200, body: { audits, total } };
  return { status: 200, body: { ...(audits.length > 0 ? { audits } : {}), ...(total > 0 ? { total } : {}) } };
}

function validationError(message: string): JsonAnswer {
  return apiError(400, ERROR_CODES.validation, 'Request validation failed', message);
}
