import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from './support/synth.js';

/** Every optional construct switched on, so every acknowledgement is exercised. */
const EVERYTHING = {
  senderDomain: 'example.com',
  sesSandbox: true,
  recipients: ['auditor@example.org'],
  alarmEmail: 'oncall@example.com',
  auditorPrincipalArns: ['arn:aws:iam::111122223333:role/ExternalAuditor'],
  descopeBaseUrl: 'https://api.euc1.descope.com',
  reviewerPrincipalArns: ['arn:aws:iam::111122223333:role/AccessReviewer'],
  accessReviewCampaigns: {
    reviewers: { fallback: ['lead@corp.example'] },
    secondLevel: ['ciso@corp.example'],
  },
};

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['defaults', {}],
    ['every option', EVERYTHING],
  ])(
    'finds nothing unacknowledged (%s): synth passes and the pack reports no violation at all',
    (_name, settings) => {
      const { app } = buildApp(settings, { cloudFormationValidation: true });
      // The plugin runs inside synth and throws on error-level findings…
      const assembly = app.synth();
      // …warnings would only be printed, so the report (cdk-nag and the CloudFormation schema
      // checks alike) must be empty…
      const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
      expect(report.pluginReports).toEqual([]);
      // …and the same pack run directly over the tree agrees.
      expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
    },
  );

  it('is wired into the app: a non-compliant resource fails the synth', () => {
    const { app, stack } = buildApp();
    new Bucket(stack, 'Unlogged');
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });

  it('acknowledges only these findings, each with a specific reason', () => {
    const { app } = buildApp(EVERYTHING);
    const acknowledged: Record<string, string> = {};
    for (const construct of app.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          acknowledged[`${construct.node.path} ${id.replace(/^Annotation::/, '')}`] = reason;
        }
      }
    }
    expect(Object.keys(acknowledged).sort()).toEqual(
      [
        'DescopeAuditReport/AuditorAccess/Policy AwsSolutions-IAM5[Resource::<EvidenceBucketC67FF768.Arn>/reports/*]',
        'DescopeAuditReport/AttestationSigningKey/ReviewerRole AwsSolutions-IAM5[Resource::<EvidenceBucketC67FF768.Arn>/reports/*]',
        'DescopeAuditReport/AttestationSigningKey/ReviewerRole AwsSolutions-IAM5[Resource::<EvidenceBucketC67FF768.Arn>/reports/*/access/attestation.json]',
        'DescopeAuditReport/AttestationSigningKey/ReviewerRole AwsSolutions-IAM5[Resource::<EvidenceBucketC67FF768.Arn>/reports/*/access/attestation.sig]',
        'DescopeAuditReport/AttestationSigningKey/ReviewerRole AwsSolutions-IAM5[Resource::<EvidenceBucketC67FF768.Arn>/reports/keys/*]',
        'DescopeAuditReport/DescopeSecret/Secret AwsSolutions-SMG4',
        'DescopeAuditReport/Evidence/AccessLogs AwsSolutions-S1',
        'DescopeAuditReport/FailedRuns/Queue AwsSolutions-SQS3',
        'DescopeAuditReport/ReportFunction/Function AwsSolutions-L1',
        'DescopeAuditReport/ReportFunction/Role AwsSolutions-IAM5[Resource::<EvidenceBucketC67FF768.Arn>/reports/*]',
        'DescopeAuditReport/Schedule/Role AwsSolutions-IAM5[Resource::<ReportFunction3689C033.Arn>:*]',
        // Campaigns: decision records under access/campaigns/ only; the review page and its API.
        'DescopeAuditReport/AttestationSigningKey/ReviewerRole AwsSolutions-IAM5[Resource::<EvidenceBucketC67FF768.Arn>/access/campaigns/*]',
        'DescopeAuditReport/ReportFunction/Role AwsSolutions-IAM5[Resource::<EvidenceBucketC67FF768.Arn>/access/campaigns/*]',
        'DescopeAuditReport/ReviewPage/Role AwsSolutions-IAM5[Resource::<EvidenceBucketC67FF768.Arn>/access/campaigns/*]',
        'DescopeAuditReport/ReviewPage/CsrfSecret AwsSolutions-SMG4',
        'DescopeAuditReport/ReviewPage/Function AwsSolutions-L1',
        'DescopeAuditReport/ReviewPageApi/Api AwsSolutions-APIG2',
        'DescopeAuditReport/ReviewPageApi/Api AwsSolutions-APIG6',
        'DescopeAuditReport/ReviewPageApi/Api/Default/ANY AwsSolutions-APIG4',
        'DescopeAuditReport/ReviewPageApi/Api/Default/ANY AwsSolutions-COG4',
        'DescopeAuditReport/ReviewPageApi/Api/Default/{proxy+}/ANY AwsSolutions-APIG4',
        'DescopeAuditReport/ReviewPageApi/Api/Default/{proxy+}/ANY AwsSolutions-COG4',
      ].sort(),
    );
    for (const reason of Object.values(acknowledged)) expect(reason.length).toBeGreaterThan(60);
    const smg4 = acknowledged['DescopeAuditReport/DescopeSecret/Secret AwsSolutions-SMG4'];
    expect(smg4).toMatch(/Descope console/);
    expect(smg4).toMatch(/put-secret-value/);
  });
});
