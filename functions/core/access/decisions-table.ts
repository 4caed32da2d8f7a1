import type { QueryTable } from '../report/report-model.js';
import type { Campaign } from './campaign.js';
import type { ItemState } from './campaign-progress.js';

/** `decisions.csv`'s columns: the ones an auditor asks for first, then the IDs behind them. */
export const DECISION_COLUMNS = [
  'principal',
  'role',
  'tenant',
  'decision',
  'reviewer',
  'second_reviewer',
  'justification',
  'decided_at',
  'remediation_state',
  'item_id',
  'principal_kind',
  'principal_id',
  'privileged',
  'reviewer_user_id',
  'second_reviewer_user_id',
  'second_justification',
  'approved_at',
] as const;

/**
 * One row per item: the final decision, who made it and who approved it, and where its
 * remediation stands (`not needed` for a keep). Written through the project's CSV writer
 * (quoted text, formulas neutralised): every value is Descope data or a reviewer's words.
 */
export function decisionsTable(
  campaign: Campaign,
  states: ReadonlyMap<string, ItemState>,
  remediation: ReadonlyMap<string, { state: string }>,
): QueryTable {
  const rows = campaign.items.map((item) => {
    const state = states.get(item.id);
    const decision = state && state.state !== 'pending' ? state.decision : undefined;
    const approval = state?.state === 'final' ? state.approval : undefined;
    const remedied = remediation.get(item.id);
    const remediationState = !decision
      ? 'undecided'
      : decision.outcome === 'keep'
        ? 'not needed'
        : (remedied?.state ?? 'open');
    return [
      item.principal.label || item.principal.id,
      item.role,
      item.tenantId,
      decision?.outcome ?? (state?.state === 'pending' ? 'pending' : ''),
      decision?.reviewer.loginId ?? '',
      approval?.reviewer.loginId ?? '',
      decision?.justification ?? '',
      decision?.decidedAt ?? '',
      remediationState,
      item.id,
      item.principal.kind,
      item.principal.id,
      item.privileged ? 'yes' : 'no',
      decision?.reviewer.userId ?? '',
      approval?.reviewer.userId ?? '',
      approval?.justification ?? '',
      approval?.decidedAt ?? '',
    ];
  });
  return { columns: [...DECISION_COLUMNS], rows };
}
