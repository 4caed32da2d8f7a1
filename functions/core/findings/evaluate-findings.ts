import { FINDING_QUERIES } from '../catalog/builtin-queries.js';
import type { QueryResult } from '../report/report-model.js';
import type { Trends } from '../trends/weekly-history.js';
import { findAddressSpikes } from './address-findings.js';
import { findCountryAnomalies } from './country-findings.js';
import { FINDING_RULES, type Finding, type RuleOutcome } from './finding.js';
import { findImpersonations } from './impersonation-findings.js';
import { findPrivilegedGrants } from './privileged-grant-findings.js';
import { evaluateStreamFindings } from './stream-findings.js';
import { findUnreadRoleChanges } from './unread-change-findings.js';

export interface FindingSettings {
  privilegedRoles: readonly string[];
  anomalyThreshold: number;
  anomalyMinimumCount: number;
}

/** Every rule's outcome, in `FINDING_RULES` order. */
export function evaluateFindings(
  results: readonly QueryResult[],
  trends: Trends,
  settings: FindingSettings,
): RuleOutcome[] {
  const byId = (id: string) => results.find((r) => r.query.id === id);
  const outcomes = [
    ...findCountryAnomalies({
      geoResult: byId(FINDING_QUERIES.failedByGeo),
      trends,
      threshold: settings.anomalyThreshold,
      minimum: settings.anomalyMinimumCount,
    }),
    findAddressSpikes(
      byId(FINDING_QUERIES.failedByIp),
      settings.anomalyThreshold,
      settings.anomalyMinimumCount,
    ),
    findPrivilegedGrants(byId(FINDING_QUERIES.roleGrants), settings.privilegedRoles),
    findUnreadRoleChanges(byId(FINDING_QUERIES.roleChangesNotUnderstood)),
    findImpersonations(byId(FINDING_QUERIES.impersonations)),
    ...evaluateStreamFindings(byId),
  ];
  return outcomes.sort((a, b) => FINDING_RULES.indexOf(a.rule) - FINDING_RULES.indexOf(b.rule));
}

/** All findings, high severity first, each rule's findings in their own order. */
export function listFindings(outcomes: readonly RuleOutcome[]): Finding[] {
  const all = outcomes.flatMap((o) => o.findings);
  return [...all.filter((f) => f.severity === 'high'), ...all.filter((f) => f.severity !== 'high')];
}
