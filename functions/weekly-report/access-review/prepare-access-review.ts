import type { ReportStore } from '../../adapters/report-store.js';
import { ACCESS_FILES } from '../../core/access/access-controls.js';
import { type AccessReview, reviewAccess } from '../../core/access/access-review.js';
import {
  buildAccessSnapshot,
  type DirectoryRead,
  scopeAccessSnapshot,
} from '../../core/access/build-access-snapshot.js';
import type { CampaignReview } from '../../core/access/campaign-summary.js';
import { checkStoredAttestation } from '../../core/access/check-attestation.js';
import type { HygieneSettings } from '../../core/access/hygiene-findings.js';
import type { TrustedKey } from '../../core/integrity/check-sealed-input.js';
import type { ReportPeriod } from '../../core/period/period.js';
import type { QueryResult, ReportScope } from '../../core/report/report-model.js';
import { tenantPrefix } from '../../core/report/report-prefix.js';
import { ACCESS_USE, loadPreviousSnapshot, type StoredSnapshot } from '../history/load-access-history.js';
import type { SealedFolder, StoredInputs } from '../history/stored-inputs.js';

/** `accessReview.*` settings. */
export interface AccessReviewSettings extends HygieneSettings {
  enabled: boolean;
  /** Which users the directory read asks for (see `collectDirectory`). @default all */
  directoryRead?: 'all' | 'role-holders';
}

export interface PrepareAccessReviewInput {
  /** The directory as read for this run (`collectDirectory`). */
  directory: DirectoryRead;
  /** User ID → latest successful login in this period's evidence (`aggregateEvidence`'s `latestLogins`). */
  loginsSeen: ReadonlyMap<string, number>;
  /** What `loginsSeen` lacks (Athena did not compute a collection's latest logins): stated by the review. */
  loginGaps?: readonly string[];
  store: ReportStore;
  projectId: string;
  period: ReportPeriod;
  prefix: string;
  prefixOf: (period: ReportPeriod) => string;
  privilegedRoles: readonly string[];
  settings: HygieneSettings;
  /** Tenants that get a report (their review is scoped from the project snapshot). */
  tenantIds: readonly string[];
  /**
   * The gate through which a signing run verifies the stored snapshot and attestations it uses,
   * and the keys an attestation may be signed with. Absent: stored files are used as found.
   */
  verify?: { inputs: StoredInputs; attestationKeys: readonly TrustedKey[] };
  /** The campaigns' weekly follow-up, shown in the project's review. */
  campaigns?: CampaignReview;
}

/** Builds one scope's review from that scope's results of the period. */
export type AccessReviewer = (scope: ReportScope, results: readonly QueryResult[]) => AccessReview;

/**
 * Builds the snapshot from the directory read and the logins seen in the evidence, loads the
 * previous stored snapshot and the attestations beside it and beside this period's report (a re-run
 * after a sign-off finds it), and returns the reviewer the report set calls for each scope.
 */
export async function prepareAccessReview(input: PrepareAccessReviewInput): Promise<AccessReviewer> {
  const notes: string[] = [...(input.loginGaps ?? [])];
  const gate = input.verify?.inputs.verifying ? input.verify : undefined;
  const previous = await loadPreviousSnapshot(
    input.store,
    input.period,
    input.prefixOf,
    notes,
    gate ? { inputs: gate.inputs, projectId: input.projectId } : undefined,
  );
  const snapshot = buildAccessSnapshot(input.directory, {
    projectId: input.projectId,
    period: input.period.label,
    periodEnd: input.period.to,
    privilegedRoles: input.privilegedRoles,
    loginsSeen: input.loginsSeen,
    previous: previous?.snapshot,
  });
  const folderOf = (base: string, scope: ReportScope) =>
    scope.kind === 'tenant' ? tenantPrefix(base, scope.tenantId) : base;
  const scopes: ReportScope[] = [
    { kind: 'project' },
    ...input.tenantIds.map((tenantId) => ({ kind: 'tenant' as const, tenantId })),
  ];
  const attested = new Map<string, boolean>();
  const stored = new Map<string, Uint8Array>();
  const sealed = (base: string, period: ReportPeriod, scope: ReportScope): SealedFolder => ({
    folder: folderOf(base, scope),
    period,
    expected: { projectId: input.projectId, period: period.label, scope },
  });
  for (const scope of scopes) {
    const id = scope.kind === 'tenant' ? scope.tenantId : '';
    if (previous) {
      const at = sealed(previous.prefix, previous.week, scope);
      const body = await input.store.get(`${at.folder}${ACCESS_FILES.attestation}`);
      attested.set(
        id,
        body !== undefined && (!gate || (await usable(input.store, gate, at, body, previous, notes))),
      );
    }
    const at = sealed(input.prefix, input.period, scope);
    const current = await input.store.get(`${at.folder}${ACCESS_FILES.attestation}`);
    if (current && (!gate || (await usable(input.store, gate, at, current, undefined, notes))))
      stored.set(id, current);
  }
  return (scope, results) => {
    const id = scope.kind === 'tenant' ? scope.tenantId : '';
    const scoped = (s: typeof snapshot) =>
      scope.kind === 'tenant' ? scopeAccessSnapshot(s, scope.tenantId) : s;
    const attestation = stored.get(id);
    const review = reviewAccess({
      snapshot: scoped(snapshot),
      previous: previous && {
        snapshot: scoped(previous.snapshot),
        consecutive: previous.consecutive,
        attested: attested.get(id) ?? false,
      },
      results,
      settings: input.settings,
      historyNotes: notes,
      storedAttestation: attestation,
      campaigns: scope.kind === 'project' ? input.campaigns : undefined,
    });
    return input.loginGaps?.length ? withLoginGaps(review, input.loginGaps) : review;
  };
}

/**
 * Whether a stored attestation may count as a sign-off in a signing run: it must be for its folder
 * and approve that folder's sealed snapshot (an earlier week's: as its manifest lists it), and be
 * signed by a trusted key. An unsigned one is not counted, with a note; any other failure is not
 * used and recorded as an unverified input.
 */
async function usable(
  store: ReportStore,
  gate: NonNullable<PrepareAccessReviewInput['verify']>,
  at: SealedFolder,
  body: Uint8Array,
  previous: StoredSnapshot | undefined,
  notes: string[],
): Promise<boolean> {
  const listed = previous
    ? (await gate.inputs.manifest(at, ACCESS_USE))?.manifest.files.find(
        (f) => f.name === ACCESS_FILES.snapshot,
      )
    : undefined;
  if (previous && !listed) {
    gate.inputs.reject(
      at,
      ACCESS_FILES.attestation,
      'the snapshot it approves is not sealed in its folder',
      ACCESS_USE,
    );
    return false;
  }
  const signature = await store.get(`${at.folder}${ACCESS_FILES.attestationSignature}`);
  const checked = checkStoredAttestation(body, signature, gate.attestationKeys, {
    ...at.expected,
    snapshotSha256: listed?.sha256,
  });
  if (checked.ok) return true;
  const file = `${at.folder}${ACCESS_FILES.attestation}`;
  if (checked.unsigned) notes.push(`${file} is not counted as a sign-off: ${checked.problem}`);
  else gate.inputs.reject(at, ACCESS_FILES.attestation, checked.problem, ACCESS_USE);
  return false;
}

/** A dormant-user finding made without some of the period's logins says so, never a silent "no login". */
const withLoginGaps = (review: AccessReview, gaps: readonly string[]): AccessReview => ({
  ...review,
  findings: review.findings.map((f) =>
    f.rule === 'dormant-privileged-user'
      ? { ...f, status: `evaluated on incomplete data: ${gaps.join(' ')}` }
      : f,
  ),
});
