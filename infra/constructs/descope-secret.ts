import { Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** Properties of {@link DescopeSecret}. */
export interface DescopeSecretProps {
  /** Secret name, e.g. `DescopeAuditReport/descope-management-key`. */
  readonly secretName: string;
  /** Key that encrypts the secret value. */
  readonly encryptionKey: IKey;
}

/**
 * Holds `{"managementKey":"…"}`, the Descope management key the function reads at runtime.
 *
 * The template never carries the key: CloudFormation creates the secret with `managementKey`
 * empty (plus a random `placeholder`, because CloudFormation can only create a JSON secret by
 * generating a field), so until someone runs
 * `aws secretsmanager put-secret-value --secret-id <DescopeSecretArn> --secret-string '{"managementKey":"…"}'`
 * a run stops at the empty `managementKey` (the function validates the secret JSON) instead of
 * calling Descope with a bogus key.
 *
 * Rotation is manual: Descope management keys are created and revoked in the Descope console
 * (Company settings › Management keys), which Secrets Manager cannot drive. Create the new key,
 * put it with the command above, then revoke the old one. The function caches the secret per cold
 * start for a few minutes only, so the next run uses the new key without a deploy.
 */
export class DescopeSecret extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string, props: DescopeSecretProps) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      secretName: props.secretName,
      description: 'Descope management key of the audit reporter, JSON {"managementKey":"..."}; set by hand',
      encryptionKey: props.encryptionKey,
      // Generated once at creation only; changing these fields would replace the secret and lose
      // the key someone put, so leave them alone.
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ managementKey: '' }),
        generateStringKey: 'placeholder',
        excludePunctuation: true,
      },
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Descope management keys can only be issued and revoked in the Descope console, so rotation is a manual runbook: create the key in Descope, put-secret-value, revoke the old key; the function picks it up on its next cold start.',
    });
  }
}
