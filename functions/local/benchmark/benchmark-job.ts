import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { AuditSearchApi } from '../../adapters/audit-search-api.js';
import { defaultReportCatalog, validateReportCatalog } from '../../core/catalog/report-catalog.js';
import { previousCompleteWeek } from '../../core/period/period.js';
import type { CollectionOutcome } from '../../weekly-report/collect/collection-progress.js';
import { runWeeklyReport } from '../../weekly-report/run-weekly-report.js';
import { buildDependencies } from '../../weekly-report/wiring/build-dependencies.js';
import { cliEnvironmentSchema, parseEnvironment } from '../../weekly-report/wiring/config.js';
import { processCpuMs } from './cpu-time.js';
import type { CollectionFigures, JobMeasurement } from './measurements.js';
import { startMemoryProbe } from './memory-probe.js';
import { startRetainedHeapSampler } from './retained-heap-sampler.js';

/** What the parent tells the job process; S3 and SES endpoints come through the environment. */
export const jobSpecSchema = z.object({
  baseUrl: z.string(),
  projectId: z.string(),
  managementKey: z.string(),
  /** The run's clock (epoch ms): the report is the ISO week before it, as the stand-in's data. */
  now: z.number(),
  requestsPerMinute: z.number().int().positive(),
  maxResultWindow: z.number().int().positive(),
  /** Force a full GC this often and record the heap left (needs `--expose-gc`). @default off */
  retainedHeapEveryMs: z.number().int().positive().optional(),
  /** The catalog (`REPORT_QUERIES` JSON value). @default the built-in catalog */
  catalog: z.unknown().optional(),
});
export type JobSpec = z.output<typeof jobSpecSchema>;

/**
 * Runs the weekly job exactly as the CLI wires it (validated environment, `@descope/node-sdk`
 * adapter behind the run-wide limiter and retries, S3 store, SES mailer) and measures it. The only
 * addition is a pass-through around the search that adds up the time spent awaiting pages.
 */
export async function measureJob(spec: JobSpec, env: NodeJS.ProcessEnv): Promise<JobMeasurement> {
  const config = parseEnvironment(cliEnvironmentSchema, {
    ...env,
    DESCOPE_PROJECT_ID: spec.projectId,
    DESCOPE_MANAGEMENT_KEY: spec.managementKey,
    DESCOPE_BASE_URL: spec.baseUrl,
    DESCOPE_AUDIT_RPM: String(spec.requestsPerMinute),
    DESCOPE_MAX_RESULT_WINDOW: String(spec.maxResultWindow),
  });
  const deps = buildDependencies(config, {
    projectId: config.DESCOPE_PROJECT_ID,
    managementKey: config.DESCOPE_MANAGEMENT_KEY,
  });
  let searchWaitMs = 0;
  const timedSearch: AuditSearchApi = {
    async search(request) {
      const started = performance.now();
      try {
        return await deps.search.search(request);
      } finally {
        searchWaitMs += performance.now() - started;
      }
    },
  };
  const outcomes = new Map<string, CollectionOutcome>();

  const memory = startMemoryProbe();
  const retained = spec.retainedHeapEveryMs ? startRetainedHeapSampler(spec.retainedHeapEveryMs) : undefined;
  const cpuBefore = processCpuMs();
  const started = performance.now();
  try {
    const result = await runWeeklyReport(
      {
        projectId: config.DESCOPE_PROJECT_ID,
        period: previousCompleteWeek(spec.now),
        now: spec.now,
        catalog: catalogOf(spec.catalog),
        maxResultWindow: config.DESCOPE_MAX_RESULT_WINDOW,
        resend: false,
        sender: config.REPORT_SENDER,
        recipients: config.REPORT_RECIPIENTS,
        runId: `bench-${spec.now}`,
      },
      {
        search: timedSearch,
        store: deps.store,
        mailer: deps.mailer,
        events: { onCollected: (id, outcome) => outcomes.set(id, outcome) },
      },
    );
    const wallMs = performance.now() - started;
    if (result.state !== 'finished') throw new Error('the benchmark job paused, which it never asks for');
    const cpu = processCpuMs() - cpuBefore;
    const { requests, retries, rateLimitWaits } = deps.search.stats;
    return {
      requests,
      retries,
      rateLimitWaits,
      collections: [...outcomes].map(([id, o]) => toFigures(id, o)),
      complete: result.complete,
      emailStatus: result.email.status,
      wallMs,
      searchWaitMs,
      cpuMs: cpu,
      memory: memory.stop(),
      retainedHeap: retained?.stop() ?? null,
      prefix: result.prefix,
      evidenceKeys: result.keys.filter((key) => key.startsWith(`${result.prefix}evidence/`)),
      tables: Object.fromEntries(result.data.results.map((r) => [r.query.id, r.table])),
      tenants: result.data.tenants
        ? {
            reported: result.tenants.length,
            notReported: result.data.tenants.notReported.tenants,
            files: result.keys.length,
          }
        : undefined,
    };
  } finally {
    await deps.search.stop();
  }
}

const toFigures = (id: string, o: CollectionOutcome): CollectionFigures => ({
  id,
  kept: o.kept,
  fetched: o.fetched,
  expected: o.expected,
  duplicates: o.duplicates,
  gaps: o.gaps.length,
});

/** The spec's catalog, validated as `REPORT_QUERIES` is; the built-in one when none is given. */
function catalogOf(value: unknown) {
  if (value === undefined) return defaultReportCatalog();
  const validated = validateReportCatalog(value);
  if (!validated.ok) throw new Error(`invalid benchmark catalog: ${validated.problems.join('; ')}`);
  return validated.catalog;
}
