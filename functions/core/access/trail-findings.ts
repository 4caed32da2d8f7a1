import { capFindings, type Finding, type RuleOutcome } from '../findings/finding.js';
import { ACCESS_SECTION } from './access-controls.js';
import type { MatchedGrant } from './grant-evidence.js';

const RULE = 'privilege-without-audit-trail' as const;
const DESCRIPTION =
  'A privileged role held now that the previous snapshot did not show, with no audit event in this period recording the grant (role-grants for users, access-keys for keys).';

/** How the grants of this review could be checked against the audit trail. */
export type TrailBasis =
  | { kind: 'baseline'; reason: string }
  | { kind: 'compared'; previousPeriod: string; consecutive: boolean; incomplete: boolean };

/** Each privileged grant no audit event explains is a high finding. */
export function findUnexplainedGrants(matched: readonly MatchedGrant[], basis: TrailBasis): RuleOutcome {
  if (basis.kind === 'baseline')
    return { rule: RULE, description: DESCRIPTION, status: `not evaluated: ${basis.reason}`, findings: [] };
  const findings: Finding[] = matched
    .filter((m) => m.change.privileged && !m.event && !m.unmatchable)
    .map(({ change }) => ({
      rule: RULE,
      severity: 'high',
      title: `Privilege without an audit trail: ${change.role}${change.tenantId ? ` in tenant ${change.tenantId}` : ' (project-wide)'}`,
      detail:
        `${change.principal === 'key' ? 'Access key' : 'User'} ${change.label || change.id} (${change.id}) holds it now; ` +
        `the ${basis.previousPeriod} snapshot did not, and no audit event of this period records the grant.`,
      section: ACCESS_SECTION,
      about: { users: [change.id], tenant: change.tenantId || undefined },
    }));
  const notes: string[] = [];
  const unmatchable = [
    ...new Set(matched.filter((m) => m.change.privileged && m.unmatchable).map((m) => m.unmatchable)),
  ];
  if (unmatchable.length > 0) notes.push(`some grants could not be checked: ${unmatchable.join('; ')}`);
  if (!basis.consecutive)
    notes.push(
      `the previous snapshot is from ${basis.previousPeriod}: grants made in the periods between are flagged too`,
    );
  if (basis.incomplete) notes.push('the audit events of this period are incomplete (see Gaps)');
  return {
    rule: RULE,
    description: DESCRIPTION,
    status: notes.length > 0 ? `evaluated; ${notes.join('; ')}` : 'evaluated',
    findings: capFindings(findings, 'access/snapshot.json'),
  };
}
