import type { AuditRecord } from '../audit-record.js';
import { readField } from '../field-path.js';
import type { RowsAggregation } from '../query-definition.js';
import type { QueryTable, RecordFold } from './aggregator.js';
import { extractRoleChanges } from './role-changes.js';

/** Columns that an expansion adds, readable in `columns` as `role`, `tenant`, `scope`. */
const EXPANDED_FIELDS = new Set(['role', 'tenant', 'scope']);

interface PendingRow {
  occurred: number;
  tiebreak: string;
  cells: string[];
}

/**
 * One row per record, or per role change when `expand` is set. Rows are sorted by time, then by
 * content, so the order does not depend on how the API paged the records.
 */
export function createRowsAggregator(spec: RowsAggregation): RecordFold {
  const rows: PendingRow[] = [];
  const push = (record: AuditRecord, extra: Record<string, string>) => {
    const cells = spec.columns.map(({ field }) =>
      EXPANDED_FIELDS.has(field) && spec.expand ? (extra[field] ?? '') : readField(record, field),
    );
    rows.push({ occurred: record.occurred, tiebreak: JSON.stringify(cells), cells });
  };
  return {
    add(record: AuditRecord) {
      if (!spec.expand) {
        push(record, {});
        return;
      }
      const kind = spec.expand === 'roleGrants' ? 'added' : 'removed';
      for (const change of extractRoleChanges(record, kind)) {
        push(record, { role: change.role, tenant: change.tenant, scope: change.scope });
      }
    },
    finish(): QueryTable {
      rows.sort(
        (a, b) => a.occurred - b.occurred || (a.tiebreak < b.tiebreak ? -1 : a.tiebreak > b.tiebreak ? 1 : 0),
      );
      return { columns: spec.columns.map((c) => c.column), rows: rows.map((r) => r.cells) };
    },
  };
}
