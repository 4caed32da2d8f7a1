import { emailAddress, list } from './context-values.js';
import { p256PublicKeyPem, principalArn } from './setting-types.js';

/**
 * Deploy settings naming the people and principals around the evidence: who is alarmed, who
 * audits, who reviews and signs attestations. Each `.meta()` is its entry in the configuration
 * reference.
 */
export const principalSettings = {
  alarmEmail: emailAddress().optional().meta({
    description: 'Email subscribed to the alarm topic (confirm the subscription mail).',
    unset: 'no subscription; subscribe to the AlarmTopicArn output yourself',
  }),
  auditorPrincipalArns: list(principalArn(), 'must be a list of IAM principal ARNs').optional().meta({
    description: 'Principals allowed to assume the read-only auditor role.',
    unset: 'no role; attach the AuditorPolicyArn output to your own principals',
  }),
  reviewerPrincipalArns: list(principalArn(), 'must be a list of IAM principal ARNs').optional().meta({
    description:
      'Principals allowed to assume the reviewer role, which signs access-review attestations with the stack’s attestation KMS key (separate from the manifest key: reviewers cannot sign manifests) and stores them (`npm run attest` with `ATTESTATION_SIGNING_KEY_ARN`).',
    unset:
      'no reviewer role; no attestation key either unless `accessReviewCampaigns` is set. Reviewers may still sign with keys listed in attestationPublicKeys',
  }),
  attestationPublicKeys: list(p256PublicKeyPem(), 'must be a list of PEM public keys').optional().meta({
    description:
      "Reviewers' own ECDSA P-256 public keys (PEM, as a JSON list) whose attestations count as signed (`npm run attest` with `ATTESTATION_SIGNING_KEY_FILE`); the function is told their fingerprints (`REPORT_ATTESTATION_KEY_FINGERPRINTS`).",
    unset: 'none',
  }),
};
