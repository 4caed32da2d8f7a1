import type { UnverifiedInput } from '../report/report-model.js';
import { type Finding, notEvaluated, type RuleOutcome } from './finding.js';

/** Where a finding about a stored input points: the report's Gaps section, which lists it. */
export const GAPS_SECTION = 'gaps';

/** A day's label (`YYYY-MM-DD`): a day's report reads the day before, a week's the weeks before. */
const DAY_LABEL = /^\d{4}-\d{2}-\d{2}$/;

const RULE = {
  rule: 'stored-input-integrity',
  description:
    'Every stored earlier report this one draws on (the previous manifest it chains to, the summaries behind its history, the access snapshot and attestation behind its review, the weeks a rollup reads) must verify with the signing key; one that fails is not used and is a high-severity finding.',
} as const;

/**
 * The outcome of the integrity rule: one high-severity finding per stored input that failed
 * verification, naming the file and why. `undefined`: the run signs nothing, so it verified nothing.
 */
export function findUnverifiedInputs(inputs: readonly UnverifiedInput[] | undefined): RuleOutcome {
  if (!inputs) return notEvaluated(RULE, 'this run signs nothing, so it verifies no stored input');
  const findings = inputs.map(
    (input): Finding => ({
      rule: RULE.rule,
      severity: 'high',
      title: `Integrity: previous ${DAY_LABEL.test(input.period) ? 'day' : 'week'} failed verification (${input.period})`,
      detail: `${input.file}: ${input.problem}. It was not used for ${input.usedFor}: someone other than this job may have written to the bucket.`,
      section: GAPS_SECTION,
      subject: input.file,
    }),
  );
  return { ...RULE, status: 'evaluated', findings };
}
