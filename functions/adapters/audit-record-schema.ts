import { z } from 'zod';
import type { AuditRecord } from '../core/records/audit-record.js';

const text = z.preprocess((v) => (v === null || v === undefined ? '' : v), z.string());
const texts = z.preprocess((v) => (v === null || v === undefined ? [] : v), z.array(z.string()));
/**
 * `data` as the API sent it. Not `z.record`: that drops a `__proto__` key silently, and `data` keys
 * are whatever the event's author wrote.
 */
const dataObject = z.preprocess(
  (v) => (v === null || v === undefined ? {} : v),
  z.custom<Record<string, unknown>>(
    (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
    'data must be an object',
  ),
);

/**
 * A record as the node SDK hands it over (`occurred` already a number, `externalIds` renamed to
 * `loginIds`). Missing optional strings become empty; a record without an action or a valid time
 * is malformed.
 */
const sdkAuditRecordSchema = z.object({
  ID: z.string().optional(),
  projectId: text,
  userId: text,
  action: z.string().min(1),
  occurred: z.number().finite(),
  device: text,
  method: text,
  geo: text,
  remoteAddress: text,
  loginIds: texts,
  tenants: texts,
  data: dataObject,
  type: text,
  actorId: text,
});

/** Validates and normalises one SDK audit record; `undefined` when it is malformed. */
export function toAuditRecord(raw: unknown): AuditRecord | undefined {
  const parsed = sdkAuditRecordSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const { ID, ...rest } = parsed.data;
  return ID ? { id: ID, ...rest } : rest;
}
