import { Validations } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { REPORTS_PREFIX } from '../../functions/core/report/report-prefix.js';
import { nagReference } from './nag-reference.js';
import { projectObjectPatterns } from './report-function-policy.js';

/**
 * The report job's wildcard object grants, each acknowledged with its reason: the whole
 * `reports/` prefix for a single project, or the patterns of `projectScope`'s job of several.
 */
export function acknowledgeReportObjects(
  role: IRole,
  bucket: IBucket,
  projectScope: string | undefined,
): void {
  if (projectScope === undefined)
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagReference(bucket)}/${REPORTS_PREFIX}*]`,
      reason:
        "The job writes and re-reads the week's report objects, whose keys are only known at run time; the grant stops at the reports/ prefix.",
    });
  else acknowledgeProjectObjects(role, bucket, projectScope);
}

/** The wildcard object grants of one project's job of several, each acknowledged with its reason. */
function acknowledgeProjectObjects(role: IRole, bucket: IBucket, projectId: string): void {
  const reasons = new Map([
    [`${projectId}/*`, "The project's own report objects, whose keys are only known at run time."],
    ['keys/*', 'Public signing keys, named by their fingerprint (known once KMS answers).'],
    ['all-projects/*', "The cross-project summary's delivery record, one per week."],
    [
      '*/index.json',
      "Read-only: each project's front-door state, from which the all-projects page is built.",
    ],
  ]);
  for (const pattern of [...projectObjectPatterns(projectId), '*/index.json']) {
    const reason = reasons.get(pattern);
    if (!reason) continue;
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagReference(bucket)}/${REPORTS_PREFIX}${pattern}]`,
      reason,
    });
  }
}
