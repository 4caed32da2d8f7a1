import { describe, expect, it } from 'vitest';
import { defaultReportCatalog } from '../../../functions/core/catalog/report-catalog.js';
import { partitionSizes } from '../../../functions/core/engine/athena-cost-guard.js';
import { planAthenaRun } from '../../../functions/core/engine/athena-run-plan.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';

const week = parseIsoWeek('2026-W47');
const input = {
  runId: '2026-W47',
  queries: defaultReportCatalog().queries,
  period: week,
  tenants: ['T1', 'T2'],
  table: { database: 'descope_audit', table: 'stream_events' },
  lateDays: 1,
  sizes: [
    { day: '2026-11-16', bytes: 200_000_000 },
    { day: '2026-11-23', bytes: 100_000_000 },
    { day: '2026-11-30', bytes: 900_000_000 },
  ],
  cutoffBytes: 1_000_000_000,
};

describe('planning a run on Athena', () => {
  it('emits every query the dialect emits, for the project and the tenants, each pruned to the period', () => {
    const plan = planAthenaRun(input);
    if (!plan.ok) throw new Error(plan.problem);
    expect(plan.bytesPerStatement).toBe(300_000_000);
    const ids = plan.statements.map((s) => `${s.queryId}/${s.scope}`);
    expect(ids).toContain('failed-logins-by-ip/project');
    expect(ids).toContain('failed-logins-by-ip/tenants');
    expect(ids).not.toContain('logins-without-mfa/tenants');
    for (const s of plan.statements) {
      expect(s.statement.sql).toContain(`dt IN ('2026-11-16', `);
      expect(s.token.length).toBeGreaterThanOrEqual(32);
    }
    expect(new Set(plan.statements.map((s) => s.token)).size).toBe(plan.statements.length);
    // Events it cannot place in time are counted by a statement of their own, to be reported as gaps.
    expect(plan.unplaced.sql).toContain(`WHERE dt IN ('2026-11-16', `);
    expect(plan.unplaced.sql).toMatch(/IS NULL\s+GROUP BY dt/);
    expect(plan.statements.map((s) => s.token)).not.toContain(plan.unplaced.token);
    expect(plan.unplaced.token.length).toBeGreaterThanOrEqual(32);
    const onDuckDb = plan.onDuckDb.map((q) => `${q.queryId}/${q.scope}`);
    // A tenant's role-change expansion stays on DuckDB; the project's is a Trino statement.
    expect(onDuckDb).toEqual(
      expect.arrayContaining(['role-grants/tenants', 'dormant-privileged-accounts/project']),
    );
    // The stream's SQL over successful logins is a Trino statement, for the project only.
    expect(ids).toEqual(expect.arrayContaining(['impossible-travel/project', 'logins-without-mfa/project']));
    expect(onDuckDb).not.toContain('role-grants/project');
  });

  it("adds the address totals a finding reads and an expansion's record count, each its own statement and token", () => {
    const plan = planAthenaRun({ ...input, addressMinimum: 7 });
    if (!plan.ok) throw new Error(plan.problem);
    const kinds = (id: string) =>
      plan.statements.filter((s) => s.queryId === id).map((s) => `${s.scope}/${s.kind}`);
    expect(kinds('failed-logins-by-ip')).toEqual([
      'project/table',
      'project/address-totals',
      'tenants/table',
      'tenants/address-totals',
    ]);
    expect(kinds('role-grants')).toEqual(['project/table', 'project/record-count']);
    const totals = plan.statements.find((s) => s.kind === 'address-totals' && s.scope === 'project');
    expect(totals?.statement.sql).toContain('>= 7');
    // A table keeps the token it had before statements had kinds (a saved checkpoint still matches).
    const table = plan.statements.find((s) => s.queryId === 'role-grants' && s.kind === 'table');
    expect(table?.token.startsWith('2026-W47:role-grants:project_')).toBe(true);
  });

  it('gives the same tokens on a continued invocation', () => {
    const first = planAthenaRun(input);
    const again = planAthenaRun(input);
    expect(first.ok && again.ok && first.statements.map((s) => s.token)).toEqual(
      again.ok && again.statements.map((s) => s.token),
    );
  });

  it('adds a census statement per collection; the first round’s tokens do not depend on the tenants chosen', () => {
    const census = [
      { collection: 'login-failures', where: [{ field: 'action', in: ['LoginFailed'] }] },
      { collection: 'role-changes', where: [] },
    ];
    const first = planAthenaRun({ ...input, tenants: undefined, census });
    const second = planAthenaRun({ ...input, census });
    if (!first.ok || !second.ok) throw new Error('planned');
    const counted = first.statements.filter((s) => s.kind === 'census');
    expect(counted.map((s) => [s.queryId, s.scope, s.token])).toEqual([
      ['login-failures', 'project', '2026-W47:login-failures:census__'],
      ['role-changes', 'project', '2026-W47:role-changes:census____'],
    ]);
    expect(counted[0]?.statement.sql).toContain(`"action" IN ('LoginFailed')`);
    expect(counted[0]?.statement.sql).toContain("dt IN ('2026-11-16'");
    expect(counted[1]?.statement.sql).not.toContain('LoginFailed');
    // The second round (the chosen tenants' statements) keeps every first-round token as it was.
    const tokens = (plan: typeof first) =>
      plan.statements.filter((s) => s.scope === 'project').map((s) => s.token);
    expect(tokens(second)).toEqual(tokens(first));
    expect(second.statements.filter((s) => s.scope === 'tenants').length).toBeGreaterThan(10);
  });

  it('adds a latest-logins statement per collection asked, its token naming no user', () => {
    const logins = [{ collection: 'successful-logins', where: [{ field: 'action', in: ['LoginSucceed'] }] }];
    const plan = planAthenaRun({ ...input, tenants: undefined, logins });
    if (!plan.ok) throw new Error(plan.problem);
    const latest = plan.statements.filter((s) => s.kind === 'latest-logins');
    expect(latest.map((s) => [s.queryId, s.scope, s.token])).toEqual([
      ['successful-logins', 'project', '2026-W47:successful-logins:latest-logins'],
    ]);
    expect(latest[0]?.statement.sql).toContain(`"action" IN ('LoginSucceed')`);
    expect(latest[0]?.statement.sql).toContain("dt IN ('2026-11-16'");
    const without = planAthenaRun({ ...input, tenants: undefined });
    if (!without.ok) throw new Error(without.problem);
    expect(without.statements.length).toBe(plan.statements.length - 1);
  });

  it('refuses before any statement when a statement would scan more than the cutoff', () => {
    const plan = planAthenaRun({ ...input, cutoffBytes: 299_999_999 });
    expect(plan).toEqual({
      ok: false,
      problem: expect.stringMatching(/^Athena would scan 300000000 bytes per statement \(\d+ statements/),
    });
  });

  it('sizes the partitions from the stream listing, whose days are epoch ms', () => {
    const day = Date.parse('2026-11-16T00:00:00Z');
    expect(
      partitionSizes([
        { day, bytes: 5 },
        { day, bytes: 7 },
        { day: day + 86_400_000, bytes: 11 },
      ]),
    ).toEqual([
      { day: '2026-11-16', bytes: 12 },
      { day: '2026-11-17', bytes: 11 },
    ]);
  });
});
