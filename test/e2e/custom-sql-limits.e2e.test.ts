import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIsoWeek } from '../../functions/core/period/period.js';
import { generateDemoWeek } from '../../functions/local/descope-api/demo-audit-data.js';
import {
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import { exitCodeOf } from '../../functions/weekly-report/cli/cli-io.js';
import type { FinishedRun } from '../../functions/weekly-report/run-outcome.js';

const week = parseIsoWeek('2026-W47');
const now = Date.parse('2026-11-25T10:00:00Z');
const records = generateDemoWeek(week.from, LOCAL_PROJECT_ID).filter(
  (r) => r.occurred >= week.from && r.occurred < week.to,
);

/** The statements that took the run down (each passes the rules), and one that is fine. */
const attacks = {
  'huge-list': 'SELECT count(*) AS n FROM (SELECT unnest(range(100000000))) ORDER BY 1',
  'huge-string': "SELECT length(repeat('x', 1500000000)) AS n ORDER BY 1",
  'endless-recursion':
    'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) AS c FROM t ORDER BY 1',
  // Four-way, so that no machine is fast enough to finish it inside the time limit (the triple join
  // over this week's records takes about 4 s on one thread, too close to a limit of a few seconds to prove anything).
  'self-join': 'SELECT count(*) AS c FROM records a, records b, records c, records d ORDER BY 1',
};
const fine = 'SELECT action, count(*) AS events FROM records GROUP BY action ORDER BY events DESC, action';
// The two endless statements run to the time limit by design, each burning a core until then, so it
// is short; the memory attacks still meet their memory limit first (they do even at 0.5 s).
const limits = { timeSeconds: 1, memoryMb: 320, duckdbMemoryMb: 64, tempMb: 64 };

let local: LocalEnvironment;
let result: FinishedRun | undefined;
let lines: string[];
let seconds: number;
beforeAll(async () => {
  local = await startLocalEnvironment({
    records,
    now: () => now,
    rateLimit: { requests: 600, windowMs: 60_000 },
  });
  local.env.DESCOPE_AUDIT_RPM = '6000';
  local.env.REPORT_QUERIES = JSON.stringify({
    sqlLimits: limits,
    queries: [
      ...Object.entries(attacks).map(([id, sql]) => ({ id, title: id, sql })),
      { id: 'events-by-action', title: 'Events by action', sql: fine },
    ],
  });
  lines = [];
  const io = { print: (line: string) => void lines.push(line), error: () => {}, now: () => now };
  const started = Date.now();
  result = await runCli(['--week', week.label], local.env, io);
  seconds = (Date.now() - started) / 1000;
}, 300_000);
afterAll(() => local?.close());

describe('custom SQL that would take the run down, run through the CLI', () => {
  it('still produces the report, incomplete, with the exit code of any gap', () => {
    expect(result?.state).toBe('finished');
    expect(result?.complete).toBe(false);
    expect(exitCodeOf(result ? { result } : {})).toBe(2);
    expect(lines).toContain('Report is INCOMPLETE: see the Gaps section and summary.json.');
  });

  it.each(Object.keys(attacks))('makes %s a gap naming the query and the limit that stopped it', (id) => {
    const query = result?.data.results.find((r) => r.query.id === id);
    expect(query?.table.rows).toEqual([]);
    expect(query?.gaps).toEqual([
      expect.objectContaining({
        from: week.from,
        to: week.to,
        reason: expect.stringMatching(
          new RegExp(
            `^the statement of ${id} was stopped at (its time limit of 1 s|its memory limit of 320 MB|DuckDB's memory limit of 64 MB|its temporary disk limit of 64 MB)`,
          ),
        ),
      }),
    ]);
  });

  it('stops the memory attacks at the memory limit and the endless statements within the time limit', () => {
    const reason = (id: string) => result?.data.results.find((r) => r.query.id === id)?.gaps[0]?.reason ?? '';
    expect(reason('huge-list')).toContain('its memory limit of 320 MB');
    expect(reason('huge-string')).toContain('its memory limit of 320 MB');
    // Four statements, each stopped within its 1 s (plus the 2 s grace), and the rest of the run.
    expect(seconds).toBeLessThan(120);
  });

  it('computes every other table in full', () => {
    const byAction = result?.data.results.find((r) => r.query.id === 'events-by-action');
    expect(byAction?.gaps).toEqual([]);
    const counted = new Map<string, number>();
    for (const r of records) counted.set(r.action, (counted.get(r.action) ?? 0) + 1);
    expect(byAction?.table.rows.reduce((sum, row) => sum + Number(row[1]), 0)).toBe(records.length);
    expect(byAction?.table.rows.length).toBe(counted.size);
    const builtIn = result?.data.results.filter((r) => r.query.aggregation.kind !== 'sql') ?? [];
    expect(builtIn.length).toBeGreaterThan(5);
    for (const r of builtIn) expect(r.complete, r.query.id).toBe(true);
  });
});
