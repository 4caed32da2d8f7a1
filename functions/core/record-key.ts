import { createHash } from 'node:crypto';
import type { AuditRecord } from './audit-record.js';

/**
 * Identity of a record for de-duplication: Descope's `ID` when present, else a hash of the fields
 * that tell two events apart (IDs are not reliable across SDKs).
 */
export function recordKey(record: AuditRecord): string {
  if (record.id) return `id:${record.id}`;
  const fingerprint = JSON.stringify([
    record.userId,
    record.action,
    record.occurred,
    record.device,
    record.method,
    record.remoteAddress,
  ]);
  return `h:${createHash('sha256').update(fingerprint).digest('base64url')}`;
}
