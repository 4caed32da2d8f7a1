import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogTextSha256 } from '../../functions/weekly-report/wiring/check-catalog-sql.js';
import { defineCheckedApp } from '../../infra/define-app.js';
import { testTempDir } from '../support/test-temp.js';
import {
  BASE_SETTINGS,
  buildApp,
  idAt,
  join$,
  onlyResource,
  ref,
  type Synthesized,
  synth,
} from './support/synth.js';

describe('stack outputs', () => {
  let s: Synthesized;
  const value = (name: string) => s.template.findOutputs(name)[name]?.Value;

  beforeAll(() => {
    s = synth();
  });

  it('tells operators and auditors where everything is, and the secret by ARN only', () => {
    const bucket = ref(idAt(s, 'Evidence', 'Bucket'));
    expect(value('EvidenceBucketName')).toEqual(bucket);
    expect(value('ReportsS3Uri')).toEqual(join$('s3://', bucket, '/reports/'));
    expect(value('ReportsConsoleUrl')).toEqual(
      join$(
        'https://',
        ref('AWS::Region'),
        '.console.aws.amazon.com/s3/buckets/',
        bucket,
        '?region=',
        ref('AWS::Region'),
        '&prefix=reports/',
      ),
    );
    expect(value('DescopeSecretArn')).toEqual(ref(idAt(s, 'DescopeSecret', 'Secret')));
    expect(value('ReportFunctionName')).toBe('DescopeAuditReport-weekly-report');
    expect(value('AlarmTopicArn')).toEqual(ref(idAt(s, 'Alarms', 'Topic')));
    expect(value('AuditorPolicyArn')).toEqual(ref(idAt(s, 'AuditorAccess', 'Policy')));
  });

  it('prints the manual-run command for one ISO week', () => {
    expect(value('ManualRunCommand')).toEqual(
      join$(
        'aws lambda invoke --region ',
        ref('AWS::Region'),
        ` --function-name DescopeAuditReport-weekly-report --cli-binary-format raw-in-base64-out --cli-read-timeout 0 --payload '{"week":"2026-W47","resend":false}' out.json`,
      ),
    );
  });

  it('is environment-agnostic: no account or region baked into the template', () => {
    const text = JSON.stringify(s.json);
    expect(text).not.toMatch(/:\d{12}:/);
    expect(text).not.toMatch(/\b[a-z]{2}(-gov)?-[a-z]+-\d\b/);
    expect(s.stack.resolve(s.stack.region)).toEqual(ref('AWS::Region'));
  });
});

describe('stack name', () => {
  it('prefixes physical names so two copies fit in one account', () => {
    const s = synth({ stackName: 'AuditReportStaging' });
    expect(s.stack.stackName).toBe('AuditReportStaging');
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'AuditReportStaging-weekly-report',
    });
    s.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'AuditReportStaging/descope-management-key',
    });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'AuditReportStaging-function-errors',
    });
  });
});

describe('invalid configuration', () => {
  it('fails the synth with an error naming the setting', () => {
    expect(() => buildApp({ recipients: 'not-an-address' })).toThrow(
      'Invalid deploy configuration: recipients[0] must be an email address',
    );
    expect(() => buildApp({ projectId: undefined })).toThrow(
      'Invalid deploy configuration: projectId is required',
    );
  });
});

describe('query catalog plumbing', () => {
  const dir = testTempDir('catalog-');
  writeFileSync(join(dir, 'queries.json'), JSON.stringify({ disable: ['failed-logins-by-device'] }, null, 2));
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ disable: ['no-such-query'] }));

  it('bundles the catalog as a file the environment names, never the catalog itself', () => {
    const { template } = synth({ queryCatalogFile: 'queries.json' }, { cwd: dir });
    const variables = onlyResource(template, 'AWS::Lambda::Function').props.Environment as {
      Variables: Record<string, unknown>;
    };
    expect(variables.Variables.REPORT_QUERIES_FILE).toBe('/var/task/report-queries.json');
    expect(variables.Variables).not.toHaveProperty('REPORT_QUERIES');
    // Synth without the SQL check (defineApp alone) records no hash: the function checks it itself.
    expect(variables.Variables).not.toHaveProperty('REPORT_QUERIES_SHA256');
  });

  it('records the hash of the catalog text DuckDB checked at synth, as `cdk synth` does', async () => {
    // cdk.json's feature flags, without its demo configFile: each test states its own settings.
    const { configFile: _demo, ...flags } = JSON.parse(readFileSync('cdk.json', 'utf8')).context;
    const app = new App({
      outdir: testTempDir('descope-audit-cdk-'),
      context: {
        ...flags,
        ...BASE_SETTINGS,
        'aws:cdk:bundling-stacks': [],
        queryCatalogFile: 'queries.json',
      },
    });
    const stack = await defineCheckedApp(app, dir);
    const fn = onlyResource(Template.fromStack(stack), 'AWS::Lambda::Function');
    const text = readFileSync(join(dir, 'queries.json'), 'utf8');
    expect((fn.props.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      REPORT_QUERIES_FILE: '/var/task/report-queries.json',
      REPORT_QUERIES_SHA256: catalogTextSha256(text),
    });
  });

  it('fails the synth on a catalog the function would refuse, naming the problem', () => {
    expect(() => buildApp({ queryCatalogFile: 'bad.json' }, { cwd: dir })).toThrow(
      'Invalid deploy configuration: queryCatalogFile disable[0]: "no-such-query" is not a built-in query id',
    );
  });
});

describe('sender domain', () => {
  it('outputs the three DKIM records to publish', () => {
    const s = synth({ sender: 'reports@corp.example', senderDomain: 'corp.example' });
    const identity = idAt(s, 'SenderIdentity', 'Sender');
    for (const n of [1, 2, 3]) {
      expect(s.template.findOutputs(`SenderDkimRecord${n}`)[`SenderDkimRecord${n}`]?.Value).toEqual({
        'Fn::Join': [
          ' ',
          [
            { 'Fn::GetAtt': [identity, `DkimDNSTokenName${n}`] },
            'CNAME',
            { 'Fn::GetAtt': [identity, `DkimDNSTokenValue${n}`] },
          ],
        ],
      });
    }
  });
});
