import type { CollectionPlan } from '../core/catalog/query-plan.js';
import type { Expectations } from './catalog-expectations.js';
import type { SampledRecord } from './data-key-check.js';
import type { DescopeProbe } from './descope-probe.js';
import type { DoctorLine } from './doctor-line.js';

/** Audit searches the doctor may spend: a weekly run started right after it still has most of the minute. */
export const DOCTOR_SEARCH_BUDGET = 5;
/** Records per sample search (Descope's page maximum). */
const SAMPLE_SIZE = 1000;
const DAY_MS = 86_400_000;
/** A little inside Descope's 30-day bound, so a slow clock does not make the search invalid. */
const SAMPLE_WINDOW_MS = 30 * DAY_MS - 60_000;

export interface SampleOutcome {
  records: SampledRecord[];
  searches: number;
  /** `total` of each collection's first search, in plan order, when Descope gave one. */
  totals: number[];
  /** Retry-After (s) when Descope answered 429; sampling stopped there. */
  rateLimited?: number;
  rateLimitHeaders: string[];
  failures: DoctorLine[];
}

/**
 * The newest records of each collection's search over the last 30 days, then, while the budget
 * lasts, one more search per collection for the catalog's actions its first answer did not contain
 * (a busy action can fill a whole page).
 */
export async function planSamples(
  probe: DescopeProbe,
  plans: readonly CollectionPlan[],
  expectations: Expectations,
  input: { now: number; auditRpm: number },
): Promise<SampleOutcome> {
  const budget = Math.min(DOCTOR_SEARCH_BUDGET, input.auditRpm);
  const outcome: SampleOutcome = { records: [], searches: 0, totals: [], rateLimitHeaders: [], failures: [] };
  const window = { from: input.now - SAMPLE_WINDOW_MS, to: input.now, size: SAMPLE_SIZE };
  const seen = new Set<string>();
  const search = async (plan: CollectionPlan, filter: CollectionPlan['filter']) => {
    if (outcome.searches >= budget || outcome.rateLimited !== undefined) return undefined;
    outcome.searches += 1;
    const answer = await probe.sample({ ...window, filter });
    if (answer.ok) {
      outcome.rateLimitHeaders = answer.rateLimitHeaders;
      for (const record of answer.value.records) {
        outcome.records.push(record);
        seen.add(record.action);
      }
      return answer.value;
    }
    if (answer.status === 429) outcome.rateLimited = answer.retryAfterSeconds ?? 60;
    else
      outcome.failures.push({
        status: 'fail',
        text: `Audit search "${plan.id}" failed: ${answer.status ? `HTTP ${answer.status} ` : ''}${answer.code ? `${answer.code} ` : ''}${answer.message}`,
        detail: ['a weekly run sends the same search; fix this before it runs'],
      });
    return undefined;
  };

  for (const plan of plans) {
    const answer = await search(plan, plan.filter);
    if (answer?.total !== undefined) outcome.totals.push(answer.total);
  }
  for (const plan of plans) {
    const unseen = (plan.filter.actions ?? []).filter((a) => expectations.has(a) && !seen.has(a));
    if (unseen.length > 0) await search(plan, { ...plan.filter, actions: unseen });
  }
  if (outcome.searches >= budget && plans.length > budget) {
    outcome.failures.push({
      status: 'warn',
      text: `Only the first ${budget} of ${plans.length} searches were sampled (the doctor's budget of audit searches)`,
    });
  }
  return outcome;
}
