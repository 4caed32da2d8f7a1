import { describe, expect, it } from 'vitest';
import { evaluateFindings } from '../../../functions/core/findings/evaluate-findings.js';
import { defaultComplianceContext } from '../../../functions/core/frameworks/builtin-frameworks.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import type { ReportData } from '../../../functions/core/report/report-model.js';
import { renderSummary } from '../../../functions/core/report/summary.js';

const trends = { available: false, reason: 'not under test' } as const;
const data: ReportData = {
  projectId: 'P2demo',
  period: parseIsoWeek('2026-W47'),
  scope: { kind: 'project' },
  results: [],
  retentionDays: 30,
  trends,
  findings: evaluateFindings([], trends, {
    privilegedRoles: [],
    anomalyThreshold: 3,
    anomalyMinimumCount: 20,
  }),
  compliance: defaultComplianceContext(),
};

describe('summary.json names the engine that computed the tables', () => {
  it('for Athena: each statement’s execution ID and bytes scanned, the total and its cost', () => {
    const engine = {
      engine: 'athena' as const,
      reason: '2000000000 bytes of stream objects, above the threshold of 1000000000',
      statements: [
        { queryId: 'failed-logins-by-ip', scope: 'project' as const, executionId: 'a1b2', bytesScanned: 2e9 },
      ],
      bytesScanned: 2e9,
      costUsd: 0.01,
    };
    expect(JSON.parse(renderSummary({ ...data, engine })).engine).toEqual(engine);
  });

  it('leaves the key out when the run stated none (a DuckDB report’s bytes are unchanged)', () => {
    expect(renderSummary(data)).not.toContain('"engine"');
    expect(
      JSON.parse(renderSummary({ ...data, engine: { engine: 'duckdb', reason: 'engine is set to duckdb' } }))
        .engine,
    ).toEqual({
      engine: 'duckdb',
      reason: 'engine is set to duckdb',
    });
  });
});
