import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { createAggregator } from '../../core/aggregation/create-aggregator.js';
import { previousCompleteWeek } from '../../core/period.js';
import { planCollections } from '../../core/query-plan.js';
import { renderEmail } from '../../core/render-templates.js';
import { defaultReportCatalog } from '../../core/report-catalog.js';
import type { QueryResult } from '../../core/report-model.js';
import { assembleReports } from '../../core/report-set.js';
import { buildReportView } from '../../core/report-view.js';
import { renderReportFiles } from '../../weekly-report/report-files.js';
import { DESCOPE_RETENTION_DAYS } from '../../weekly-report/run-weekly-report.js';
import { processCpuMs } from './cpu-time.js';
import { readEvidenceBatches } from './evidence-reader.js';

/** Every record batch of the parts, in order. */
async function* readEvidenceParts(paths: string[]) {
  for (const path of paths) yield* readEvidenceBatches(path);
}

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
  const catalog = defaultReportCatalog();
  const period = previousCompleteWeek(spec.now);
  for (const plan of planCollections(catalog.queries)) {
    const evidenceFile = `evidence/${plan.id}/`;
    const folder = join(spec.directory, evidenceFile);
    const parts = (await readdir(folder).catch(() => [] as string[]))
      .filter((f) => f.endsWith('.ndjson.gz'))
      .sort();
    const aggregators = plan.queries.map((query) => ({ query, aggregator: createAggregator(query, period) }));
    let waitingSince = performance.now();
    for await (const batch of readEvidenceParts(parts.map((part) => join(folder, part)))) {
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
  });
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
