import { FINDING_QUERIES } from '../catalog/builtin-queries.js';
import type { QueryResult } from '../report/report-model.js';
import { formatCount, formatDecimal } from '../view/format.js';
import {
  capFindings,
  evaluated,
  type Finding,
  notEvaluated,
  queryDisabled,
  type RuleOutcome,
} from './finding.js';

/**
 * Addresses with at least `minimum` failed logins this week and more than `threshold` times the
 * week's median per address. Descope analytics cannot count by address, so an address is compared
 * with the other addresses of the same week rather than with its own past.
 */
export function findAddressSpikes(
  result: QueryResult | undefined,
  threshold: number,
  minimum: number,
): RuleOutcome {
  const description =
    `An address with at least ${formatCount(minimum)} failed logins this week and more than ` +
    `${formatDecimal(threshold)}× the median address of the same week. Descope analytics has no per-address ` +
    'history, so addresses are compared with each other rather than with their past.';
  const base = { rule: 'address-spike' as const, description };
  if (!result) return notEvaluated(base, queryDisabled(FINDING_QUERIES.failedByIp));
  // Totals over the whole table, computed by the engine: the table itself can be too large to hold.
  const totals = result.addressTotals;
  if (!totals) return notEvaluated(base, 'the query has no address or count column');
  const typical = totals.median;
  const findings: Finding[] = totals.heavy
    .filter((e) => e.count >= minimum && e.count > threshold * typical)
    .sort((x, y) => y.count - x.count || (x.address < y.address ? -1 : 1))
    .map(({ address, ...e }) => ({
      rule: 'address-spike',
      severity: 'medium',
      title: `Failed-login spike from address ${address}`,
      detail:
        `${formatCount(e.count)} failed logins this week${e.geos.length > 0 ? ` (${[...e.geos].sort().join(', ')})` : ''}; ` +
        `the median address had ${formatDecimal(typical)}.`,
      section: result.query.id,
      about: { address, country: e.geos.length === 1 ? e.geos[0] : undefined },
    }));
  return evaluated(base, result, capFindings(findings, `${result.query.id}.csv`), 'counts may be low');
}
