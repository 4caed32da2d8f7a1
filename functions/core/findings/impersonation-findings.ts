import { FINDING_QUERIES } from '../catalog/builtin-queries.js';
import type { QueryResult } from '../report/report-model.js';
import { partialTable } from '../report/rows-held.js';
import { formatTableTime } from '../view/format.js';
import { evaluated, type Finding, notEvaluated, queryDisabled, type RuleOutcome } from './finding.js';
import { usersOf } from './finding-about.js';
import { readResultRows } from './result-rows.js';

/** Every impersonated login: an actor signed in as someone else. */
export function findImpersonations(result: QueryResult | undefined): RuleOutcome {
  const base = {
    rule: 'impersonation' as const,
    description: 'Every impersonated login (LoginSucceed with method Impersonate).',
  };
  if (!result) return notEvaluated(base, queryDisabled(FINDING_QUERIES.impersonations));
  const partial = partialTable(result.table);
  if (partial) return notEvaluated(base, partial);
  const rows = readResultRows(result, {
    occurred: 'occurred',
    actor: 'actorId',
    user: 'userId',
    loginIds: 'loginIds',
    address: 'remoteAddress',
  });
  if (!rows) return notEvaluated(base, 'the impersonations query lacks a column it needs');
  const findings: Finding[] = rows.map((row) => ({
    rule: 'impersonation',
    severity: 'medium',
    title: `Impersonation: ${row.actor || 'an unrecorded actor'} signed in as ${row.loginIds || row.user || 'an unnamed user'}`,
    detail: `At ${formatTableTime(row.occurred)}${row.address ? ` from ${row.address}` : ''}.`,
    section: result.query.id,
    about: { users: usersOf(row.user, row.loginIds), address: row.address || undefined },
  }));
  return evaluated(base, result, findings, 'impersonations may be missing');
}
