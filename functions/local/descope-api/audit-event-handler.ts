import { z } from 'zod';
import type { AuditRecord } from '../../core/records/audit-record.js';
import { apiError, ERROR_CODES, type JsonAnswer } from './api-answer.js';

/** `POST /v1/mgmt/audit/event` as `management.audit.createEvent` sends it. */
export const auditEventBodySchema = z.object({
  action: z.string().min(1),
  type: z.enum(['info', 'warn', 'error']),
  actorId: z.string().min(1),
  tenantId: z.string().min(1),
  userId: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export interface AuditEventContext {
  projectId: string;
  now: number;
  /** Sequence number of this event, for its ID. */
  sequence: number;
}

/**
 * Creates a custom audit event: validates the body (action, type, actorId and tenantId are required
 * by the SDK's types) and answers the record to add to the served trail, at the server's time.
 */
export function handleAuditEvent(
  body: unknown,
  context: AuditEventContext,
): { answer: JsonAnswer; record?: AuditRecord } {
  const parsed = auditEventBodySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(body)';
    return {
      answer: apiError(400, ERROR_CODES.validation, 'Request is invalid', `${field}: ${issue?.message}`),
    };
  }
  const event = parsed.data;
  const record: AuditRecord = {
    id: `standin-event-${context.sequence}`,
    projectId: context.projectId,
    userId: event.userId ?? '',
    action: event.action,
    occurred: context.now,
    device: '',
    method: '',
    geo: '',
    remoteAddress: '',
    loginIds: [],
    tenants: [event.tenantId],
    data: event.data ?? {},
    type: event.type,
    actorId: event.actorId,
  };
  return { answer: { status: 200, body: {} }, record };
}
