import type { AuditSearchApi } from '../../adapters/audit-search-api.js';
import { REMOVAL_ACTIONS } from '../../core/access/remediation.js';
import type { AuditRecord } from '../../core/records/audit-record.js';
import { formatInstant } from '../../core/view/format.js';
import { collectWindow } from '../collect/collect-window.js';

/** Removal events of the window, and what could not be read. */
export interface RemovalTrail {
  records: AuditRecord[];
  /** Gaps of the search (an incomplete trail leaves "outside the trail" unproven). */
  gaps: string[];
}

/**
 * Every audit event in `[from, to)` that can record a role's removal (user modifications and
 * deletions, access-key modifications and deletions), read to the end of the window like any
 * collection (`collectWindow`: paging, keyset moves, `total` cross-check, gaps on failure).
 */
export async function readRemovalTrail(
  search: AuditSearchApi,
  window: { from: number; to: number },
  maxResultWindow: number,
): Promise<RemovalTrail> {
  const records: AuditRecord[] = [];
  if (window.from >= window.to) return { records, gaps: [] };
  const reading = collectWindow(search, { actions: REMOVAL_ACTIONS }, window, { maxResultWindow });
  let step = await reading.next();
  while (!step.done) {
    if (step.value.type === 'record') records.push(step.value.record);
    step = await reading.next();
  }
  const gaps = step.value.gaps.map((g) => `${formatInstant(g.from)} – ${formatInstant(g.to)}: ${g.reason}`);
  return { records, gaps };
}
