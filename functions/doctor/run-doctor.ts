import { planCollections } from '../core/catalog/query-plan.js';
import type { ReportCatalog } from '../core/catalog/report-catalog.js';
import { catalogExpectations } from './catalog-expectations.js';
import { checkDataKeys, type SampledRecord } from './data-key-check.js';
import type { BaseUrlCheck } from './descope-base-url.js';
import type { DescopeProbe } from './descope-probe.js';
import type { DoctorLine } from './doctor-line.js';
import { findUnreadRoleKeys } from './role-change-verdict.js';
import { planSamples, type SampleOutcome } from './sample-actions.js';

/** Descope's documented audit search limit, per minute. */
export const DESCOPE_AUDIT_SEARCH_LIMIT = 10;

export interface DoctorInput {
  projectId: string;
  baseUrl: BaseUrlCheck;
  catalog: ReportCatalog;
  /** `DESCOPE_AUDIT_RPM`. */
  auditRpm: number;
  now: number;
}

export interface DoctorDeps {
  descope: DescopeProbe;
  probeBucket: () => Promise<DoctorLine>;
  probeSender: () => Promise<DoctorLine>;
  probeAccount: () => Promise<DoctorLine>;
  /** The audit stream, when it is the source. */
  probeStream?: () => Promise<DoctorLine[]>;
  /** The directory the access review reads (role list, role holders, access keys). */
  probeDirectory?: () => Promise<DoctorLine[]>;
}

/**
 * Every check a new deployment needs, in the order a weekly run meets them. Uses one license
 * request, at most a handful of audit searches (well inside Descope's 10 a minute) and a handful of
 * directory requests under their own limiter. Exit code 1
 * when any line fails, 0 otherwise (warnings included).
 */
export async function runDoctor(
  input: DoctorInput,
  deps: DoctorDeps,
): Promise<{ lines: DoctorLine[]; exitCode: 0 | 1 }> {
  const lines: DoctorLine[] = [
    { status: input.baseUrl.status, text: `Descope API: ${input.baseUrl.detail}` },
  ];
  const key = await deps.descope.checkKey();
  lines.push(keyLine(key, input.baseUrl.url));
  lines.push(await deps.probeBucket());
  if (deps.probeStream) lines.push(...(await deps.probeStream()));
  lines.push(await deps.probeSender());
  lines.push(await deps.probeAccount());

  if (key.ok || key.status === 429) {
    const plans = planCollections(input.catalog.queries);
    const expectations = catalogExpectations(input.catalog.queries);
    const sampled = await planSamples(deps.descope, plans, expectations, input);
    lines.push(rateLimitLine(sampled, input, plans.length));
    lines.push(...sampled.failures);
    lines.push({
      status: 'info',
      text: `Recent records per action the catalog reads (newest first, last 30 days, ${sampled.searches} audit searches):`,
    });
    // The report's own role-change reader (DuckDB) judges the samples: one reader of role changes.
    const unread = await findUnreadRoleKeys(sampled.records);
    lines.push(...checkDataKeys(expectations, groupByAction(sampled.records), unread));
    if (deps.probeDirectory) lines.push(...(await deps.probeDirectory()));
  } else {
    lines.push({
      status: 'info',
      text: 'Rate limit and data keys not checked: the key could not be confirmed',
    });
  }
  const failed = lines.filter((l) => l.status === 'fail').length;
  const warned = lines.filter((l) => l.status === 'warn').length;
  lines.push(
    failed > 0
      ? {
          status: 'fail',
          text: `${failed} problem${failed === 1 ? '' : 's'} a weekly run would trip on; ${warned} warning${warned === 1 ? '' : 's'}`,
        }
      : { status: 'ok', text: `Ready for a weekly run; ${warned} warning${warned === 1 ? '' : 's'}` },
  );
  return { lines, exitCode: failed > 0 ? 1 : 0 };
}

function keyLine(key: Awaited<ReturnType<DescopeProbe['checkKey']>>, url: string): DoctorLine {
  if (key.ok)
    return {
      status: 'ok',
      text: 'Management key and project ID: accepted (one license request, no audit search)',
    };
  if (key.status === 429)
    return {
      status: 'warn',
      text: 'Management key and project ID: not confirmed, Descope answered 429 (rate limited)',
    };
  const code = key.code ? ` ${key.code}` : '';
  if (key.status === 401 || key.status === 403) {
    return {
      status: 'fail',
      text: `Management key and project ID: rejected (HTTP ${key.status}${code}: ${key.message})`,
      detail: ['set DESCOPE_MANAGEMENT_KEY to a management key of the project named by DESCOPE_PROJECT_ID'],
    };
  }
  if (key.status === undefined) {
    return {
      status: 'fail',
      text: `Descope API unreachable at ${url}: ${key.message}`,
      detail: ['check DESCOPE_BASE_URL and the network path to it'],
    };
  }
  return {
    status: 'fail',
    text: `Management key and project ID: not checked, ${url} answered HTTP ${key.status}${code}: ${key.message}`,
    detail: ['is DESCOPE_BASE_URL the Descope API (not the console or a login page)?'],
  };
}

function rateLimitLine(sampled: SampleOutcome, input: DoctorInput, searchesPerRun: number): DoctorLine {
  if (input.auditRpm > DESCOPE_AUDIT_SEARCH_LIMIT) {
    return {
      status: 'fail',
      text: `Audit search rate: DESCOPE_AUDIT_RPM=${input.auditRpm} is above Descope's ${DESCOPE_AUDIT_SEARCH_LIMIT} a minute`,
      detail: [
        'a weekly run would keep hitting 429 and spend its retries; set DESCOPE_AUDIT_RPM to 10 or less',
      ],
    };
  }
  const weekly =
    sampled.totals.length === searchesPerRun
      ? sampled.totals.reduce((sum, total) => sum + Math.max(1, Math.ceil((total * 7) / 30 / 1000)), 0)
      : undefined;
  const estimate =
    weekly === undefined
      ? `a weekly run needs at least ${searchesPerRun} audit searches (one per distinct filter, plus one per 1,000 records)`
      : `a weekly run of this catalog needs about ${weekly} audit searches at the last 30 days' volume, ` +
        `about ${Math.ceil(weekly / input.auditRpm)} minute(s) at ${input.auditRpm} a minute`;
  const headers = sampled.rateLimitHeaders.length ? [`headers: ${sampled.rateLimitHeaders.join('; ')}`] : [];
  if (sampled.rateLimited !== undefined) {
    return {
      status: 'warn',
      text: `Audit search rate: Descope answered 429 after ${sampled.searches} searches (Retry-After ${sampled.rateLimited} s)`,
      detail: [
        "another client is using this project's audit searches right now; a weekly run would wait for it",
        estimate,
        ...headers,
      ],
    };
  }
  return {
    status: 'ok',
    text: `Audit search rate: ${sampled.searches} searches used by this check, no 429 (limit ${DESCOPE_AUDIT_SEARCH_LIMIT} a minute; DESCOPE_AUDIT_RPM=${input.auditRpm})`,
    detail: [estimate, ...headers],
  };
}

function groupByAction(records: readonly SampledRecord[]): Map<string, SampledRecord[]> {
  const byAction = new Map<string, SampledRecord[]>();
  for (const record of records) {
    const list = byAction.get(record.action) ?? [];
    list.push(record);
    byAction.set(record.action, list);
  }
  return byAction;
}
