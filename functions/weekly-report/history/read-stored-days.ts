import { pipeline } from 'node:stream/promises';
import type { ManifestSigner } from '../../adapters/manifest-signer.js';
import type { ReportStore } from '../../adapters/report-store.js';
import type { CollectionPlan } from '../../core/catalog/query-plan.js';
import { MANIFEST_FILE, type ManifestEntry } from '../../core/integrity/manifest.js';
import { daysOfWeek, type ReportPeriod } from '../../core/period/period.js';
import type { StoredDaySource } from '../../core/report/collection-source.js';
import { reportPrefix } from '../../core/report/report-prefix.js';
import {
  checkReviewedDay,
  checkStoredDay,
  type StoredDayCollection,
} from '../../core/report/stored-day-check.js';
import { byteFingerprint } from '../../shared/byte-fingerprint.js';
import { describeError } from '../../shared/errors.js';
import { type EvidencePart, openEvidencePart } from '../aggregate/evidence-part.js';
import { newestSealedRevision } from '../publish/sealed-revisions.js';
import { createStoredInputs, type StoredInputs } from './stored-inputs.js';

/** What a stored day is used for, as a failed verification's note says. */
export const WEEK_FROM_DAYS_USE = "this week's records (computed from the stored days)";
const DAILY_REVIEW_USE = "this week's daily-review check (PCI DSS 10.4.1)";

const PROJECT = { kind: 'project' } as const;

/** A stored day a week can be computed from: its folder, manifest and each collection's parts. */
export interface StoredDay extends StoredDaySource {
  /** The day's period and sealed folder, and the files its manifest lists. */
  period: ReportPeriod;
  prefix: string;
  files: readonly ManifestEntry[];
  collections: Map<string, StoredDayCollection & { keys: EvidencePart[] }>;
}

/** The seven days, or why they cannot stand in (`noneStored`: with `everyDay`, not one is stored). */
export type StoredDaysRead =
  | { ok: true; days: StoredDay[] }
  | { ok: false; reason: string; noneStored?: boolean };

/** One day that cannot stand in for the API: absent (no sealed report) or present but unusable. */
type DayRead = { ok: true; day: StoredDay } | { ok: false; missing: boolean; reason: string };

export interface ReadStoredDaysInput {
  store: ReportStore;
  signer?: ManifestSigner;
  projectId: string;
  week: ReportPeriod;
  plans: readonly CollectionPlan[];
  /** Check every day and name each one that cannot be used (a refusal), not stop at the first. @default false */
  everyDay?: boolean;
  /** Read every evidence part against its manifest (a cheaper look reads manifests and summaries only). @default true */
  checkParts?: boolean;
  /**
   * `review`: only whether each day stands as its daily review (sealed, verified, complete), for a
   * week read from the stream; no collection or part is taken. @default 'evidence'
   */
  purpose?: 'evidence' | 'review';
}

/**
 * The seven stored days of `week`, each its newest sealed revision, verified through a gate of its
 * own (a day that fails is a reason to read the API, not a gap of the week): the manifest signed by
 * the run's key and stating this project and day, `summary.json` listed in it, the day read from
 * the search, complete and collected by this catalog's filters, and every evidence part's bytes
 * matching the manifest. Stops at the first day that cannot be used and says why, or with
 * `everyDay` names each such day.
 */
export async function readStoredDays(input: ReadStoredDaysInput): Promise<StoredDaysRead> {
  const key = await input.signer?.key();
  if (!key) return { ok: false, reason: 'this run signs nothing, so stored days cannot be verified' };
  const inputs = createStoredInputs(input.store, { pem: key.publicKeyPem, fingerprint: key.fingerprint });
  const days: StoredDay[] = [];
  const failed: Array<Exclude<DayRead, { ok: true }> & { label: string }> = [];
  for (const day of daysOfWeek(input.week)) {
    const read = await readStoredDay(input, inputs, day);
    if (read.ok) days.push(read.day);
    else if (!input.everyDay) return { ok: false, reason: read.reason };
    else failed.push({ ...read, label: day.label });
  }
  if (failed.length === 0) return { ok: true, days };
  const missing = failed.filter((f) => f.missing).map((f) => f.label);
  const reasons = [
    ...(missing.length === 1 ? [`${missing[0]} has no stored report`] : []),
    ...(missing.length > 1 ? [`${listed(missing)} have no stored report`] : []),
    ...failed.filter((f) => !f.missing).map((f) => f.reason),
  ];
  return { ok: false, reason: reasons.join('; '), noneStored: missing.length === 7 };
}

const listed = (labels: string[]) => `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;

async function readStoredDay(
  input: ReadStoredDaysInput,
  inputs: StoredInputs,
  day: ReportPeriod,
): Promise<DayRead> {
  const prefix = (await newestSealedRevision(input.store, reportPrefix(input.projectId, day)))?.prefix;
  if (!prefix) return { ok: false, missing: true, reason: `${day.label} has no stored report` };
  const at = {
    folder: prefix,
    period: day,
    expected: { projectId: input.projectId, period: day.label, scope: PROJECT },
  };
  const unusable = (reason: string): DayRead => ({ ok: false, missing: false, reason });
  const review = input.purpose === 'review';
  const use = review ? DAILY_REVIEW_USE : WEEK_FROM_DAYS_USE;
  const verified = await inputs.manifest(at, use);
  const summary = verified && (await inputs.file(at, 'summary.json', use));
  if (!verified || !summary) {
    const failed = inputs.unverified().find((u) => u.file.startsWith(prefix));
    return unusable(
      `${day.label} failed verification: ${failed ? `${failed.file}: ${failed.problem}` : 'nothing seals it'}`,
    );
  }
  const checked = review
    ? { ...checkReviewedDay(day.label, summary), collections: new Map<string, StoredDayCollection>() }
    : checkStoredDay(day.label, summary, verified.manifest.files, input.plans);
  if (!checked.ok) return unusable(checked.reason);
  const collections = new Map<string, StoredDayCollection & { keys: EvidencePart[] }>();
  for (const [id, collection] of checked.collections) {
    const keys = collection.parts.map((p) => ({
      key: `${prefix}${p.name}`,
      bytes: p.bytes,
      sha256: p.sha256,
    }));
    // Every part is checked before the week takes any record: a week half-copied cannot fall back.
    for (const part of input.checkParts === false ? [] : keys) {
      const problem = await partProblem(input.store, part);
      if (problem) return unusable(`${day.label} failed verification: ${problem}`);
    }
    collections.set(id, { ...collection, keys });
  }
  const manifest = `${prefix}${MANIFEST_FILE}`;
  const files = verified.manifest.files;
  return {
    ok: true,
    day: { day: day.label, period: day, prefix, files, manifest, sha256: verified.sha256, collections },
  };
}

/** Why a stored part is not the one its manifest lists (size, SHA-256, missing), or `undefined`. */
async function partProblem(store: ReportStore, part: EvidencePart): Promise<string | undefined> {
  try {
    const { tap, seen } = byteFingerprint();
    await pipeline(await openEvidencePart(store, part.key), tap, async (bytes) => {
      for await (const chunk of bytes) void chunk;
    });
    const { bytes, sha256 } = seen();
    if (bytes === part.bytes && sha256 === part.sha256) return undefined;
    return `${part.key} is ${bytes} bytes, SHA-256 ${sha256}; its manifest lists ${part.bytes} bytes, ${part.sha256}`;
  } catch (error) {
    return `${part.key}: ${describeError(error)}`;
  }
}
