import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Properties of {@link ManifestSigningKey}. */
export interface ManifestSigningKeyProps {
  /** Alias name without the `alias/` prefix. */
  readonly aliasName: string;
}

/**
 * The asymmetric KMS key (`ECC_NIST_P256`, `SIGN_VERIFY`) that signs report manifests. The private
 * half never leaves KMS; the public half is published next to the reports and can be exported at
 * any time with `aws kms get-public-key`. Asymmetric keys cannot rotate automatically: rotating means
 * a new key (a new fingerprint), and verifiers keep the old public key for the old reports.
 * Retained: the signatures outlive the stack, and the public key stays readable while the key exists.
 */
export class ManifestSigningKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: ManifestSigningKeyProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      alias: `alias/${props.aliasName}`,
      description: 'Descope audit reporter: signs report manifests (ECDSA P-256 over SHA-256)',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * Lets `role` sign SHA-256 digests (`kms:Sign` with `MessageType` DIGEST, ECDSA_SHA_256) and read
   * the public key, and denies `kms:Sign` to every other principal and to raw messages in the key
   * policy itself, so no IAM policy elsewhere in the account can grant signing.
   */
  grantSignDigest(role: IRole): void {
    const keyArn = this.key.keyArn;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'SignManifestDigests',
        actions: ['kms:Sign'],
        resources: [keyArn],
        conditions: {
          StringEquals: { 'kms:MessageType': 'DIGEST', 'kms:SigningAlgorithm': 'ECDSA_SHA_256' },
        },
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadManifestSigningPublicKey',
        actions: ['kms:GetPublicKey'],
        resources: [keyArn],
      }),
    );
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'OnlyTheReportFunctionSigns',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['kms:Sign'],
        resources: ['*'],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': role.roleArn } },
      }),
    );
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'SignDigestsOnly',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['kms:Sign'],
        resources: ['*'],
        conditions: { StringNotEquals: { 'kms:MessageType': 'DIGEST' } },
      }),
    );
  }
}
