import { Aws, CfnOutput, Fn, type Stack } from 'aws-cdk-lib';
import { REPORTS_PREFIX } from '../functions/core/report/report-prefix.js';

/** What operators and auditors need after a deploy. */
export interface ReportOutputValues {
  readonly bucketName: string;
  /**
   * Each Descope project's function, secret and signing key. A project without a `name` (the
   * single-project form) gets the plain outputs; a named one gets them prefixed with its name.
   */
  readonly projects: ReadonlyArray<{
    readonly name?: string;
    readonly functionName: string;
    readonly secretArn: string;
    readonly signingKeyArn: string;
  }>;
  readonly auditorPolicyArn: string;
  readonly auditorRoleArn?: string;
  readonly alarmTopicArn: string;
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
  for (const project of v.projects) addProjectOutputs(stack, project);
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
}

/** `eu-prod` → `EuProd`, for output IDs. */
const pascal = (name: string) =>
  name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/** One project's outputs: its secret, function, signing key and a manual run; prefixed when named. */
function addProjectOutputs(stack: Stack, p: ReportOutputValues['projects'][number]): void {
  const id = (base: string) => (p.name ? `${pascal(p.name)}${base}` : base);
  const of = p.name ? ` of project ${p.name}` : '';
  const output = (base: string, value: string, description: string) =>
    new CfnOutput(stack, id(base), { value, description });
  output(
    'DescopeSecretArn',
    p.secretArn,
    `Put {"managementKey":"..."}${of} here with aws secretsmanager put-secret-value`,
  );
  output('ReportFunctionName', p.functionName, `The report job${of}`);
  output(
    'ManifestSigningKeyArn',
    p.signingKeyArn,
    `KMS key signing report manifests${of}; export its public key with the ${id('ManifestPublicKeyCommand')} output`,
  );
  output(
    'ManifestPublicKeyCommand',
    manifestPublicKeyCommand(p.signingKeyArn, p.name ? `manifest-signing-key-${p.name}.pem` : undefined),
    `Writes the manifest signing public key${of} (PEM) to ${p.name ? `manifest-signing-key-${p.name}.pem` : 'manifest-signing-key.pem'}, for npm run verify`,
  );
  output(
    'ManualRunCommand',
    manualRunCommand(p.functionName, Aws.REGION),
    `Run (or re-run) one ISO week by hand${of}`,
  );
}
