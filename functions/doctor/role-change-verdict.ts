import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openEvidenceDatabase } from '../adapters/duckdb-query-engine.js';
import { BUILTIN_QUERIES } from '../core/catalog/builtin-queries.js';
import { type AuditRecord, emptyRecordFields } from '../core/records/audit-record.js';
import { formatEvidenceLine } from '../core/records/evidence-line.js';
import { runSqlQueries } from '../weekly-report/aggregate/sql-aggregation.js';
import type { SampledRecord } from './data-key-check.js';

/** A change key that mentions roles but that the report's reader cannot read, and its value's shape. */
export interface UnreadRoleKey {
  key: string;
  shape: string;
}

const NOT_UNDERSTOOD = 'role-changes-not-understood';

type Cell = (row: ReadonlyArray<string | number>) => string;

/** A sampled record as an evidence line holds it: only its action and `data` are known. */
const asRecord = (sample: SampledRecord, n: number): AuditRecord => ({
  ...emptyRecordFields(),
  id: `sample-${n}`,
  action: sample.action,
  occurred: 0,
  data: sample.data,
});

/**
 * The report's own verdict on the sampled records: the built-in "Change details not understood"
 * statement, run by DuckDB over them as over a week's evidence (one reader of role changes, the
 * one the report counts with). Action → the keys it cannot read; no DuckDB without samples.
 */
export async function findUnreadRoleKeys(
  samples: readonly SampledRecord[],
): Promise<Map<string, UnreadRoleKey[]>> {
  const unread = new Map<string, UnreadRoleKey[]>();
  if (samples.length === 0) return unread;
  const query = BUILTIN_QUERIES.find((q) => q.id === NOT_UNDERSTOOD);
  if (!query) throw new Error(`The built-in query ${NOT_UNDERSTOOD} is missing`);
  const directory = await mkdtemp(join(tmpdir(), 'doctor-samples-'));
  try {
    const file = join(directory, 'samples.ndjson.gz');
    await writeFile(file, gzipSync(samples.map((s, n) => formatEvidenceLine(asRecord(s, n))).join('')));
    const db = await openEvidenceDatabase([file], directory, { threads: 1 });
    try {
      const [result] = await runSqlQueries(db, [query], { from: 0, to: Number.MAX_SAFE_INTEGER });
      const table = result?.table ?? { columns: [], rows: [] };
      const read = (column: string): Cell => {
        const index = table.columns.indexOf(column);
        if (index < 0) throw new Error(`The ${NOT_UNDERSTOOD} table has no ${column} column`);
        return (row) => String(row[index]);
      };
      const [action, key, shape] = [read('action'), read('change_key'), read('value_shape')];
      for (const row of table.rows) {
        const list = unread.get(action(row)) ?? [];
        list.push({ key: key(row), shape: shape(row) });
        unread.set(action(row), list);
      }
    } finally {
      db.close();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
  return unread;
}
