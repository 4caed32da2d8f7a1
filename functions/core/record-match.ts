import type { AuditRecord } from './audit-record.js';
import { formatValue, readRawField } from './field-path.js';
import type { RecordCondition } from './query-definition.js';

/** The values a condition compares: each element of a list field, else the value as table text. */
function valuesAt(record: AuditRecord, field: string): string[] {
  const raw = readRawField(record, field);
  return Array.isArray(raw) ? raw.map(formatValue) : [formatValue(raw)];
}

/** True when `record` meets every condition (no conditions: every record). */
export function matchesConditions(record: AuditRecord, conditions: readonly RecordCondition[]): boolean {
  return conditions.every((condition) => {
    const values = valuesAt(record, condition.field);
    if (condition.in) return values.some((v) => condition.in?.includes(v));
    return !values.some((v) => condition.notIn?.includes(v));
  });
}
