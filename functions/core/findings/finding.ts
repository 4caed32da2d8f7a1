import { MORE_OF_THE_SAME } from './fingerprint.js';
/** The rules that raise findings, in the order the report explains them. */
export const FINDING_RULES = [
  'new-country',
  'privileged-role-grant',
  'role-change-not-understood',
  'country-spike',
  'address-spike',
  'impersonation',
  'privilege-without-audit-trail',
  'privileged-without-second-factor',
  'privileged-key-expiry',
  'disabled-privileged-user',
  'dormant-privileged-user',
  'stored-input-integrity',
  'impossible-travel',
  'dormant-privileged-account',
  'login-without-mfa',
  'review-campaign-overdue',
  'revocation-outside-audit-trail',
  'revocation-overdue',
] as const;
export type FindingRule = (typeof FINDING_RULES)[number];

export type Severity = 'high' | 'medium';

/** Who and what a finding is about: what an accepted risk's `match` is compared with. */
export interface FindingAbout {
  /** User IDs and login IDs of the user concerned. */
  users?: string[];
  tenant?: string;
  address?: string;
  country?: string;
}

/** An accepted risk that covered this finding and has expired: the finding is raised again, high. */
export interface ExpiredException {
  id: string;
  owner: string;
  ticket: string;
  expires: string;
}

/**
 * Something a reviewer should look at, with the section holding its evidence. The controls it
 * concerns are not part of it: the framework files map each rule to controls
 * (`controlsForFinding` in core/frameworks/control-index.ts).
 */
export interface Finding {
  rule: FindingRule;
  severity: Severity;
  title: string;
  detail: string;
  /** Query id of the section (and CSV) with the evidence. */
  section: string;
  /** What the finding is about when the title is not (see `findingFingerprint`). */
  subject?: string;
  /** What the finding is about, for exceptions (never shown as such). */
  about?: FindingAbout;
  /** Set when an exception accepted this finding and has expired. */
  expiredException?: ExpiredException;
}

/** How a rule was applied this time: its wording, and whether it could be evaluated. */
export interface RuleOutcome {
  rule: FindingRule;
  description: string;
  /** `evaluated`, or why not (query disabled, no history, …); a caveat when data is incomplete. */
  status: string;
  findings: Finding[];
}

/** The outcome of a rule that could not be applied this time, saying why. */
export function notEvaluated(rule: Pick<RuleOutcome, 'rule' | 'description'>, reason: string): RuleOutcome {
  return { ...rule, status: `not evaluated: ${reason}`, findings: [] };
}

/** The query result a rule reads: whether it is complete, and its id (also its CSV's name). */
interface RuleEvidence {
  complete: boolean;
  query: { id: string };
}

/** `evaluated`, with `caveat` (what may be missing) when the evidence is incomplete. */
export const evaluationStatus = (evidence: RuleEvidence, caveat: string) =>
  evidence.complete ? 'evaluated' : `evaluated on incomplete data (see Gaps): ${caveat}`;

/** The outcome of a rule applied to `evidence`: its findings, capped with a pointer to the CSV. */
export function evaluated(
  rule: Pick<RuleOutcome, 'rule' | 'description'>,
  evidence: RuleEvidence,
  findings: Finding[],
  caveat: string,
): RuleOutcome {
  return {
    ...rule,
    status: evaluationStatus(evidence, caveat),
    findings: capFindings(findings, `${evidence.query.id}.csv`),
  };
}

/** Why a rule is not evaluated when the query holding its evidence is disabled. */
export const queryDisabled = (queryId: string) => `the ${queryId} query is disabled`;

/** Findings of a rule beyond this many are summarised in one more finding pointing at the CSV. */
export const MAX_FINDINGS_PER_RULE = 10;

/** Keeps the first findings of a rule and summarises the rest, so one noisy rule cannot bury the others. */
export function capFindings(findings: Finding[], csvFile: string): Finding[] {
  if (findings.length <= MAX_FINDINGS_PER_RULE) return findings;
  const [first] = findings;
  if (!first) return findings;
  const rest = findings.length - MAX_FINDINGS_PER_RULE;
  return [
    ...findings.slice(0, MAX_FINDINGS_PER_RULE),
    {
      ...first,
      // The summary is about many subjects: no exception may match it by the first one's.
      about: undefined,
      title: `${rest} more of the same`,
      subject: MORE_OF_THE_SAME,
      detail: `${rest} more findings of this rule; every one is in ${csvFile}.`,
    },
  ];
}
