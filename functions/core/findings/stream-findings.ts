import type { QueryResult } from '../report/report-model.js';
import { partialTable } from '../report/rows-held.js';
import { formatTableTime } from '../view/format.js';
import { evaluated, type Finding, type FindingRule, notEvaluated, type RuleOutcome } from './finding.js';

/** A SQL query's rows by column name (its statement names them); `undefined` when one is missing. */
function rowsByName<K extends string>(
  result: QueryResult,
  names: readonly K[],
): Array<Record<K, string>> | undefined {
  const indexes = names.map((name) => result.table.columns.indexOf(name));
  if (indexes.some((i) => i < 0)) return undefined;
  return result.table.rows.map((row) => {
    const out = {} as Record<K, string>;
    names.forEach((name, i) => {
      out[name] = String(row[indexes[i] ?? 0] ?? '');
    });
    return out;
  });
}

interface StreamRule<K extends string> {
  rule: FindingRule;
  queryId: string;
  description: string;
  columns: readonly K[];
  finding: (row: Record<K, string>) => Pick<Finding, 'severity' | 'title' | 'detail' | 'subject'>;
  caveat: string;
}

function evaluateRows<K extends string>(spec: StreamRule<K>, result: QueryResult): RuleOutcome {
  const base = { rule: spec.rule, description: spec.description };
  const partial = partialTable(result.table);
  if (partial) return notEvaluated(base, partial);
  if (result.sqlError) return notEvaluated(base, `the ${spec.queryId} query failed: ${result.sqlError}`);
  const rows = rowsByName(result, spec.columns);
  if (!rows) return notEvaluated(base, `the ${spec.queryId} query lacks a column it needs`);
  const findings: Finding[] = rows.map((row) => ({
    rule: spec.rule,
    section: result.query.id,
    ...spec.finding(row),
  }));
  return evaluated(base, result, findings, spec.caveat);
}

const RULES = [
  {
    rule: 'impossible-travel',
    queryId: 'impossible-travel',
    description:
      'Consecutive successful logins of one user from two countries closer in time than any flight (audit stream).',
    columns: ['user_id', 'from_country', 'to_country', 'to_time', 'minutes_apart', 'to_address'],
    finding: (r) => ({
      severity: 'high',
      title: `Impossible travel: ${r.user_id} signed in from ${r.from_country}, then ${r.to_country} ${r.minutes_apart} minute(s) later`,
      detail: `At ${formatTableTime(r.to_time)} from ${r.to_address || 'an unrecorded address'}.`,
    }),
    caveat: 'logins may be missing',
  } satisfies StreamRule<
    'user_id' | 'from_country' | 'to_country' | 'to_time' | 'minutes_apart' | 'to_address'
  >,
  {
    rule: 'dormant-privileged-account',
    queryId: 'dormant-privileged-accounts',
    description:
      'Users granted a privileged role with no successful login in 90 days, from the audit stream itself (CIS 5.3, PCI DSS 8.2.6).',
    columns: ['user_id', 'last_login', 'days_without_login'],
    finding: (r) => ({
      severity: 'medium',
      title: `Dormant privileged account: ${r.user_id}, no login for ${r.days_without_login} days`,
      detail: r.last_login
        ? `Last login ${formatTableTime(r.last_login)}.`
        : 'No login in the stream read back.',
    }),
    caveat: 'logins or grants may be missing',
  } satisfies StreamRule<'user_id' | 'last_login' | 'days_without_login'>,
  {
    rule: 'login-without-mfa',
    queryId: 'logins-without-mfa',
    description: 'Users whose every successful login of the period used a single factor (audit stream).',
    columns: ['user_id', 'logins', 'methods'],
    finding: (r) => ({
      severity: 'medium',
      title: `Signed in without MFA: ${r.user_id} (${r.logins} login(s), ${r.methods || 'no method recorded'})`,
      detail: "None of this user's logins this period used a second factor.",
    }),
    caveat: 'logins may be missing',
  } satisfies StreamRule<'user_id' | 'logins' | 'methods'>,
] as const;

/**
 * The audit stream's rules, each only when its query ran (a report read through the search has
 * none of them, and says why in its source statement).
 */
export function evaluateStreamFindings(byId: (id: string) => QueryResult | undefined): RuleOutcome[] {
  return RULES.flatMap((spec) => {
    const result = byId(spec.queryId);
    return result ? [evaluateRows(spec as StreamRule<string>, result)] : [];
  });
}
