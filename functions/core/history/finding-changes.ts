import { listFindings } from '../findings/evaluate-findings.js';
import type { RuleOutcome } from '../findings/finding.js';
import { findingFingerprint } from '../findings/fingerprint.js';
import type { StoredWeek } from './stored-summary.js';

/** A finding as the comparison lists it. */
export interface ChangedFinding {
  fingerprint: string;
  rule: string;
  severity: string;
  title: string;
}

/** This week's findings against last week's stored report, by fingerprint (rule and subject). */
export interface FindingChanges {
  /** The week compared with, or `null` when it has no stored report (then `reason` says so). */
  comparedWith: string | null;
  reason?: string;
  /** Raised this week, not last week. */
  new: ChangedFinding[];
  /** Raised both weeks. */
  stillOpen: ChangedFinding[];
  /** Raised last week; its rule was evaluated this week and did not raise it. */
  resolved: ChangedFinding[];
  /** Raised last week by a rule that could not be evaluated this week: neither open nor resolved. */
  notReevaluated: ChangedFinding[];
  /** Raised last week, accepted as a risk this week (present when exceptions are configured). */
  accepted?: ChangedFinding[];
}

const firstByFingerprint = <T extends { fingerprint: string }>(items: readonly T[]) => {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(item.fingerprint)) map.set(item.fingerprint, item);
  return map;
};

/**
 * Compares this week's findings with `previous` (last week's stored report). Without a stored
 * report nothing is called new or resolved: `comparedWith` is `null` and `reason` says why.
 */
export function compareFindings(
  outcomes: readonly RuleOutcome[],
  previousWeek: string,
  previous: StoredWeek | undefined,
  /** Fingerprints accepted as risks this week: not new, not resolved. @default none configured */
  accepted?: ReadonlySet<string>,
): FindingChanges {
  const current = firstByFingerprint(
    listFindings(outcomes).map((f) => ({
      fingerprint: findingFingerprint(f),
      rule: f.rule,
      severity: f.severity,
      title: f.title,
    })),
  );
  if (!previous) {
    return {
      comparedWith: null,
      reason: `${previousWeek} has no stored report to compare with`,
      new: [],
      stillOpen: [],
      resolved: [],
      notReevaluated: [],
      accepted: accepted && [],
    };
  }
  const before = firstByFingerprint(previous.findings);
  const notEvaluatedNow = new Set<string>(
    outcomes.filter((o) => o.status.startsWith('not evaluated')).map((o) => o.rule),
  );
  const changes: FindingChanges = {
    comparedWith: previous.week,
    new: [],
    stillOpen: [],
    resolved: [],
    notReevaluated: [],
    accepted: accepted && [],
  };
  for (const [fingerprint, finding] of current) {
    (before.has(fingerprint) ? changes.stillOpen : changes.new).push(finding);
  }
  for (const [fingerprint, { rule, severity, title }] of before) {
    if (current.has(fingerprint)) continue;
    const item = { fingerprint, rule, severity, title };
    if (accepted?.has(fingerprint)) changes.accepted?.push(item);
    else (notEvaluatedNow.has(rule) ? changes.notReevaluated : changes.resolved).push(item);
  }
  return changes;
}
