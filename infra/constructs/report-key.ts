import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Properties of {@link ReportKey}. */
export interface ReportKeyProps {
  /**
   * Alias name without the `alias/` prefix.
   */
  readonly aliasName: string;
}

/**
 * The stack's customer-managed KMS key: evidence bucket, Descope secret, alarm topic and function
 * logs. One key keeps the audit story simple (one key policy, one CloudTrail trail of decrypts);
 * callers narrow its use with `kms:ViaService`. Retained with the bucket: the evidence outlives
 * the stack and is unreadable without it.
 */
export class ReportKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: ReportKeyProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      alias: `alias/${props.aliasName}`,
      description: 'Descope audit reporter: evidence, secret, alarms and logs',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts the function's log group itself, so its service principal needs the
    // key, limited to log groups of this account and region (AWS's documented condition).
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchLogs',
        principals: [new ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
          },
        },
      }),
    );
  }
}
