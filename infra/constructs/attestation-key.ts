import { Duration, Lazy, RemovalPolicy } from 'aws-cdk-lib';
import { AnyPrincipal, ArnPrincipal, Effect, type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Properties of {@link AttestationKey}. */
export interface AttestationKeyProps {
  /** Alias name without the `alias/` prefix. */
  readonly aliasName: string;
  /**
   * Principals besides the granted roles that may sign (operators running `npm run attest`).
   * @default none
   */
  readonly signerArns?: readonly string[];
}

/**
 * The asymmetric KMS key (`ECC_NIST_P256`, `SIGN_VERIFY`) that signs reviewers' decisions: a key
 * of its own, apart from the manifest-signing key, so whoever may attest cannot sign reports. The
 * key policy denies `kms:Sign` to every principal not granted here (so no IAM policy elsewhere
 * in the account can add a signer) and to raw messages; anyone with `kms:GetPublicKey` can read
 * the public half to verify. Retained: decisions outlive the stack. Shared by every attestation
 * (campaign decisions now, snapshot sign-offs when they move to KMS): grant each signer once.
 */
export class AttestationKey extends Construct {
  readonly key: Key;
  private readonly signers: string[] = [];

  constructor(scope: Construct, id: string, props: AttestationKeyProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      alias: `alias/${props.aliasName}`,
      description: 'Descope audit reporter: signs access review decisions (ECDSA P-256 over SHA-256)',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'OnlyGrantedPrincipalsSign',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['kms:Sign'],
        resources: ['*'],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': Lazy.list({ produce: () => this.signers }) } },
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
    const operators = props.signerArns ?? [];
    if (operators.length > 0) {
      this.key.addToResourcePolicy(
        new PolicyStatement({
          sid: 'OperatorsSignDigests',
          principals: operators.map((arn) => new ArnPrincipal(arn)),
          actions: ['kms:Sign', 'kms:GetPublicKey'],
          resources: ['*'],
          conditions: {
            StringEquals: { 'kms:MessageType': 'DIGEST', 'kms:SigningAlgorithm': 'ECDSA_SHA_256' },
          },
        }),
      );
      this.signers.push(...operators);
    }
  }

  /** Lets `role` sign SHA-256 digests with the key and read its public half. */
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

  /** Lets `role` read the public half (to check decisions), never sign. */
  grantReadPublicKey(role: IRole): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadAttestationPublicKey',
        actions: ['kms:GetPublicKey'],
        resources: [this.key.keyArn],
      }),
    );
  }
}
