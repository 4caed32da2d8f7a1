import type { AuditRecord } from '../audit-record.js';
import { readField } from '../field-path.js';
import type { GroupAggregation } from '../query-definition.js';
import type { QueryTable, RecordFold } from './aggregator.js';

interface Group {
  keys: string[];
  count: number;
  distinct: Array<Set<string>>;
  firstSeen: number;
  lastSeen: number;
}

/** Empty group values (no geo, no device…) form their own `unknown` group rather than vanishing. */
export const UNKNOWN = 'unknown';

/**
 * Counts records per group with distinct counts. Rows are ordered by count (descending), then by
 * the group values, so the output is deterministic. Empty values are not counted as distinct.
 */
export function createGroupAggregator(spec: GroupAggregation): RecordFold {
  const groups = new Map<string, Group>();
  return {
    add(record: AuditRecord) {
      const keys = spec.groupBy.map(({ field }) => readField(record, field) || UNKNOWN);
      const id = JSON.stringify(keys);
      let group = groups.get(id);
      if (!group) {
        group = {
          keys,
          count: 0,
          distinct: spec.distinct.map(() => new Set<string>()),
          firstSeen: record.occurred,
          lastSeen: record.occurred,
        };
        groups.set(id, group);
      }
      group.count += 1;
      group.firstSeen = Math.min(group.firstSeen, record.occurred);
      group.lastSeen = Math.max(group.lastSeen, record.occurred);
      spec.distinct.forEach(({ field }, i) => {
        const value = readField(record, field);
        if (value) group.distinct[i]?.add(value);
      });
    },
    finish(): QueryTable {
      const columns = [
        ...spec.groupBy.map((g) => g.column),
        spec.count,
        ...spec.distinct.map((d) => d.column),
        ...(spec.timeRange ? ['first_seen', 'last_seen'] : []),
      ];
      const sorted = [...groups.values()].sort((a, b) => b.count - a.count || compareKeys(a.keys, b.keys));
      const rows = sorted.map((g) => [
        ...g.keys,
        g.count,
        ...g.distinct.map((set) => set.size),
        ...(spec.timeRange ? [new Date(g.firstSeen).toISOString(), new Date(g.lastSeen).toISOString()] : []),
      ]);
      return { columns, rows };
    },
  };
}

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
