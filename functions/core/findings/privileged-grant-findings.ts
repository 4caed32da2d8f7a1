import { FINDING_QUERIES } from '../catalog/builtin-queries.js';
import type { QueryResult } from '../report/report-model.js';
import { partialTable } from '../report/rows-held.js';
import { formatTableTime } from '../view/format.js';
import { evaluated, type Finding, notEvaluated, queryDisabled, type RuleOutcome } from './finding.js';
import { usersOf } from './finding-about.js';
import { readResultRows } from './result-rows.js';
import { ROLE_CHANGE_FIELDS } from './role-change-fields.js';

const quoteList = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

/** Every grant of a role configured as privileged (names compared case-insensitively). */
export function findPrivilegedGrants(
  result: QueryResult | undefined,
  privilegedRoles: readonly string[],
): RuleOutcome {
  const description =
    privilegedRoles.length > 0
      ? `Any grant of a role marked privileged in configuration: ${quoteList(privilegedRoles)}.`
      : 'Any grant of a role marked privileged in configuration (privilegedRoles).';
  const base = { rule: 'privileged-role-grant' as const, description };
  if (privilegedRoles.length === 0) return notEvaluated(base, 'no role is marked privileged');
  if (!result) return notEvaluated(base, queryDisabled(FINDING_QUERIES.roleGrants));
  const partial = partialTable(result.table);
  if (partial) return notEvaluated(base, partial);
  const rows = readResultRows(result, ROLE_CHANGE_FIELDS);
  if (!rows) return notEvaluated(base, 'the role-grants query lacks a column it needs');
  const privileged = new Set(privilegedRoles.map((r) => r.toLowerCase()));
  const findings: Finding[] = rows
    .filter((row) => privileged.has(row.role.trim().toLowerCase()))
    .map((row) => ({
      rule: 'privileged-role-grant',
      severity: 'high',
      title: `Privileged role granted: ${row.role}`,
      detail:
        `To ${row.loginIds || row.user || 'an unnamed user'}${row.tenant ? ` in tenant ${row.tenant}` : ' (project-wide)'}` +
        ` by ${row.actor || 'an unrecorded actor'} at ${formatTableTime(row.occurred)}.`,
      section: result.query.id,
      // The same role granted to the same user in the same tenant is the same finding, whenever.
      subject: `${row.role}\n${row.user}\n${row.tenant}`,
      about: { users: usersOf(row.user, row.loginIds), tenant: row.tenant || undefined },
    }));
  return evaluated(base, result, findings, 'grants may be missing');
}
