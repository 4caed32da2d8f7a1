import { z } from 'zod';
import { days } from './environment-values.js';

/** The bucket's Object Lock, as the stack configures it: the integrity controls rest on it. */
export const objectLockVariables = {
  REPORT_OBJECT_LOCK_MODE: z.enum(['GOVERNANCE', 'COMPLIANCE']).optional().meta({
    description:
      "The bucket's S3 Object Lock mode, as the stack configures it: the integrity controls (object-lock, retention) rest on it. Set by the stack.",
    unset: 'no Object Lock is stated: those controls read "not evidenced"',
  }),
  REPORT_RETENTION_DAYS: days.optional().meta({
    description:
      "Days of the bucket's default Object Lock retention (with `REPORT_OBJECT_LOCK_MODE`). Set by the stack.",
    unset: 'no retention is stated',
  }),
};

/** Where sealed reports are anchored in Descope's own audit trail. */
export const anchorVariables = {
  REPORT_ANCHOR_TENANT_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a Descope tenant ID')
    .optional()
    .meta({
      description:
        "Descope tenant the `ComplianceReportSealed` anchor events are filed under (Descope's create-event call requires one).",
      unset: "reports are not anchored in Descope's audit trail",
    }),
};

/** The Lambda's KMS keys and reviewer key fingerprints; set by the stack. */
export const signingKeyVariables = {
  REPORT_SIGNING_KEY_ARN: z.string().trim().startsWith('arn:', 'must be a KMS key ARN').optional().meta({
    description: 'KMS key (`ECC_NIST_P256`, `SIGN_VERIFY`) that signs the manifests; set by the stack.',
    unset: 'manifests are unsigned',
  }),
  REPORT_ATTESTATION_KEY_ARN: z.string().trim().startsWith('arn:', 'must be a KMS key ARN').optional().meta({
    description:
      'The attestation KMS key: reviewers sign their sign-offs with it (deploy config `reviewerPrincipalArns`) and the review page signs campaign decisions with it (`accessReviewCampaigns`); the job reads its public key to check both. Set by the stack.',
    unset: 'no reviewer KMS key',
  }),
  REPORT_ATTESTATION_KEY_FINGERPRINTS: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{64}(,[0-9a-f]{64})*$/, 'must be comma-separated SHA-256 key fingerprints')
    .optional()
    .meta({
      description:
        "Fingerprints of the reviewers' own public keys (deploy config `attestationPublicKeys`), comma-separated; each key is published as `reports/keys/<fingerprint>.pem` when it first signs. Set by the stack.",
      unset: 'no reviewer keys of their own',
    }),
};

/** The CLI's signing keys: PEM files, or the stack's attestation KMS key for `attest`. */
export const signingFileVariables = {
  REPORT_SIGNING_KEY_FILE: z.string().trim().min(1, 'must name a PEM file').optional().meta({
    description:
      'PKCS#8 PEM file holding the P-256 private key that signs the manifests (never attestations).',
    unset: 'manifests are unsigned',
  }),
  ATTESTATION_SIGNING_KEY_FILE: z.string().trim().min(1, 'must name a PEM file').optional().meta({
    description:
      "`npm run attest`: the reviewer's own PKCS#8 PEM P-256 private key (its public key listed in the deploy config's `attestationPublicKeys`). With campaigns on the command line (`npm run attest -- --campaign`, `npm run review`, a local report run) it stands in for the attestation KMS key: decisions are signed with it and the run checks them with its public half.",
    unset: 'unsigned, unless `ATTESTATION_SIGNING_KEY_ARN` is set',
  }),
  ATTESTATION_SIGNING_KEY_ARN: z
    .string()
    .trim()
    .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/, 'must be a KMS key or alias ARN')
    .optional()
    .meta({
      description:
        '`npm run attest`: the stack’s attestation KMS key (output `AttestationSigningKeyArn`), used with the reviewer role’s credentials.',
      unset: 'unsigned, unless `ATTESTATION_SIGNING_KEY_FILE` is set',
    }),
};
