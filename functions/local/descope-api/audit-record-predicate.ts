import { type RecordFilterFields, recordFilterPredicate } from '../../core/records/audit-filter-match.js';
import type { TimeWindow } from '../../core/records/audit-record.js';
import type { AuditRecordStore, Selection } from './audit-record-store.js';

/** The record filters of an audit search besides actions and time (wire spelling). */
export type AuditRecordFilters = RecordFilterFields;

/**
 * One predicate from the filters, or `undefined` when none is set (so the store can answer from its
 * indexes alone): the rule the stream source selects collections by, so both sources agree.
 */
export const buildAuditRecordPredicate = (filters: AuditRecordFilters) => recordFilterPredicate(filters);

/** The actions an audit or analytics search asks for or leaves out. */
export interface ActionFilters {
  actions?: readonly string[] | null;
  excludedActions?: readonly string[] | null;
}

/** The records of `store` in `range` that an audit or analytics search's filters select. */
export function selectMatching(
  store: AuditRecordStore,
  request: AuditRecordFilters & ActionFilters,
  range: TimeWindow,
): Selection {
  const predicate = buildAuditRecordPredicate(request);
  return store.select({
    from: range.from,
    to: range.to,
    ...(request.actions ? { actions: new Set(request.actions) } : {}),
    ...(request.excludedActions ? { excludedActions: new Set(request.excludedActions) } : {}),
    ...(predicate ? { predicate } : {}),
  });
}
