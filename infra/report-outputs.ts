import { Aws, CfnOutput, Fn, type Stack } from 'aws-cdk-lib';
import { REPORTS_PREFIX } from '../functions/core/report/report-prefix.js';

/** What operators and auditors need after a deploy. */
export interface ReportOutputValues {
  readonly bucketName: string;
  readonly functionName: string;
  readonly secretArn: string;
  readonly auditorPolicyArn: string;
  readonly auditorRoleArn?: string;
  readonly alarmTopicArn: string;
  /** The KMS key that signs report manifests. */
  readonly signingKeyArn: string;
  /** The KMS key reviewers sign attestations with, and the role they assume; absent without reviewers. */
  readonly attestationKeyArn?: string;
  readonly reviewerRoleArn?: string;
  /** The access review page's URL; absent without campaigns. */
  readonly reviewPageUrl?: string;
  /** Easy DKIM CNAME records to publish when a whole sender domain is verified. */
  readonly dkimRecords?: readonly { readonly name: string; readonly value: string }[];
}

/** A sample manual run: a synchronous invoke of up to 15 minutes, so no CLI read timeout. */
export const manualRunCommand = (functionName: string, region: string): string =>
  `aws lambda invoke --region ${region} --function-name ${functionName} --cli-binary-format raw-in-base64-out --cli-read-timeout 0 --payload '{"week":"2026-W47","resend":false}' out.json`;

/**
 * Exports the signing key's public half as PEM: KMS answers the SubjectPublicKeyInfo in DER
 * (base64), which openssl turns into PEM. Built with Fn.join, as the ARN is a token.
 */
export const manifestPublicKeyCommand = (keyArn: string, file = 'manifest-signing-key.pem'): string =>
  Fn.join('', [
    'aws kms get-public-key --key-id ',
    keyArn,
    ` --query PublicKey --output text | base64 -d | openssl pkey -pubin -inform DER -out ${file}`,
  ]);

/** Stack outputs; values only, never the secret itself. */
export function addReportOutputs(stack: Stack, v: ReportOutputValues): void {
  const output = (id: string, value: string, description: string) =>
    new CfnOutput(stack, id, { value, description });

  output('EvidenceBucketName', v.bucketName, 'Bucket holding the reports (Object Lock)');
  output('ReportsS3Uri', `s3://${v.bucketName}/${REPORTS_PREFIX}`, 'Where the reports are');
  output(
    'ReportsConsoleUrl',
    Fn.join('', [
      `https://${Aws.REGION}.console.aws.amazon.com/s3/buckets/`,
      v.bucketName,
      `?region=${Aws.REGION}&prefix=${REPORTS_PREFIX}`,
    ]),
    'The reports in the S3 console (auditors can list only this prefix, so start here)',
  );
  output('AuditorPolicyArn', v.auditorPolicyArn, 'Managed policy: read-only access to the reports');
  if (v.auditorRoleArn)
    output('AuditorRoleArn', v.auditorRoleArn, 'Role auditors assume for read-only access');
  output(
    'DescopeSecretArn',
    v.secretArn,
    'Put {"managementKey":"..."} here with aws secretsmanager put-secret-value',
  );
  output('ReportFunctionName', v.functionName, 'The report job');
  output(
    'ManifestSigningKeyArn',
    v.signingKeyArn,
    'KMS key signing report manifests; export its public key with the ManifestPublicKeyCommand output',
  );
  output(
    'ManifestPublicKeyCommand',
    manifestPublicKeyCommand(v.signingKeyArn),
    'Writes the manifest signing public key (PEM) to manifest-signing-key.pem, for npm run verify',
  );
  if (v.attestationKeyArn && v.reviewerRoleArn) {
    output('ReviewerRoleArn', v.reviewerRoleArn, 'Role reviewers assume to sign and store attestations');
    output(
      'AttestationSigningKeyArn',
      v.attestationKeyArn,
      'KMS key reviewers sign attestations with: npm run attest with ATTESTATION_SIGNING_KEY_ARN',
    );
    output(
      'AttestationPublicKeyCommand',
      manifestPublicKeyCommand(v.attestationKeyArn, 'attestation-key.pem'),
      'Writes the attestation public key (PEM) to attestation-key.pem, for npm run verify --attestation-key',
    );
  }
  if (v.attestationKeyArn && !v.reviewerRoleArn)
    output(
      'AttestationPublicKeyCommand',
      manifestPublicKeyCommand(v.attestationKeyArn, 'attestation-key.pem'),
      'Writes the attestation public key (PEM) to attestation-key.pem, for npm run verify -- --campaign',
    );
  if (v.reviewPageUrl)
    output(
      'ReviewPageUrl',
      v.reviewPageUrl,
      'The access review page; allow <url>callback as a redirect URL in the Descope project',
    );
  output('AlarmTopicArn', v.alarmTopicArn, 'SNS topic of the alarms');
  v.dkimRecords?.forEach((record, index) => {
    const value = Fn.join(' ', [record.name, 'CNAME', record.value]);
    output(`SenderDkimRecord${index + 1}`, value, 'Publish in DNS to verify the sender domain (Easy DKIM)');
  });
  output(
    'ManualRunCommand',
    manualRunCommand(v.functionName, Aws.REGION),
    'Run (or re-run) one ISO week by hand',
  );
}
