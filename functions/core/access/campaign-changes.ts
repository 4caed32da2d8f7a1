import type { AccessReview } from './access-review.js';
import { changeKey, type ItemChange } from './campaign-items.js';

/**
 * What changed for each role held, from a weekly access review: a grant since the previous
 * snapshot with the audit event recording it (or saying none does), and how unchanged roles read.
 */
export function changesOfReview(review: AccessReview): {
  changes: Map<string, ItemChange>;
  unchanged: string;
} {
  const since = review.basis.kind === 'compared' ? review.basis.previousPeriod : '';
  const changes = new Map<string, ItemChange>();
  for (const grant of review.grants) {
    const c = grant.change;
    const event = grant.unmatchable
      ? `its audit event could not be checked (${grant.unmatchable})`
      : grant.event || 'no audit event records the grant';
    changes.set(changeKey(c.principal, c.id, c.tenantId, c.role), {
      change: `granted since ${since}: ${event}`,
      grantedBy: grant.actor ?? '',
    });
  }
  return {
    changes,
    unchanged: since ? `unchanged since ${since}` : 'no earlier snapshot to compare with (baseline)',
  };
}
