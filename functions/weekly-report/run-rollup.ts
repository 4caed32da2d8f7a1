import { posix } from 'node:path';
import type { Mailer } from '../adapters/mailer.js';
import type { ReportStore } from '../adapters/report-store.js';
import { planCollections } from '../core/catalog/query-plan.js';
import type { ReportCatalog } from '../core/catalog/report-catalog.js';
import { parseStoredGaps } from '../core/history/stored-gaps.js';
import { MANIFEST_FILE, sha256Hex } from '../core/integrity/manifest.js';
import { parseManifest } from '../core/integrity/parse-manifest.js';
import type { ReportPeriod } from '../core/period/period.js';
import { weeksOverlapping } from '../core/period/rollup-period.js';
import {
  isReportComplete,
  type ReportData,
  type ReportGap,
  type ReportLocation,
} from '../core/report/report-model.js';
import { reportPrefix } from '../core/report/report-prefix.js';
import { assembleReports } from '../core/report/report-set.js';
import type { RollupEvidence, RollupSource } from '../core/report/rollup-model.js';
import { PeriodError } from '../shared/errors.js';
import { aggregateEvidence, type CollectedEvidence } from './aggregate/aggregate-evidence.js';
import { withTableDirectory } from './aggregate/table-directory.js';
import { openStoredInputs, type StoredInputs, unverifiedFor } from './history/stored-inputs.js';
import type { DeliveryOutcome } from './publish/deliver-once.js';
import { deliverReports } from './publish/deliver-reports.js';
import type { Sealing } from './publish/seal-manifest.js';
import { storeReportSet } from './publish/store-report-set.js';
import { DESCOPE_RETENTION_DAYS, type StoredReport } from './run-weekly-report.js';

export interface RunRollupInput {
  projectId: string;
  /** A month, a quarter or a range (kind `custom`, labelled `YYYY-MM`, `YYYY-Qn` or `from_to`). */
  period: ReportPeriod;
  now: number;
  catalog: ReportCatalog;
}

export interface RunRollupDeps {
  store: ReportStore;
  sealing?: Sealing;
  /** Mails the rollup once to its own recipients (the monthly and quarterly schedules); absent: no email. */
  mail?: { mailer: Mailer; sender: string; recipients: string[] };
}

/** A month, quarter or range report built from the stored weeks. */
export type FinishedRollup = StoredReport;

const clip = (period: ReportPeriod, window: { from: number; to: number }) => ({
  from: Math.max(period.from, window.from),
  to: Math.min(period.to, window.to),
});

/** What a stored week is used for, as an unverified one's gap says. */
export const ROLLUP_USE = 'this rollup (its evidence and gaps)';

/**
 * A stored week's manifest and gaps, or why it cannot be drawn on. Through a verifying gate (a
 * signing run) the manifest must be signed by the run's key and state this project and week, and
 * `summary.json` must be listed in it; a week that fails is not drawn on.
 */
async function readWeek(store: ReportStore, inputs: StoredInputs, projectId: string, week: ReportPeriod) {
  const prefix = reportPrefix(projectId, week);
  if (inputs.verifying) {
    const at = { folder: prefix, period: week, expected: { projectId, period: week.label, scope: PROJECT } };
    const verified = await inputs.manifest(at, ROLLUP_USE);
    if (!verified) {
      const failed = inputs.unverified().find((u) => u.file === `${prefix}${MANIFEST_FILE}`);
      const reason = failed
        ? `${week.label}'s manifest failed verification (${failed.problem})`
        : `${week.label} has no stored report`;
      return { ok: false as const, reason };
    }
    const summary = await inputs.file(at, 'summary.json', ROLLUP_USE);
    const gaps = summary ? parseStoredGaps(summary) : undefined;
    return { ok: true as const, prefix, manifest: verified.manifest, sha256: verified.sha256, gaps };
  }
  const body = await store.get(`${prefix}${MANIFEST_FILE}`);
  if (!body) return { ok: false as const, reason: `${week.label} has no stored report` };
  const parsed = parseManifest(body);
  if (!parsed.ok) return { ok: false as const, reason: `${week.label}'s manifest ${parsed.problem}` };
  const summary = await store.get(`${prefix}summary.json`);
  const gaps = summary ? parseStoredGaps(summary) : undefined;
  return { ok: true as const, prefix, manifest: parsed.manifest, sha256: sha256Hex(body), gaps };
}

const PROJECT = { kind: 'project' } as const;

/**
 * A month, quarter or range built only from the stored weekly evidence: no Descope request. Every
 * number is recomputed from the evidence parts of each stored week overlapping the range (records
 * outside it left out), so distinct counts are exact across weeks. Weeks without a stored report
 * become gaps with their dates; each week drawn on is listed with its manifest's SHA-256, and every
 * part is checked against its week's manifest as it is read.
 */
export async function runRollup(input: RunRollupInput, deps: RunRollupDeps): Promise<FinishedRollup> {
  if (input.period.to > input.now) {
    throw new PeriodError(
      `${input.period.label} has not ended yet (ends ${new Date(input.period.to).toISOString()})`,
    );
  }
  const plans = planCollections(input.catalog.queries);
  const collections = new Map<string, CollectedEvidence>(
    plans.map((plan) => [plan.id, { parts: [], entries: [], evidenceFile: '', gaps: [] }]),
  );
  // A signing run verifies each week it draws on; one that fails is a gap, a finding, and not read.
  const inputs = await openStoredInputs(deps.store, deps.sealing?.signer);
  const sources: RollupSource[] = [];
  const missing: RollupSource[] = [];
  const gapOf = (window: { from: number; to: number }, reason: string): ReportGap => ({
    ...clip(input.period, window),
    reason,
    fetched: 0,
  });
  for (const week of weeksOverlapping(input.period)) {
    const read = await readWeek(deps.store, inputs, input.projectId, week);
    const base = { week: week.label, ...clip(input.period, week) };
    if (!read.ok) {
      missing.push({ ...base, reason: read.reason });
      for (const c of collections.values()) c.gaps.push(gapOf(week, read.reason));
      continue;
    }
    sources.push({ ...base, manifest: `${read.prefix}${MANIFEST_FILE}`, manifestSha256: read.sha256 });
    for (const plan of plans) {
      const collection = collections.get(plan.id);
      if (!collection) continue;
      const folder = `evidence/${plan.id}/`;
      const parts = read.manifest.files
        .filter((f) => f.name.startsWith(folder))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      if (parts.length === 0) {
        collection.gaps.push(gapOf(week, `${week.label}'s stored report has no evidence for ${plan.id}`));
        continue;
      }
      collection.parts.push(
        ...parts.map((p) => ({ key: `${read.prefix}${p.name}`, bytes: p.bytes, sha256: p.sha256 })),
      );
      if (!read.gaps) {
        collection.gaps.push(
          gapOf(week, `${week.label}'s summary.json is missing or unreadable: its gaps are unknown`),
        );
        continue;
      }
      const weekGaps = plan.queries.map((q) => read.gaps?.get(q.id)).find((g) => g !== undefined) ?? [];
      for (const gap of weekGaps) {
        const clipped = clip(input.period, gap);
        if (clipped.from < clipped.to)
          collection.gaps.push({ ...gap, ...clipped, reason: `${week.label}: ${gap.reason}` });
      }
    }
  }
  for (const [id, c] of collections) c.evidenceFile = `the weekly folders' evidence/${id}/`;
  const prefix = reportPrefix(input.projectId, input.period);
  // queries.sql reads each part by its path from the rollup's folder (`../2026-W47/evidence/…`).
  const evidence: RollupEvidence[] = [...collections.values()].map((c) => ({
    evidenceFile: c.evidenceFile,
    parts: c.parts.map((p) => ({ path: posix.relative(prefix, p.key), bytes: p.bytes, sha256: p.sha256 })),
  }));
  const location: ReportLocation = { ...deps.store.describe(prefix), prefix };
  // Each table's CSV streams to local disk and from there to the store; the folder goes afterwards.
  const { stored, project } = await withTableDirectory(async (tableDirectory) => {
    const aggregated = await aggregateEvidence({
      store: deps.store,
      period: input.period,
      plans,
      queries: input.catalog.queries,
      collections,
      tableDirectory,
      addressMinimum: input.catalog.anomalyMinimumCount,
      sqlLimits: input.catalog.sqlLimits,
    });
    const catalog = { ...input.catalog, tenants: { ...input.catalog.tenants, enabled: false } };
    const reports = assembleReports({
      projectId: input.projectId,
      period: input.period,
      retentionDays: DESCOPE_RETENTION_DAYS,
      catalog,
      results: aggregated.results,
      trends: { available: false, reason: 'a rollup is recomputed from stored weeks and compares no weeks' },
      tenantResults: new Map(),
      tenantTrends: () => ({ available: false, reason: 'no tenant rollups' }),
      rejectedTenants: new Map(),
      unverified: unverifiedFor(inputs, ROLLUP_USE),
    });
    const data: ReportData = { ...reports.project, rollup: { sources, missing, evidence } };
    const set = await storeReportSet(deps.store, location, { project: data, tenants: [] }, [], deps.sealing);
    return { stored: set, project: data };
  });
  const email: DeliveryOutcome = deps.mail
    ? (
        await deliverReports({
          store: deps.store,
          mailer: deps.mail.mailer,
          now: input.now,
          resend: false,
          sender: deps.mail.sender,
          project: { data: stored.project, location, recipients: deps.mail.recipients },
          tenants: [],
        })
      ).project
    : { status: 'not-sent', reason: 'a rollup run by hand sends no email' };
  return {
    prefix,
    location,
    keys: stored.keys,
    complete: isReportComplete(project),
    data: stored.project,
    email,
  };
}
