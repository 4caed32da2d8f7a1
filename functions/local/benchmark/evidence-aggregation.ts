import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { openEvidenceDatabase } from '../../adapters/duckdb-query-engine.js';
import { planCollections } from '../../core/catalog/query-plan.js';
import { defaultReportCatalog } from '../../core/catalog/report-catalog.js';
import { defaultComplianceContext } from '../../core/frameworks/builtin-frameworks.js';
import { DESCOPE_RETENTION_DAYS, previousCompleteWeek } from '../../core/period/period.js';
import type { QueryResult } from '../../core/report/report-model.js';
import { assembleReports } from '../../core/report/report-set.js';
import { renderEmail } from '../../core/view/render-templates.js';
import { buildReportView } from '../../core/view/report-view.js';
import { runSqlQueries } from '../../weekly-report/aggregate/sql-aggregation.js';
import { renderReportFiles } from '../../weekly-report/publish/report-files.js';
import { processCpuMs } from './cpu-time.js';
import type { EvidenceMeasurement } from './measurements.js';
import { startMemoryProbe } from './memory-probe.js';

/** Where the evidence files were downloaded (`<directory>/evidence/<collection>/part-NNNN.ndjson.gz`). */
export const evidenceSpecSchema = z.object({
  directory: z.string(),
  projectId: z.string(),
  now: z.number(),
});
export type EvidenceSpec = z.output<typeof evidenceSpecSchema>;

/**
 * Recomputes the report from its evidence with the job's own engine (DuckDB) and renderers: the cost of
 * aggregation and rendering without any network waiting, and the figure compared with DuckDB.
 */
export async function measureEvidenceAggregation(spec: EvidenceSpec): Promise<EvidenceMeasurement> {
  const memory = startMemoryProbe();
  const timing = { readMs: 0, aggregateMs: 0, renderMs: 0 };
  const cpuBefore = processCpuMs();
  const started = performance.now();
  const results: QueryResult[] = [];
  let records = 0;
  const catalog = defaultReportCatalog();
  const period = previousCompleteWeek(spec.now);
  for (const plan of planCollections(catalog.queries)) {
    const evidenceFile = `evidence/${plan.id}/`;
    const folder = join(spec.directory, evidenceFile);
    const parts = (await readdir(folder).catch(() => [] as string[]))
      .filter((f) => f.endsWith('.ndjson.gz'))
      .sort();
    const paths = parts.map((part) => join(folder, part));
    const finished = (
      query: QueryResult['query'],
      table: QueryResult['table'],
      counted: number,
      csv?: QueryResult['csv'],
      addressTotals?: QueryResult['addressTotals'],
    ) =>
      results.push({
        query,
        evidenceFile,
        table,
        records: counted,
        complete: true,
        gaps: [],
        ...(csv ? { csv } : {}),
        ...(addressTotals ? { addressTotals } : {}),
      });
    // A collection without parts still gets its (empty) tables, as the job gives them.
    const work = await mkdtemp(join(tmpdir(), 'bench-engine-'));
    try {
      const loading = performance.now();
      const db = await openEvidenceDatabase(paths, work);
      const querying = performance.now();
      timing.readMs += querying - loading;
      try {
        const [loaded] = await db.query('SELECT count(*) AS n FROM records', z.object({ n: z.number() }));
        records += loaded?.n ?? 0;
        // As the job does: tables stream into CSV files; only the rows the report reads stay in memory.
        const output = { directory: join(work, 'tables'), addressMinimum: catalog.anomalyMinimumCount };
        for (const r of await runSqlQueries(db, plan.queries, period, output))
          finished(r.query, r.table, r.records, r.csv, r.addressTotals);
      } finally {
        db.close();
      }
      timing.aggregateMs += performance.now() - querying;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  const rendering = performance.now();
  const { project: data } = assembleReports({
    projectId: spec.projectId,
    period,
    retentionDays: DESCOPE_RETENTION_DAYS,
    catalog,
    results,
    trends: { available: false, reason: 'not measured' },
    tenantResults: new Map(),
    tenantTrends: () => ({ available: false, reason: 'not measured' }),
    rejectedTenants: new Map(),
    compliance: defaultComplianceContext(),
  });
  const location = { uri: spec.directory, browseUrl: '', prefix: '' };
  const bytes = renderReportFiles(data, location).reduce(
    (sum, file) => sum + ('body' in file ? file.body.length : file.file.bytes),
    0,
  );
  const email = renderEmail(buildReportView(data, location));
  if (bytes === 0 || email.text === '') throw new Error('rendering produced nothing');
  timing.renderMs += performance.now() - rendering;

  return {
    records,
    ...timing,
    totalMs: performance.now() - started,
    cpuMs: processCpuMs() - cpuBefore,
    memory: memory.stop(),
    tables: Object.fromEntries(results.map((r) => [r.query.id, r.table])),
  };
}
