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
}

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
  allow('ReadWriteReports', ['s3:GetObject', 's3:PutObject'], [r.reportObjectsArn]);
  allow('ListReports', ['s3:ListBucket'], [r.bucketArn], {
    StringLike: { 's3:prefix': [`${r.reportsPrefix}*`] },
  });
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
