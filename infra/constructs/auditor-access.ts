import { Duration, Validations } from 'aws-cdk-lib';
import { ArnPrincipal, CompositePrincipal, ManagedPolicy, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { REPORTS_PREFIX } from '../../functions/core/report/report-prefix.js';
import { nagReference } from './nag-reference.js';

/** Properties of {@link AuditorAccess}. */
export interface AuditorAccessProps {
  /** The evidence bucket; access stops at its `reports/` prefix. */
  readonly bucket: IBucket;
  /** The bucket's key; usable for decryption through S3 only. */
  readonly encryptionKey: IKey;
  /**
   * Principals (role, user or account-root ARNs) allowed to assume the auditor role.
   * @default - no role is created; attach the policy to your own principals
   */
  readonly principalArns?: readonly string[];
}

/**
 * Read-only access to the reports and nothing else: get and list (every version) under `reports/`,
 * locate the bucket, and decrypt through S3. Offered as a managed policy to attach to existing
 * principals, and optionally as a role named principals can assume.
 */
export class AuditorAccess extends Construct {
  readonly policy: ManagedPolicy;
  readonly role?: Role;

  constructor(scope: Construct, id: string, props: AuditorAccessProps) {
    super(scope, id);
    const { bucket } = props;
    const reportObjects = bucket.arnForObjects(`${REPORTS_PREFIX}*`);

    this.policy = new ManagedPolicy(this, 'Policy', {
      description: 'Read-only access to the Descope audit reports (evidence bucket, reports/ prefix)',
      statements: [
        new PolicyStatement({
          sid: 'ReadReports',
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: [reportObjects],
        }),
        new PolicyStatement({
          sid: 'ListReports',
          // Versions too: an overwritten report (or lock, or delivery record) stays visible.
          actions: ['s3:ListBucket', 's3:ListBucketVersions'],
          resources: [bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${REPORTS_PREFIX}*`] } },
        }),
        new PolicyStatement({
          sid: 'LocateBucket',
          actions: ['s3:GetBucketLocation'],
          resources: [bucket.bucketArn],
        }),
        new PolicyStatement({
          sid: 'DecryptReportsThroughS3',
          actions: ['kms:Decrypt'],
          resources: [props.encryptionKey.keyArn],
          // The key also protects the Descope secret: auditors may only use it for S3 reads.
          conditions: { StringEquals: { 'kms:ViaService': `s3.${bucket.stack.region}.amazonaws.com` } },
        }),
      ],
    });
    Validations.of(this.policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagReference(bucket)}/${REPORTS_PREFIX}*]`,
      reason:
        'Auditors read every report under reports/; report keys are created weekly, so they cannot be listed in advance.',
    });

    if (props.principalArns && props.principalArns.length > 0) {
      this.role = new Role(this, 'Role', {
        description: 'Auditors: read-only access to the Descope audit reports',
        assumedBy: new CompositePrincipal(...props.principalArns.map((arn) => new ArnPrincipal(arn))),
        managedPolicies: [this.policy],
        maxSessionDuration: Duration.hours(1),
      });
    }
  }
}
