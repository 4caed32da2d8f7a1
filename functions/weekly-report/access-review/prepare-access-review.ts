import type { ReportStore } from '../../adapters/report-store.js';
import { ACCESS_FILES } from '../../core/access/access-controls.js';
import { type AccessReview, reviewAccess } from '../../core/access/access-review.js';
import {
  buildAccessSnapshot,
  type DirectoryRead,
  scopeAccessSnapshot,
} from '../../core/access/build-access-snapshot.js';
import type { CampaignReview } from '../../core/access/campaign-summary.js';
import type { HygieneSettings } from '../../core/access/hygiene-findings.js';
import type { ReportPeriod } from '../../core/period/period.js';
import type { QueryResult, ReportScope } from '../../core/report/report-model.js';
import { tenantPrefix } from '../../core/report/report-prefix.js';
import { loadPreviousSnapshot } from '../history/load-access-history.js';

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
  store: ReportStore;
  projectId: string;
  period: ReportPeriod;
  prefix: string;
  prefixOf: (period: ReportPeriod) => string;
  privilegedRoles: readonly string[];
  settings: HygieneSettings;
  /** Tenants that get a report (their review is scoped from the project snapshot). */
  tenantIds: readonly string[];
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
  const notes: string[] = [];
  const previous = await loadPreviousSnapshot(input.store, input.period, input.prefixOf, notes);
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
  for (const scope of scopes) {
    const id = scope.kind === 'tenant' ? scope.tenantId : '';
    if (previous)
      attested.set(
        id,
        (await input.store.get(`${folderOf(previous.prefix, scope)}${ACCESS_FILES.attestation}`)) !==
          undefined,
      );
    const current = await input.store.get(`${folderOf(input.prefix, scope)}${ACCESS_FILES.attestation}`);
    if (current) stored.set(id, current);
  }
  return (scope, results) => {
    const id = scope.kind === 'tenant' ? scope.tenantId : '';
    const scoped = (s: typeof snapshot) =>
      scope.kind === 'tenant' ? scopeAccessSnapshot(s, scope.tenantId) : s;
    const attestation = stored.get(id);
    return reviewAccess({
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
  };
}
