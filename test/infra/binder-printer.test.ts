import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { binderPrinterName } from '../../infra/project-reporter.js';
import { buildApp, getAtt, idAt, type Synthesized, synth } from './support/synth.js';

type Fn = {
  Properties: {
    FunctionName?: string;
    Architectures?: string[];
    Runtime?: string;
    MemorySize?: number;
    Environment: { Variables: Record<string, unknown> };
  };
};
type Statement = { Sid?: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

const functions = (s: Synthesized) =>
  Object.values(s.template.findResources('AWS::Lambda::Function')) as Fn[];
const named = (s: Synthesized, suffix: string) =>
  functions(s).find((f) => String(f.Properties.FunctionName).endsWith(suffix));
/** Every statement of the inline policies attached to `roleId`. */
const statementsOf = (s: Synthesized, roleId: string): Statement[] =>
  Object.values(s.template.findResources('AWS::IAM::Policy'))
    .map(
      (p) =>
        (p as { Properties: { Roles: unknown[]; PolicyDocument: { Statement: Statement[] } } }).Properties,
    )
    .filter((p) => JSON.stringify(p.Roles).includes(`"${roleId}"`))
    .flatMap((p) => p.PolicyDocument.Statement);
const bySid = (statements: Statement[], sid: string) => statements.find((st) => st.Sid === sid);

const ROLLUPS = { monthlyReportRecipients: ['controller@example.org'] };

describe('the binder printer function', () => {
  it('is absent without monthly or quarterly rollups, and the report function is told of none', () => {
    const s = synth();
    expect(named(s, '-binder-pdf')).toBeUndefined();
    expect(named(s, '-weekly-report')?.Properties.Environment.Variables).not.toHaveProperty(
      'BINDER_PRINTER_FUNCTION',
    );
  });

  it('exists with the rollups: Node.js 22 on x86-64 with 2 GB, named in the report function', () => {
    const s = synth(ROLLUPS);
    const printer = named(s, '-binder-pdf');
    expect(printer?.Properties).toMatchObject({
      FunctionName: 'DescopeAuditReport-binder-pdf',
      Architectures: ['x86_64'],
      Runtime: 'nodejs22.x',
      MemorySize: 2048,
    });
    expect(printer?.Properties.Environment.Variables).toHaveProperty('BINDER_BUCKET');
    expect(named(s, '-weekly-report')?.Properties.Environment.Variables.BINDER_PRINTER_FUNCTION).toBe(
      'DescopeAuditReport-binder-pdf',
    );
    expect(binderPrinterName('Stack-staging-weekly-report')).toBe('Stack-staging-binder-pdf');
  });

  it("may only read binder pages and write binder PDFs in its project's binder-jobs/ folder, and its log group", () => {
    const s = synth(ROLLUPS);
    const statements = statementsOf(s, idAt(s, 'BinderPrinter', 'Role'));
    expect(statements.map((st) => st.Sid).sort()).toEqual([
      'ReadBinderPages',
      'UseKeyThroughS3',
      'WriteBinderPdfs',
      'WriteOwnLogs',
    ]);
    expect(bySid(statements, 'ReadBinderPages')?.Action).toBe('s3:GetObject');
    expect(JSON.stringify(bySid(statements, 'ReadBinderPages')?.Resource)).toContain(
      '/binder-jobs/P2TestProject000000000000001/*/binder.html',
    );
    expect(bySid(statements, 'WriteBinderPdfs')?.Action).toBe('s3:PutObject');
    expect(JSON.stringify(bySid(statements, 'WriteBinderPdfs')?.Resource)).toContain(
      '/binder-jobs/P2TestProject000000000000001/*/binder.pdf',
    );
    expect(JSON.stringify(statements)).not.toContain('reports/');
  });

  it('is the only function the report function may invoke besides itself, with pages written and PDFs read', () => {
    const s = synth(ROLLUPS);
    const statements = statementsOf(s, idAt(s, 'ReportFunction', 'Role'));
    expect(bySid(statements, 'PrintBinder')).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Resource: getAtt(idAt(s, 'BinderPrinter', 'Function')),
    });
    expect(bySid(statements, 'WriteBinderPages')?.Action).toBe('s3:PutObject');
    expect(JSON.stringify(bySid(statements, 'WriteBinderPages')?.Resource)).toContain(
      '/binder-jobs/P2TestProject000000000000001/*/binder.html',
    );
    expect(bySid(statements, 'ReadBinderPdfs')?.Action).toBe('s3:GetObject');
    expect(JSON.stringify(bySid(statements, 'ReadBinderPdfs')?.Resource)).toContain(
      '/binder-jobs/P2TestProject000000000000001/*/binder.pdf',
    );
  });

  it("expires the project's print jobs a day after they were written, and only those", () => {
    const s = synth(ROLLUPS);
    const bucket = Object.values(s.template.findResources('AWS::S3::Bucket')).find((r) =>
      JSON.stringify(r).includes('archive-reports'),
    ) as { Properties: { LifecycleConfiguration: { Rules: Array<Record<string, unknown>> } } };
    const rules = bucket.Properties.LifecycleConfiguration.Rules;
    expect(rules.find((r) => r.Id === 'expire-binder-jobs-P2TestProject000000000000001')).toMatchObject({
      Prefix: 'binder-jobs/P2TestProject000000000000001/',
      ExpirationInDays: 1,
      Status: 'Enabled',
    });
    expect(JSON.stringify(synth().template.toJSON())).not.toContain('binder-jobs');
  });

  it('leaves cdk-nag AwsSolutions with nothing unacknowledged', () => {
    const { app } = buildApp(ROLLUPS, { cloudFormationValidation: true });
    const assembly = app.synth();
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]);
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });
});
