import { ACCESS_FILES } from '../access/access-controls.js';
import type { RuleOutcome } from '../findings/finding.js';
import { GAPS_FILE } from '../report/gaps-table.js';
import { isReportComplete, type ReportData } from '../report/report-model.js';
import type { AccessReviewPart, ControlEvidence, IntegrityFact } from './framework.js';

/**
 * One piece of a control's evidence in one report: present (with the files that hold it) or missing
 * with the reason. A file name ending in `/` stands for every file under that folder.
 */
export interface EvidenceItem {
  label: string;
  present: boolean;
  reason: string;
  files: string[];
  /** Report sections holding it (query ids, the access review), for links in the HTML. */
  sections: string[];
}

const present = (label: string, files: string[], sections: string[] = [], reason = ''): EvidenceItem => ({
  label,
  present: true,
  reason,
  files,
  sections,
});
const missing = (label: string, reason: string): EvidenceItem => ({
  label,
  present: false,
  reason,
  files: [],
  sections: [],
});

/** A catalog query's table: present when it ran and read every record; its CSV and its evidence. */
export function queryItem(data: ReportData, id: string): EvidenceItem {
  const result = data.results.find((r) => r.query.id === id);
  if (!result) {
    return missing(
      id,
      data.scope.kind === 'tenant'
        ? `the ${id} query is not in this tenant's report (disabled, or custom SQL, which only the project report runs)`
        : `the ${id} query is disabled in the catalog`,
    );
  }
  if (!result.complete) return missing(id, `the ${id} query is incomplete (see ${GAPS_FILE})`);
  // A tenant's numbers come from the project-wide evidence, which names other tenants: not listed here.
  const evidence =
    data.scope.kind === 'tenant'
      ? []
      : (data.rollup?.evidence
          .find((e) => e.evidenceFile === result.evidenceFile)
          ?.parts.map((p) => p.path) ?? [result.evidenceFile]);
  return present(id, [`${id}.csv`, ...evidence], [id]);
}

/** A file of another period's folder of the same scope, relative to this report's folder. */
export const otherPeriodFile = (data: ReportData, period: string, file: string) =>
  data.scope.kind === 'tenant'
    ? `../../../${period}/tenants/${data.scope.tenantId}/${file}`
    : `../${period}/${file}`;

const SNAPSHOT_FILES = [ACCESS_FILES.snapshot, ACCESS_FILES.roleHolders, ACCESS_FILES.accessKeys];

/** A part of the access review: the snapshot, its comparison with the previous one, a reviewer's sign-off. */
export function accessItem(data: ReportData, part: AccessReviewPart): EvidenceItem {
  const label = `access review ${part}`;
  const review = data.access;
  if (!review) {
    return missing(
      label,
      data.rollup
        ? 'a rollup holds no access review (each weekly report holds its own)'
        : 'the access review is off',
    );
  }
  if (part === 'snapshot') {
    return review.snapshot.coverage.complete
      ? present(label, SNAPSHOT_FILES, ['access-review'])
      : missing(label, 'the access snapshot is incomplete');
  }
  if (part === 'changes') {
    return review.previous
      ? present(
          label,
          [ACCESS_FILES.snapshot, otherPeriodFile(data, review.previous.period, ACCESS_FILES.snapshot)],
          ['access-review'],
        )
      : missing(label, 'no previous snapshot is stored to compare with (this one is the baseline)');
  }
  if (review.attestation.state === 'attested' && review.attestation.matchesSnapshot) {
    return present(label, [ACCESS_FILES.attestation], ['access-review']);
  }
  if (review.previous?.attested) {
    return present(
      label,
      [otherPeriodFile(data, review.previous.period, ACCESS_FILES.attestation)],
      ['access-review'],
    );
  }
  return missing(
    label,
    review.previous
      ? `no reviewer has signed off the previous review (${review.previous.period})`
      : 'no earlier review is stored to have been signed off',
  );
}

/** A fact about how the evidence is kept, for this report and the deployment. */
export function integrityItem(
  data: ReportData,
  fact: IntegrityFact,
  evidence: ControlEvidence,
): EvidenceItem {
  const { deployment } = data.compliance;
  const lock = deployment.objectLock;
  switch (fact) {
    case 'signed-manifest':
      return data.seal?.signing
        ? present(fact, ['manifest.json', 'manifest.sig'], [], `key ${data.seal.signing.keyFingerprint}`)
        : missing(fact, `the manifest is not signed: ${data.seal?.unsignedReason ?? 'no signing key'}`);
    case 'manifest-chain':
      return chainItem(data);
    case 'anchor':
      if (data.rollup) return missing(fact, 'a rollup is not anchored (its weeks are)');
      return deployment.anchored
        ? present(fact, data.scope.kind === 'project' ? ['anchor.json'] : ['../../anchor.json'])
        : missing(
            fact,
            "manifests are not anchored in Descope's audit trail (no anchor tenant is configured)",
          );
    case 'object-lock':
      return lock
        ? present(
            fact,
            [],
            [],
            `S3 Object Lock ${lock.mode}, ${lock.retentionDays} days (deployment setting)`,
          )
        : missing(fact, 'no Object Lock retention is stated for this store');
    case 'retention': {
      const needed = evidence.minimumRetentionDays ?? 0;
      if (!lock) return missing(fact, `no retention is stated for this store (${needed} days needed)`);
      return lock.retentionDays >= needed
        ? present(fact, [], [], `${lock.retentionDays} days locked, at least ${needed} needed`)
        : missing(
            fact,
            `evidence is locked ${lock.retentionDays} days, less than the ${needed} this control needs`,
          );
    }
    case 'complete-collection':
      return isReportComplete(data)
        ? present(fact, [GAPS_FILE], [], 'every window of the period was read')
        : missing(fact, `the period has gaps (see ${GAPS_FILE})`);
  }
}

function chainItem(data: ReportData): EvidenceItem {
  const fact = 'manifest-chain';
  if (data.rollup) {
    const weeks = data.rollup.sources.filter((s) => s.manifest);
    return weeks.length > 0
      ? present(
          fact,
          weeks.map((s) => `../${s.week}/manifest.json`),
          [],
          'the weekly manifests it was built from',
        )
      : missing(fact, 'no stored week was drawn on');
  }
  const link = data.seal?.previous;
  if (!link) return missing(fact, 'a custom range links to no previous period');
  if (link.sha256 === null)
    return missing(
      fact,
      `the chain starts here (no ${link.period} manifest was stored when this was sealed)`,
    );
  return present(
    fact,
    [otherPeriodFile(data, link.period, 'manifest.json')],
    [],
    `linked to ${link.period} (SHA-256 ${link.sha256})`,
  );
}

/** A finding rule used as evidence (for a control that rests on rules alone): applied or not. */
export function ruleItem(outcomes: readonly RuleOutcome[], rule: string): EvidenceItem {
  const outcome = outcomes.find((o) => o.rule === rule);
  if (!outcome) return missing(rule, `the ${rule} rule was not applied (its review is off)`);
  return outcome.status.startsWith('evaluated')
    ? present(rule, [], [outcome.findings[0]?.section ?? ''].filter(Boolean))
    : missing(rule, `the ${rule} rule was ${outcome.status}`);
}
