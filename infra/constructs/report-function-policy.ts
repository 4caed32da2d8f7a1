import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';

/** The exact resources the report job touches. */
export interface ReportFunctionResources {
  readonly logGroupArn: string;
  readonly bucketArn: string;
  /** `…/reports/*` */
  readonly reportObjectsArn: string;
  /** `reports/` */
  readonly reportsPrefix: string;
  readonly keyArn: string;
  readonly secretArn: string;
  readonly sendEmailArns: readonly string[];
  /** The only From address the job may send as (`ses:FromAddress`). */
  readonly sender: string;
  readonly failedRunQueueArn: string;
  readonly ownFunctionArn: string;
  readonly region: string;
  /**
   * In a deployment of several projects, the one this job reports: its object access stops at
   * `reports/<projectId>/` plus the shared front door, public keys and cross-project summary
   * record ({@link projectObjectPatterns}). @default - the whole `reports/` prefix
   */
  readonly projectScope?: {
    readonly projectId: string;
    readonly bucketObjectsArn: (pattern: string) => string;
  };
}

/** The shared keys a project's job of several writes outside its own folder (see `projectScope`). */
export const SHARED_REPORT_KEYS = ['index.html', 'keys/*', 'all-projects/*'] as const;

/** The object patterns (under `reports/`) a project's job of several may read and write. */
export const projectObjectPatterns = (projectId: string): string[] => [
  `${projectId}/*`,
  ...SHARED_REPORT_KEYS,
];

/**
 * Everything the job may do, written out instead of `grant*` so each statement is exactly one
 * action set on exactly its resources (`grantReadWrite` would add deletes and the whole bucket).
 */
export function grantLeastPrivilege(role: IRole, r: ReportFunctionResources): void {
  const allow = (sid: string, actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
    role.addToPrincipalPolicy(new PolicyStatement({ sid, actions, resources, conditions }));

  // Log streams are named by Lambda at runtime, so the group's `:*` stream wildcard is unavoidable.
  allow('WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], [r.logGroupArn]);
  // PutObject covers the conditional writes (If-None-Match, If-Match) that claim a period's lock
  // and its email; a released lock is overwritten, never deleted, so no s3:DeleteObject.
  if (r.projectScope) grantProjectObjects(allow, r, r.projectScope);
  else {
    allow('ReadWriteReports', ['s3:GetObject', 's3:PutObject'], [r.reportObjectsArn]);
    allow('ListReports', ['s3:ListBucket'], [r.bucketArn], {
      StringLike: { 's3:prefix': [`${r.reportsPrefix}*`] },
    });
  }
  // S3 calls KMS on the job's behalf (SSE-KMS objects), Secrets Manager likewise for the secret.
  allow(
    'UseKeyThroughS3AndSecretsManager',
    ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
    [r.keyArn],
    {
      StringEquals: {
        'kms:ViaService': [`s3.${r.region}.amazonaws.com`, `secretsmanager.${r.region}.amazonaws.com`],
      },
    },
  );
  allow('ReadDescopeSecret', ['secretsmanager:GetSecretValue'], [r.secretArn]);
  // The identities include sandbox recipients; the From address is always the configured sender.
  allow('SendSummary', ['ses:SendEmail'], [...r.sendEmailArns], {
    StringEquals: { 'ses:FromAddress': r.sender },
  });
  // A long collection hands over to a fresh invocation of itself.
  allow('ContinueRun', ['lambda:InvokeFunction'], [r.ownFunctionArn]);
  // Lambda's on-failure destination sends with the function's role.
  allow('SendToFailedRunQueue', ['sqs:SendMessage'], [r.failedRunQueueArn]);
}

type Allow = (
  sid: string,
  actions: string[],
  resources: string[],
  conditions?: Record<string, unknown>,
) => void;

/**
 * One project's job of several: its own folder, the public keys, the all-projects page and the
 * cross-project summary's delivery record; the other projects' `index.json` read-only (the
 * all-projects page is built from them); listing only inside its folder, and the project folders
 * themselves one level deep (a delimiter, so no other project's keys are listed).
 */
function grantProjectObjects(
  allow: Allow,
  r: ReportFunctionResources,
  scope: NonNullable<ReportFunctionResources['projectScope']>,
): void {
  const objects = (pattern: string) => scope.bucketObjectsArn(`${r.reportsPrefix}${pattern}`);
  allow(
    'ReadWriteOwnReports',
    ['s3:GetObject', 's3:PutObject'],
    projectObjectPatterns(scope.projectId).map(objects),
  );
  allow('ReadProjectStates', ['s3:GetObject'], [objects('*/index.json')]);
  allow('ListOwnReports', ['s3:ListBucket'], [r.bucketArn], {
    StringLike: { 's3:prefix': [`${r.reportsPrefix}${scope.projectId}/*`] },
  });
  allow('ListProjects', ['s3:ListBucket'], [r.bucketArn], {
    StringEquals: { 's3:prefix': r.reportsPrefix, 's3:delimiter': '/' },
  });
}
