import type { RecordCondition } from '../../functions/core/catalog/query-definition.js';
import type { AuditRecord } from '../../functions/core/records/audit-record.js';
import { readOwnPath } from '../../functions/core/records/field-path.js';

/*
 * An independent reading of a catalog's `where`, for tests to compute expected counts from raw
 * records: the report itself compiles conditions to SQL (core/sql/compile-query.ts).
 */

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(text).join('; ');
  return JSON.stringify(value);
}

/** `scimOutcome` as docs/query-catalog.md defines it: a resource succeeded; else a non-empty error failed. */
function scimOutcome(data: Record<string, unknown>): string {
  const result = readOwnPath(data, 'scim_result');
  if (result !== null && typeof result === 'object') return 'succeeded';
  const error = readOwnPath(data, 'error');
  return error !== undefined && error !== null && error !== '' ? 'failed' : 'unknown';
}

function valuesAt(record: AuditRecord, field: string): string[] {
  const raw = field === 'scimOutcome' ? scimOutcome(record.data) : readOwnPath(record, field);
  return Array.isArray(raw) ? raw.map(text) : [text(raw)];
}

/** True when `record` meets every condition (no conditions: every record). */
export function meetsConditions(record: AuditRecord, conditions: readonly RecordCondition[]): boolean {
  return conditions.every((condition) => {
    const values = valuesAt(record, condition.field);
    if (condition.in) return values.some((v) => condition.in?.includes(v));
    return !values.some((v) => condition.notIn?.includes(v));
  });
}
