import type { RuleOutcome } from '../findings/finding.js';
import { describeFile } from '../integrity/manifest.js';
import type { QueryResult } from '../report/report-model.js';
import { ACCESS_FILES } from './access-controls.js';
import { type AccessSnapshot, countPrivilegedPrincipals } from './access-snapshot.js';
import type { AttestationStatus } from './attestation.js';
import { attestationStatus } from './attestation.js';
import { renderAccessSnapshot } from './build-access-snapshot.js';
import type { CampaignReview } from './campaign-summary.js';
import { type AccessChange, diffAccessSnapshots } from './diff-access-snapshots.js';
import { type MatchedGrant, matchGrants, readGrantEvidence } from './grant-evidence.js';
import {
  findDisabledPrivileged,
  findDormantPrivileged,
  findLongLivedKeys,
  findMissingSecondFactor,
  type HygieneSettings,
} from './hygiene-findings.js';
import { findUnexplainedGrants, type TrailBasis } from './trail-findings.js';

/** The previous stored review this one is compared with. */
export interface PreviousReview {
  snapshot: AccessSnapshot;
  /** The previous snapshot is the period just before this one. */
  consecutive: boolean;
  /** An attestation is stored beside it. */
  attested: boolean;
}

export interface AccessReviewInput {
  snapshot: AccessSnapshot;
  previous?: PreviousReview;
  /** This scope's results of the period (role-grants and access-keys explain grants). */
  results: readonly QueryResult[];
  settings: HygieneSettings;
  /** This period's stored attestation, when a re-run finds one. */
  storedAttestation?: Uint8Array;
  /** Stored snapshots that were skipped while looking for the previous one. */
  historyNotes?: string[];
  /** The weekly follow-up of access review campaigns (project scope). */
  campaigns?: CampaignReview;
}

/** Everything the access review section, its files and its findings are built from. */
export interface AccessReview {
  snapshot: AccessSnapshot;
  /** `access/snapshot.json` as stored, and its SHA-256. */
  snapshotJson: string;
  snapshotSha256: string;
  privilegedPrincipals: number;
  previous?: { period: string; privilegedPrincipals: number; attested: boolean };
  changes: AccessChange[];
  grants: MatchedGrant[];
  basis: TrailBasis;
  findings: RuleOutcome[];
  attestation: AttestationStatus;
  settings: HygieneSettings;
  historyNotes: string[];
  campaigns?: CampaignReview;
}

/** Diffs the snapshot with the previous one, matches grants to the audit trail, and applies every rule. */
export function reviewAccess(input: AccessReviewInput): AccessReview {
  const { snapshot, previous } = input;
  const snapshotJson = renderAccessSnapshot(snapshot);
  const snapshotSha256 = describeFile(ACCESS_FILES.snapshot, Buffer.from(snapshotJson, 'utf8')).sha256;
  const changes = previous ? diffAccessSnapshots(previous.snapshot, snapshot) : [];
  const evidence = readGrantEvidence(input.results);
  const loginIds = new Map(snapshot.users.map((u) => [u.userId, u.loginIds]));
  const grants = matchGrants(changes, evidence, loginIds);
  const basis: TrailBasis = previous
    ? {
        kind: 'compared',
        previousPeriod: previous.snapshot.period,
        consecutive: previous.consecutive,
        incomplete: evidence.incomplete,
      }
    : { kind: 'baseline', reason: 'no previous snapshot is stored; this snapshot is the baseline' };
  return {
    snapshot,
    snapshotJson,
    snapshotSha256,
    privilegedPrincipals: countPrivilegedPrincipals(snapshot),
    ...(previous
      ? {
          previous: {
            period: previous.snapshot.period,
            privilegedPrincipals: countPrivilegedPrincipals(previous.snapshot),
            attested: previous.attested,
          },
        }
      : {}),
    changes,
    grants,
    basis,
    findings: [
      findUnexplainedGrants(grants, basis),
      findMissingSecondFactor(snapshot),
      findLongLivedKeys(snapshot, input.settings),
      findDisabledPrivileged(snapshot),
      findDormantPrivileged(snapshot, input.settings),
      ...(input.campaigns?.findings ?? []),
    ],
    attestation: attestationStatus(input.storedAttestation, snapshotSha256),
    settings: input.settings,
    historyNotes: input.historyNotes ?? [],
    campaigns: input.campaigns,
  };
}
