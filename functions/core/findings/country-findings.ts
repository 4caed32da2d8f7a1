import { FINDING_QUERIES } from '../catalog/builtin-queries.js';
import type { QueryResult } from '../report/report-model.js';
import { partialTable } from '../report/rows-held.js';
import { UNKNOWN } from '../sql/compile-query.js';
import type { Trends } from '../trends/weekly-history.js';
import { formatCount, formatDecimal, median, plural } from '../view/format.js';
import { capFindings, evaluationStatus, type Finding, queryDisabled, type RuleOutcome } from './finding.js';
import { readResultRows } from './result-rows.js';

export interface CountryRuleInput {
  geoResult: QueryResult | undefined;
  trends: Trends;
  threshold: number;
  minimum: number;
}

function unavailable(input: CountryRuleInput): string | undefined {
  if (!input.geoResult) return `not evaluated: ${queryDisabled(FINDING_QUERIES.failedByGeo)}`;
  if (!input.trends.available) return `not evaluated: no history (${input.trends.reason})`;
  const partial = partialTable(input.geoResult.table);
  if (partial) return `not evaluated: ${partial}`;
  return undefined;
}

const statusOf = (result: QueryResult) => evaluationStatus(result, 'counts may be low');

/**
 * Countries with failed logins this week and none in the history weeks (new), and countries whose
 * count is at least `minimum` and more than `threshold` times their weekly median (spike). A new
 * country is only reported as new. The current week's counts are the report's own exact table.
 */
export function findCountryAnomalies(input: CountryRuleInput): RuleOutcome[] {
  const weeks = input.trends.available ? input.trends.history.weeks : [];
  const range = weeks.length > 0 ? `${weeks[0]} – ${weeks[weeks.length - 1]}` : '';
  const newDescription = `A country with failed logins this week and none in the ${weeks.length || 4} weeks before (history from Descope analytics).`;
  const spikeDescription =
    `A country with at least ${formatCount(input.minimum)} failed logins this week and more than ` +
    `${formatDecimal(input.threshold)}× its median week over the 4 weeks before.`;
  const skip = unavailable(input);
  const rows =
    input.geoResult &&
    readResultRows(input.geoResult, { geo: 'geo', count: '#count', ips: '#distinct:remoteAddress' });
  const withoutIps = input.geoResult && readResultRows(input.geoResult, { geo: 'geo', count: '#count' });
  const table = rows ?? withoutIps?.map((r) => ({ ...r, ips: '' }));
  if (skip || !input.geoResult || !table || !input.trends.available) {
    const status = skip ?? 'not evaluated: the by-country query has no geo or count column';
    return [
      { rule: 'new-country', description: newDescription, status, findings: [] },
      { rule: 'country-spike', description: spikeDescription, status, findings: [] },
    ];
  }
  const history = input.trends.history.geos;
  const section = input.geoResult.query.id;
  const fresh: Finding[] = [];
  const spikes: Finding[] = [];
  for (const row of table) {
    const count = Number(row.count);
    if (row.geo === UNKNOWN || count <= 0) continue;
    const past = history.get(row.geo) ?? weeks.map(() => 0);
    if (past.every((n) => n === 0)) {
      const from = row.ips ? ` from ${plural(Number(row.ips), 'address', 'addresses')}` : '';
      fresh.push({
        rule: 'new-country',
        severity: 'high',
        title: `Failed logins from a new country: ${row.geo}`,
        detail: `${plural(count, 'failed login', 'failed logins')}${from} this week; none in ${range}.`,
        section,
        about: { country: row.geo },
      });
      continue;
    }
    const typical = median(past);
    if (count >= input.minimum && count > input.threshold * typical) {
      spikes.push({
        rule: 'country-spike',
        severity: 'medium',
        title: `Failed-login spike from ${row.geo}`,
        detail:
          `${formatCount(count)} failed logins this week, ${typical > 0 ? `${formatDecimal(count / typical)}× ` : 'against '}` +
          `the median week of ${formatDecimal(typical)} over ${range}.`,
        section,
        about: { country: row.geo },
      });
    }
  }
  const status = statusOf(input.geoResult);
  const csv = `${section}.csv`;
  return [
    { rule: 'new-country', description: newDescription, status, findings: capFindings(fresh, csv) },
    { rule: 'country-spike', description: spikeDescription, status, findings: capFindings(spikes, csv) },
  ];
}
