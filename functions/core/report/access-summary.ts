import { ACCESS_FILES } from '../access/access-controls.js';
import type { ReportData } from './report-model.js';

/** The access review in `summary.json`: counts, the snapshot's hash, changes and review state. */
export function accessSummary(data: ReportData) {
  const review = data.access;
  if (!review) return undefined;
  return {
    snapshot: ACCESS_FILES.snapshot,
    snapshotSha256: review.snapshotSha256,
    complete: review.snapshot.coverage.complete,
    roleHolders: review.snapshot.users.length,
    accessKeys: review.snapshot.keys.length,
    privilegedPrincipals: review.privilegedPrincipals,
    previousSnapshot: review.previous
      ? { period: review.previous.period, privilegedPrincipals: review.previous.privilegedPrincipals }
      : null,
    changes: {
      granted: count(review, 'granted'),
      revoked: count(review, 'revoked'),
      changed: count(review, 'changed'),
    },
    attestation: ACCESS_FILES.attestation,
    previousReviewPending: review.previous ? !review.previous.attested : false,
  };
}

const count = (review: NonNullable<ReportData['access']>, kind: string) =>
  review.changes.filter((c) => c.kind === kind).length;
