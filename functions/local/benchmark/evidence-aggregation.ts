import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { createAggregator } from '../../core/aggregation/create-aggregator.js';
import { BUILTIN_QUERIES } from '../../core/builtin-queries.js';
import { previousCompleteWeek } from '../../core/period.js';
import { planCollections } from '../../core/query-plan.js';
import { renderEmail } from '../../core/render-templates.js';
import type { QueryResult, ReportData } from '../../core/report-model.js';
import { buildReportView } from '../../core/report-view.js';
import { renderReportFiles } from '../../weekly-report/report-files.js';
import { DESCOPE_RETENTION_DAYS } from '../../weekly-report/run-weekly-report.js';
import { processCpuMs } from './cpu-time.js';
import { readEvidenceBatches } from './evidence-reader.js';
import type { EvidenceMeasurement } from './measurements.js';
import { startMemoryProbe } from './memory-probe.js';

/** Where the evidence files were downloaded (`<directory>/evidence/<collection>.ndjson.gz`). */
export const evidenceSpecSchema = z.object({
  directory: z.string(),
  projectId: z.string(),
  now: z.number(),
});
export type EvidenceSpec = z.output<typeof evidenceSpecSchema>;

/**
 * Recomputes the report from its evidence with the job's own aggregators and renderers: the cost of
 * aggregation and rendering without any network waiting, and the figure compared with DuckDB.
 */
export async function measureEvidenceAggregation(spec: EvidenceSpec): Promise<EvidenceMeasurement> {
  const memory = startMemoryProbe();
  const timing = { readMs: 0, aggregateMs: 0, renderMs: 0 };
  const cpuBefore = processCpuMs();
  const started = performance.now();
  const results: QueryResult[] = [];
  let records = 0;
  for (const plan of planCollections(BUILTIN_QUERIES)) {
    const evidenceFile = `evidence/${plan.id}.ndjson.gz`;
    const aggregators = plan.queries.map((query) => ({ query, aggregator: createAggregator(query) }));
    let waitingSince = performance.now();
    for await (const batch of readEvidenceBatches(join(spec.directory, evidenceFile))) {
      const received = performance.now();
      timing.readMs += received - waitingSince;
      for (const record of batch) for (const { aggregator } of aggregators) aggregator.add(record);
      records += batch.length;
      waitingSince = performance.now();
      timing.aggregateMs += waitingSince - received;
    }
    const finishing = performance.now();
    for (const { query, aggregator } of aggregators) {
      results.push({
        query,
        evidenceFile,
        table: aggregator.finish(),
        records: aggregator.records,
        complete: true,
        gaps: [],
      });
    }
    timing.renderMs += performance.now() - finishing;
  }

  const rendering = performance.now();
  const data: ReportData = {
    projectId: spec.projectId,
    period: previousCompleteWeek(spec.now),
    results,
    retentionDays: DESCOPE_RETENTION_DAYS,
  };
  const location = { uri: spec.directory, browseUrl: '', prefix: '' };
  const bytes = renderReportFiles(data, location).reduce((sum, file) => sum + file.body.length, 0);
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
