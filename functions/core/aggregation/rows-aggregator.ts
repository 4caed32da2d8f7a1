import type { AuditRecord } from '../audit-record.js';
import { formatValue, readField } from '../field-path.js';
import type { RowsAggregation } from '../query-definition.js';
import type { Aggregator, QueryTable } from './aggregator.js';
import { extractRoleChanges, findUnreadChangeKeys } from './role-changes.js';

/** Fields an expansion sets on each of its rows, by expansion; other fields are read from the record. */
type Expansion = (record: AuditRecord, scopeTenant: string | undefined) => Array<ReadonlyMap<string, string>>;

const EXPANSIONS = new Map<NonNullable<RowsAggregation['expand']>, Expansion>([
  [
    'roleGrants',
    (record, scope) =>
      extractRoleChanges(record, 'added', scope).map((c) => roleRow(c.role, c.tenant, c.scope, c)),
  ],
  [
    'roleRevocations',
    (record, scope) =>
      extractRoleChanges(record, 'removed', scope).map((c) => roleRow(c.role, c.tenant, c.scope, c)),
  ],
  [
    'roleChangesNotUnderstood',
    (record) =>
      findUnreadChangeKeys(record).map(
        (u) =>
          new Map([
            ['changeKey', u.key],
            ['valueShape', u.shape],
            ['userId', u.userId],
            ['loginIds', formatValue(u.loginIds)],
          ]),
      ),
  ],
]);

function roleRow(role: string, tenant: string, scope: string, user: { userId: string; loginIds: string[] }) {
  return new Map([
    ['role', role],
    ['tenant', tenant],
    ['scope', scope],
    ['userId', user.userId],
    ['loginIds', formatValue(user.loginIds)],
  ]);
}

interface PendingRow {
  occurred: number;
  tiebreak: string;
  cells: string[];
}

/**
 * One row per record, or per role change (or unread change key) when `expand` is set: the
 * expansion's fields (`role`, `tenant`, `scope`, `changeKey`, `valueShape`, and the user of a batch
 * change) override the record's. Rows are sorted by time, then by content, so the order does not
 * depend on how the API paged the records. `scopeTenant` is set for a tenant's report: role changes
 * of other tenants and project-wide ones are left out.
 */
export function createRowsAggregator(spec: RowsAggregation, scopeTenant?: string): Aggregator {
  const rows: PendingRow[] = [];
  const expansion = spec.expand ? EXPANSIONS.get(spec.expand) : undefined;
  let records = 0;
  const push = (record: AuditRecord, extra: ReadonlyMap<string, string>) => {
    const cells = spec.columns.map(({ field }) => extra.get(field) ?? readField(record, field));
    rows.push({ occurred: record.occurred, tiebreak: JSON.stringify(cells), cells });
  };
  return {
    get records() {
      return records;
    },
    add(record: AuditRecord) {
      records += 1;
      if (!expansion) {
        push(record, new Map());
        return;
      }
      for (const extra of expansion(record, scopeTenant)) push(record, extra);
    },
    finish(): QueryTable {
      rows.sort(
        (a, b) => a.occurred - b.occurred || (a.tiebreak < b.tiebreak ? -1 : a.tiebreak > b.tiebreak ? 1 : 0),
      );
      return { columns: spec.columns.map((c) => c.column), rows: rows.map((r) => r.cells) };
    },
  };
}
