import { Duration, Lazy, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AnyPrincipal,
  ArnPrincipal,
  CompositePrincipal,
  Effect,
  type IRole,
  PolicyStatement,
  Role,
} from 'aws-cdk-lib/aws-iam';
import { type IKey, Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ACCESS_FILES } from '../../functions/core/access/access-controls.js';
import { REPORTS_PREFIX } from '../../functions/core/report/report-prefix.js';
import { nagReference } from './nag-reference.js';

/** Properties of {@link AttestationSigningKey}. */
export interface AttestationSigningKeyProps {
  /** Alias name without the `alias/` prefix. */
  readonly aliasName: string;
  /** The evidence bucket: reviewers read snapshots there and store their sign-offs. */
  readonly bucket: IBucket;
  /** The bucket's key; usable through S3 only. */
  readonly encryptionKey: IKey;
  /**
   * Principals (role, user or account-root ARNs) allowed to assume the reviewer role.
   * @default none: no reviewer role (the key exists for the review page alone)
   */
  readonly reviewerPrincipalArns?: readonly string[];
}

/**
 * The reviewers' own signing key: an asymmetric KMS key (`ECC_NIST_P256`, `SIGN_VERIFY`) separate
 * from the manifest-signing key, and the reviewer role that may sign digests with it (`npm run
 * attest` with `ATTESTATION_SIGNING_KEY_ARN`), read the reports and store `access/attestation.*`. The
 * key policy denies signing to every other principal (the report function included), so a
 * reviewer can sign sign-offs but never manifests, and the job never signs a sign-off. The access
 * review page is the one other signer ({@link AttestationSigningKey.grantSignDigest}): it signs
 * campaign decisions for the reviewers it authenticated, who hold no key themselves.
 */
export class AttestationSigningKey extends Construct {
  readonly key: Key;
  readonly reviewerRole?: Role;
  /** Role ARNs the key policy lets sign (every other principal is denied `kms:Sign`). */
  private readonly signers: string[] = [];

  constructor(scope: Construct, id: string, props: AttestationSigningKeyProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      alias: `alias/${props.aliasName}`,
      description: "Descope audit reporter: signs reviewers' access-review attestations (ECDSA P-256)",
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const reviewers = props.reviewerPrincipalArns ?? [];
    if (reviewers.length > 0) {
      this.reviewerRole = new Role(this, 'ReviewerRole', {
        description: 'Reviewers: sign access-review attestations and store them beside the reports',
        assumedBy: new CompositePrincipal(...reviewers.map((arn) => new ArnPrincipal(arn))),
        maxSessionDuration: Duration.hours(1),
      });
      this.grantReviewer(this.reviewerRole, props);
      this.signers.push(this.reviewerRole.roleArn);
    }
    // One signer renders as a plain ARN, several as a list (the condition matches any of them).
    const signers = Lazy.any({ produce: () => (this.signers.length === 1 ? this.signers[0] : this.signers) });
    for (const statement of [
      {
        sid: 'OnlyReviewersSignAttestations',
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': signers } },
      },
      { sid: 'SignAttestationDigestsOnly', conditions: { StringNotEquals: { 'kms:MessageType': 'DIGEST' } } },
    ]) {
      this.key.addToResourcePolicy(
        new PolicyStatement({
          ...statement,
          effect: Effect.DENY,
          principals: [new AnyPrincipal()],
          actions: ['kms:Sign'],
          resources: ['*'],
        }),
      );
    }
  }

  /** Lets `role` (the report function) read the public key, to check sign-offs it reads back. */
  grantReadPublicKey(role: IRole): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadAttestationPublicKey',
        actions: ['kms:GetPublicKey'],
        resources: [this.key.keyArn],
      }),
    );
  }

  /**
   * Lets `role` (the review page) sign SHA-256 digests with the key and read its public half; the
   * key policy admits it beside the reviewer role.
   */
  grantSignDigest(role: IRole): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'SignDecisionDigests',
        actions: ['kms:Sign'],
        resources: [this.key.keyArn],
        conditions: {
          StringEquals: { 'kms:MessageType': 'DIGEST', 'kms:SigningAlgorithm': 'ECDSA_SHA_256' },
        },
      }),
    );
    this.grantReadPublicKey(role);
    this.signers.push(role.roleArn);
  }

  private grantReviewer(reviewerRole: Role, props: AttestationSigningKeyProps): void {
    const allow = (
      sid: string,
      actions: string[],
      resources: string[],
      conditions?: Record<string, unknown>,
    ) => reviewerRole.addToPolicy(new PolicyStatement({ sid, actions, resources, conditions }));
    const { bucket } = props;
    allow('SignAttestationDigests', ['kms:Sign'], [this.key.keyArn], {
      StringEquals: { 'kms:MessageType': 'DIGEST', 'kms:SigningAlgorithm': 'ECDSA_SHA_256' },
    });
    allow('ReadAttestationPublicKey', ['kms:GetPublicKey'], [this.key.keyArn]);
    allow('ReadReports', ['s3:GetObject'], [bucket.arnForObjects(`${REPORTS_PREFIX}*`)]);
    allow('ListReports', ['s3:ListBucket'], [bucket.bucketArn], {
      StringLike: { 's3:prefix': [`${REPORTS_PREFIX}*`] },
    });
    // Only the sign-off and its signature, beside any report (the bucket policy adds If-Match), and
    // the key's public half under reports/keys/ (created once).
    const files = [ACCESS_FILES.attestation, ACCESS_FILES.attestationSignature].map(
      (f) => `${REPORTS_PREFIX}*/${f}`,
    );
    const attestations = [...files, `${REPORTS_PREFIX}keys/*`].map((pattern) =>
      bucket.arnForObjects(pattern),
    );
    allow('StoreAttestations', ['s3:PutObject'], attestations);
    allow('UseBucketKeyThroughS3', ['kms:Decrypt', 'kms:GenerateDataKey'], [props.encryptionKey.keyArn], {
      StringEquals: { 'kms:ViaService': `s3.${bucket.stack.region}.amazonaws.com` },
    });
    const reference = nagReference(bucket);
    Validations.of(reviewerRole).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::${reference}/${REPORTS_PREFIX}*]`,
        reason:
          'Reviewers read the access snapshot of any stored report under reports/; report keys are created weekly, so they cannot be listed in advance.',
      },
      ...files.map((pattern) => ({
        id: `AwsSolutions-IAM5[Resource::${reference}/${pattern}]`,
        reason:
          'A reviewer signs off the access review of any stored period or tenant; the wildcard spans the period and tenant folders, and the object name is fixed.',
      })),
      {
        id: `AwsSolutions-IAM5[Resource::${reference}/${REPORTS_PREFIX}keys/*]`,
        reason:
          "The attestation key's public half is published as reports/keys/<fingerprint>.pem; the fingerprint is known only once KMS created the key.",
      },
    );
  }
}
