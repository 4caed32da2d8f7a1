import { describe, expect, it } from 'vitest';
import type { AthenaQueryRunner, AthenaStatus } from '../../../functions/adapters/athena-query-runner.js';
import { advanceAthenaStatements } from '../../../functions/weekly-report/aggregate/athena-statements.js';
import type { EngineState } from '../../../functions/weekly-report/run-control/engine-state.js';

/** A fake Athena: each execution ends after `looks` status requests, failing when its SQL says so. */
function fakeAthena(looks: number) {
  const seen = new Map<string, number>();
  const sqlOf = new Map<string, string>();
  const starts: string[] = [];
  const runner: AthenaQueryRunner = {
    async start(sql, token) {
      starts.push(token);
      const id = `exec-${token}`;
      sqlOf.set(id, sql);
      return id;
    },
    async status(id): Promise<AthenaStatus> {
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      if (n < looks) return { state: 'running' };
      return sqlOf.get(id)?.includes('FAIL')
        ? { state: 'failed', bytesScanned: 7, reason: `Athena query ${id} cancelled: stopped` }
        : { state: 'succeeded', bytesScanned: 100 };
    },
    wait: () => Promise.reject(new Error('a run never waits out a statement')),
    results: () => {
      throw new Error('not read here');
    },
  };
  return { runner, starts };
}

const state = (n: number): EngineState => ({
  engine: 'athena',
  reason: 'engine is set to athena',
  onDuckDb: [],
  statements: Array.from({ length: n }, (_, i) => ({
    token: `t${i}`,
    queryId: `q${i}`,
    scope: 'project' as const,
    kind: 'table' as const,
    state: 'pending' as const,
  })),
});

const noWait = { poll: { firstMs: 1, factor: 2, maxMs: 1 }, sleep: async () => {} };

describe('the run driving its Athena statements across invocations', () => {
  it('starts a few at a time, saves their IDs, and hands over when time runs short', async () => {
    const athena = fakeAthena(10);
    const engine = state(7);
    const saved: string[] = [];
    const done = await advanceAthenaStatements({
      ...noWait,
      runner: athena.runner,
      state: engine,
      sqlOf: (t) => `SELECT ${t}`,
      save: async () => {
        saved.push(JSON.stringify(engine));
      },
      shouldContinue: () => false,
      concurrency: 3,
    });
    expect(done).toBe(false);
    expect(athena.starts).toEqual(['t0', 't1', 't2']);
    expect(saved.length).toBeGreaterThan(0);
    const last = JSON.parse(saved.at(-1) ?? '{}') as EngineState;
    expect(last.statements.map((s) => s.executionId)).toEqual([
      'exec-t0',
      'exec-t1',
      'exec-t2',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('resumes the saved executions by ID, starts each statement once, and records failures with their reason', async () => {
    const athena = fakeAthena(2);
    const engine = state(4);
    const first = await advanceAthenaStatements({
      ...noWait,
      runner: athena.runner,
      state: engine,
      sqlOf: (t) => (t === 't1' ? 'SELECT FAIL' : `SELECT ${t}`),
      save: async () => {},
      shouldContinue: () => false,
      concurrency: 2,
    });
    expect(first).toBe(false);
    // The next invocation, from the saved state.
    const resumed = structuredClone(engine);
    const done = await advanceAthenaStatements({
      ...noWait,
      runner: athena.runner,
      state: resumed,
      sqlOf: (t) => (t === 't1' ? 'SELECT FAIL' : `SELECT ${t}`),
      save: async () => {},
      shouldContinue: () => true,
      concurrency: 2,
    });
    expect(done).toBe(true);
    expect(athena.starts).toEqual(['t0', 't1', 't2', 't3']);
    expect(resumed.statements.map((s) => [s.state, s.bytesScanned])).toEqual([
      ['succeeded', 100],
      ['failed', 7],
      ['succeeded', 100],
      ['succeeded', 100],
    ]);
    expect(resumed.statements[1]?.reason).toBe('Athena query exec-t1 cancelled: stopped');
  });
});
