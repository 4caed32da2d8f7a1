import { createHash } from 'node:crypto';
import type { AuditRecord } from './audit-record.js';
import { canonicalJson } from './json-writer.js';

export { canonicalJson };

/**
 * Identity of a record for de-duplication: Descope's `ID` when present, else the SHA-256 of the
 * whole canonical record (login IDs, tenants and `data` included). A narrower fingerprint merges
 * distinct events: one address trying many login IDs in one millisecond is common. A record read
 * twice at a window edge is byte-identical, so it still has one key.
 */
export function recordKey(record: AuditRecord): string {
  if (record.id) return `id:${record.id}`;
  return `h:${createHash('sha256').update(canonicalJson(record)).digest('base64url')}`;
}
