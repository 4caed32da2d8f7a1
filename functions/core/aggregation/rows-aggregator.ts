import type { AuditRecord } from '../audit-record.js';
import { readField } from '../field-path.js';
import type { RowsAggregation } from '../query-definition.js';
import type { QueryTable, RecordFold } from './aggregator.js';

interface PendingRow {
  occurred: number;
  tiebreak: string;
  cells: string[];
}

/**
 * One row per record, for a `rows` query that shows raw change details (`data.Change`,
 * `data.users`): a tenant's report must see them scoped to its own tenant (tenant-scope.ts), which
 * the SQL engine does not do for raw JSON. Rows are sorted by time, then by content, as the SQL
 * engine sorts them. Every other query is SQL (core/sql).
 */
export function createRowsAggregator(spec: RowsAggregation): RecordFold {
  const rows: PendingRow[] = [];
  return {
    add(record: AuditRecord) {
      const cells = spec.columns.map(({ field }) => readField(record, field));
      rows.push({ occurred: record.occurred, tiebreak: JSON.stringify(cells), cells });
    },
    finish(): QueryTable {
      rows.sort(
        (a, b) => a.occurred - b.occurred || (a.tiebreak < b.tiebreak ? -1 : a.tiebreak > b.tiebreak ? 1 : 0),
      );
      return { columns: spec.columns.map((c) => c.column), rows: rows.map((r) => r.cells) };
    },
  };
}
