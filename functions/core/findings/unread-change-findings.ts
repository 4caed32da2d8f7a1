import { FINDING_QUERIES } from '../catalog/builtin-queries.js';
import type { QueryResult } from '../report/report-model.js';
import { partialTable } from '../report/rows-held.js';
import { plural } from '../view/format.js';
import { capFindings, type Finding, type RuleOutcome } from './finding.js';
import { readResultRows } from './result-rows.js';

/**
 * Every change key naming roles that the report could not read: its grants and revocations are
 * missing from the role tables, so the privileged-grant rule cannot see them. One finding per key,
 * with how many changes carried it and a sample record.
 */
export function findUnreadRoleChanges(result: QueryResult | undefined): RuleOutcome {
  const base = {
    rule: 'role-change-not-understood' as const,
    description:
      'A UserModified or UsersModified change key that names roles but cannot be read (its roles would otherwise read as zero).',
  };
  if (!result)
    return {
      ...base,
      status: `not evaluated: the ${FINDING_QUERIES.roleChangesNotUnderstood} query is disabled`,
      findings: [],
    };
  const partial = partialTable(result.table);
  if (partial) return { ...base, status: `not evaluated: ${partial}`, findings: [] };
  const rows = readResultRows(result, { key: 'changeKey', shape: 'valueShape', record: 'id' });
  if (!rows) return { ...base, status: 'not evaluated: the query lacks a column it needs', findings: [] };
  const byKey = new Map<string, { count: number; shape: string; record: string }>();
  for (const row of rows) {
    const entry = byKey.get(row.key) ?? { count: 0, shape: row.shape, record: row.record };
    entry.count += 1;
    byKey.set(row.key, entry);
  }
  const findings: Finding[] = [...byKey.entries()]
    .sort(([a, x], [b, y]) => y.count - x.count || (a < b ? -1 : 1))
    .map(([key, e]) => ({
      rule: 'role-change-not-understood',
      severity: 'high',
      title: `Role change details not understood: ${key}`,
      detail:
        `${plural(e.count, 'change', 'changes')} carried "${key}" (${e.shape}${e.record ? `, e.g. record ${e.record}` : ''}); ` +
        'the roles it grants or removes are not in the role tables and no privileged-grant finding can see them.',
      section: result.query.id,
    }));
  const status = result.complete ? 'evaluated' : 'evaluated on incomplete data (see Gaps)';
  return { ...base, status, findings: capFindings(findings, `${result.query.id}.csv`) };
}
