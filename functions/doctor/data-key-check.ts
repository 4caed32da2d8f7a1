import { readOwnPath } from '../core/records/field-path.js';
import { READ_KEYS } from '../core/records/role-change-keys.js';
import type { Expectations } from './catalog-expectations.js';
import { type DoctorLine, printable } from './doctor-line.js';
import type { UnreadRoleKey } from './role-change-verdict.js';

/** What the doctor keeps of a sampled record: its action and its `data`. */
export interface SampledRecord {
  action: string;
  data: Record<string, unknown>;
}

const asObject = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

const keysOf = (records: readonly SampledRecord[], pick: (r: SampledRecord) => unknown) => {
  const keys = new Set<string>();
  for (const record of records) for (const key of Object.keys(asObject(pick(record)) ?? {})) keys.add(key);
  return [...keys].sort();
};

/**
 * The role-change reader's verdict on an action's samples (`findUnreadRoleKeys`), as problems: a
 * key that mentions roles but is not read, or a read key in a shape it cannot read, would count as
 * zero.
 */
function roleProblems(unread: readonly UnreadRoleKey[]): Set<string> {
  const problems = new Set<string>();
  for (const { key, shape } of unread) {
    problems.add(
      READ_KEYS.has(key)
        ? `Change.${printable(key)} has a shape the report does not read (${shape}): ` +
            'those role changes would count as zero. Teach the role-change reader this shape.'
        : `Change key "${printable(key)}" mentions roles but no query reads it: role changes written there would count as zero. ` +
            'Teach the role-change reader (functions/core/sql/role-change-rows.ts) this key, or report it to the maintainers.',
    );
  }
  return problems;
}

const list = (keys: readonly string[]) => (keys.length ? keys.map((k) => printable(k)).join(', ') : '(none)');

/**
 * Per action the catalog reads: the `data` keys the sampled records carry beside the paths each
 * query reads (✓ seen, – not seen). A path a query never finds in its actions' samples is a
 * warning; a role-change key nobody reads, or a role value of a shape nobody reads, is a failure
 * (the report would count those changes as zero): `unread` is the report's reader's verdict on the
 * samples, by action (`findUnreadRoleKeys`).
 */
export function checkDataKeys(
  expectations: Expectations,
  samples: ReadonlyMap<string, SampledRecord[]>,
  unread: ReadonlyMap<string, readonly UnreadRoleKey[]>,
): DoctorLine[] {
  const lines: DoctorLine[] = [];
  const seenByQuery = new Map<string, Map<string, boolean>>();
  for (const [action, byQuery] of expectations) {
    const records = samples.get(action) ?? [];
    if (records.length === 0) {
      lines.push({
        status: 'info',
        text: `${printable(action)}: no records in the sample; nothing to compare (read by ${[...byQuery.keys()].join(', ')})`,
      });
      continue;
    }
    const detail = [`data keys seen: ${list(keysOf(records, (r) => r.data))}`];
    const readsChange = [...byQuery.values()].some((paths) => paths.some((p) => p.startsWith('Change.')));
    const changeKeys = readsChange ? keysOf(records, (r) => r.data.Change) : [];
    if (readsChange) detail.push(`Change keys seen: ${list(changeKeys)}`);
    // Queries reading the same paths share a line (the six failed-login queries read none).
    const readers = new Map<string, { queries: string[]; marks: string }>();
    for (const [queryId, paths] of byQuery) {
      const marks = paths.map((path) => {
        const found = records.some((r) => readOwnPath(r.data, path) !== undefined);
        const seen = seenByQuery.get(queryId) ?? new Map<string, boolean>();
        seen.set(path, (seen.get(path) ?? false) || found);
        seenByQuery.set(queryId, seen);
        return `${path} ${found ? '✓' : '–'}`;
      });
      const key = marks.join(', ') || '(no data keys)';
      const entry = readers.get(key) ?? { queries: [], marks: key };
      entry.queries.push(queryId);
      readers.set(key, entry);
    }
    for (const { queries, marks } of readers.values()) detail.push(`read by ${queries.join(', ')}: ${marks}`);
    const problems = [...roleProblems(unread.get(action) ?? [])];
    lines.push({
      status: problems.length ? 'fail' : 'ok',
      text: `${printable(action)}: ${records.length} recent record${records.length === 1 ? '' : 's'}`,
      detail: [...detail, ...problems],
    });
  }
  for (const [queryId, seen] of seenByQuery) {
    for (const [path, found] of seen) {
      if (found) continue;
      lines.push({
        status: 'warn',
        text:
          `${queryId} reads data.${path}, which none of the sampled records carry: normal if such events did not ` +
          `happen lately (e.g. no failures, no removals); if Descope writes it under another name, change the query's field`,
      });
    }
  }
  return lines;
}
