import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import {
  JOB_METRICS,
  METRICS_NAMESPACE,
  PROJECT_DIMENSION,
  SERVICE_NAME,
} from '../../functions/shared/powertools/constants.js';
import { DeployConfigError, parseDeployConfig } from '../../infra/config.js';
import { BASE_SETTINGS, buildApp, idAt, synth } from './support/synth.js';

const PROD = 'P2ProdProject0000000000000001';
const STAGING = 'P2StagingProject0000000000002';

/** Two Descope projects in one deployment: production, and staging 20 minutes later with its own frameworks. */
const TWO_PROJECTS = {
  projectId: undefined,
  projects: [
    { name: 'prod', projectId: PROD, scheduleOffsetMinutes: 0 },
    {
      name: 'staging',
      projectId: STAGING,
      scheduleOffsetMinutes: 20,
      recipients: ['staging-owner@example.org'],
      monthlyReportRecipients: ['staging-owner@example.org'],
      frameworks: ['soc2', 'pci-dss'],
    },
  ],
  projectsSummaryRecipients: ['security-lead@example.org'],
};

const s = synth(TWO_PROJECTS);
const reportFunctions = () =>
  Object.entries(s.template.findResources('AWS::Lambda::Function')).filter(([, r]) =>
    String((r as { Properties: { FunctionName?: string } }).Properties.FunctionName).endsWith(
      '-weekly-report',
    ),
  ) as Array<
    [
      string,
      {
        Properties: {
          FunctionName: string;
          Environment: { Variables: Record<string, unknown> };
          Role: unknown;
        };
      },
    ]
  >;

/** Every statement of the inline policies attached to `roleId`. */
function statementsOf(
  roleId: string,
): Array<{ Sid?: string; Action: unknown; Resource: unknown; Condition?: unknown }> {
  return Object.values(s.template.findResources('AWS::IAM::Policy')).flatMap((policy) => {
    const props = (
      policy as { Properties: { Roles: Array<{ Ref: string }>; PolicyDocument: { Statement: [] } } }
    ).Properties;
    return props.Roles.some((r) => r.Ref === roleId) ? props.PolicyDocument.Statement : [];
  });
}

describe('one deployment, two Descope projects', () => {
  it('has a management-key secret, a signing key and a report function for each project', () => {
    s.template.resourceCountIs('AWS::SecretsManager::Secret', 2);
    for (const name of ['prod', 'staging'])
      s.template.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: `DescopeAuditReport/${name}/descope-management-key`,
      });
    s.template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/DescopeAuditReport-prod-manifest-signing',
    });
    s.template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/DescopeAuditReport-staging-manifest-signing',
    });
    const names = reportFunctions()
      .map(([, r]) => r.Properties.FunctionName)
      .sort();
    expect(names).toEqual([
      'DescopeAuditReport-prod-weekly-report',
      'DescopeAuditReport-staging-weekly-report',
    ]);
  });

  it('tells each function its own project, secret, recipients and frameworks, and every project of the deployment', () => {
    const secretOf = (name: string) => ({ Ref: idAt(s, `Project-${name}`, 'DescopeSecret', 'Secret') });
    const env = (name: string) =>
      reportFunctions().find(
        ([, r]) => r.Properties.FunctionName === `DescopeAuditReport-${name}-weekly-report`,
      )?.[1].Properties.Environment.Variables;
    expect(env('prod')).toMatchObject({
      DESCOPE_PROJECT_ID: PROD,
      DESCOPE_SECRET_ARN: secretOf('prod'),
      REPORT_RECIPIENTS: BASE_SETTINGS.recipients.join(','),
      REPORT_PROJECT_NAME: 'prod',
      REPORT_PROJECTS: `${PROD},${STAGING}`,
      REPORT_SUMMARY_RECIPIENTS: 'security-lead@example.org',
    });
    expect(env('prod')).not.toHaveProperty('REPORT_FRAMEWORKS');
    expect(env('prod')).not.toHaveProperty('REPORT_MONTHLY_RECIPIENTS');
    expect(env('staging')).toMatchObject({
      DESCOPE_PROJECT_ID: STAGING,
      DESCOPE_SECRET_ARN: secretOf('staging'),
      REPORT_RECIPIENTS: 'staging-owner@example.org',
      REPORT_MONTHLY_RECIPIENTS: 'staging-owner@example.org',
      REPORT_FRAMEWORKS: 'soc2,pci-dss',
      REPORT_PROJECT_NAME: 'staging',
    });
  });

  it('starts each project in its own minute: the weekly schedules 20 minutes apart, the monthly only where recipients are set', () => {
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'DescopeAuditReport-prod-weekly',
      ScheduleExpression: 'cron(0 6 ? * MON *)',
    });
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'DescopeAuditReport-staging-weekly',
      ScheduleExpression: 'cron(20 6 ? * MON *)',
    });
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'DescopeAuditReport-staging-monthly',
      ScheduleExpression: 'cron(20 8 2 * ? *)',
    });
    s.template.resourceCountIs('AWS::Scheduler::Schedule', 3);
  });

  it("scopes each role to its own secret and its own project's folder", () => {
    const bucket = idAt(s, 'Evidence', 'Bucket');
    for (const [name, own, other] of [
      ['prod', PROD, STAGING],
      ['staging', STAGING, PROD],
    ] as const) {
      const role = idAt(s, `Project-${name}`, 'ReportFunction', 'Role');
      const statements = statementsOf(role);
      const secretReads = statements.filter((st) =>
        JSON.stringify(st.Action).includes('secretsmanager:GetSecretValue'),
      );
      expect(secretReads.map((st) => st.Resource)).toEqual([
        { Ref: idAt(s, `Project-${name}`, 'DescopeSecret', 'Secret') },
      ]);
      const writes = statements.filter((st) => JSON.stringify(st.Action).includes('s3:PutObject'));
      const written = JSON.stringify(writes.map((st) => st.Resource));
      expect(written).toContain(`/reports/${own}/*`);
      expect(written).not.toContain(other);
      // Nothing writable across projects: only its folder and the shared front door, keys and summary record.
      const objects = writes.flatMap((st) => st.Resource as Array<{ 'Fn::Join': [string, unknown[]] }>);
      const tails = objects.map((o) => String(o['Fn::Join'][1].at(-1)));
      expect(tails.sort()).toEqual(
        [`/reports/${own}/*`, '/reports/all-projects/*', '/reports/index.html', '/reports/keys/*'].sort(),
      );
      const lists = statements.filter((st) => JSON.stringify(st.Action).includes('s3:ListBucket'));
      expect(lists.map((st) => st.Condition)).toEqual([
        { StringLike: { 's3:prefix': [`reports/${own}/*`] } },
        { StringEquals: { 's3:prefix': 'reports/', 's3:delimiter': '/' } },
      ]);
      expect(JSON.stringify(statements)).not.toContain('"/reports/*"');
      expect(JSON.stringify(lists)).toContain(bucket);
    }
  });

  it('signs with its own key only', () => {
    for (const name of ['prod', 'staging']) {
      const env = reportFunctions().find(([, r]) => r.Properties.FunctionName.includes(`-${name}-`))?.[1]
        .Properties.Environment.Variables;
      expect(env?.REPORT_SIGNING_KEY_ARN).toEqual({
        'Fn::GetAtt': [idAt(s, `Project-${name}`, 'ManifestSigningKey', 'Key'), 'Arn'],
      });
    }
    s.template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'kms:Sign',
            Condition: Match.objectLike({
              ArnNotEquals: {
                'aws:PrincipalArn': {
                  'Fn::GetAtt': [idAt(s, 'Project-staging', 'ReportFunction', 'Role'), 'Arn'],
                },
              },
            }),
          }),
        ]),
      }),
    });
  });

  it('watches each function with an alarm of its own and outputs each project’s secret and function', () => {
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'DescopeAuditReport-prod-function-errors',
    });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'DescopeAuditReport-staging-function-errors',
    });
    expect(Object.keys(s.template.findOutputs('*'))).toEqual(
      expect.arrayContaining([
        'ProdDescopeSecretArn',
        'StagingDescopeSecretArn',
        'StagingReportFunctionName',
      ]),
    );
    expect(s.template.findOutputs('DescopeSecretArn')).toEqual({});
  });

  it('raises each project\'s own "no report this week" and job-metric alarms on its own dimension, to the one topic', () => {
    type AlarmProps = {
      AlarmName: string;
      MetricName?: string;
      Namespace?: string;
      Dimensions?: Array<{ Name: string; Value: unknown }>;
      AlarmActions: unknown[];
    };
    const alarms = Object.values(s.template.findResources('AWS::CloudWatch::Alarm')).map(
      (r) => (r as { Properties: AlarmProps }).Properties,
    );
    const byName = new Map(alarms.map((a) => [a.AlarmName, a]));
    const dimensionsOf = (a: AlarmProps | undefined) =>
      Object.fromEntries((a?.Dimensions ?? []).map((d) => [d.Name, d.Value]));
    for (const name of ['prod', 'staging']) {
      const silent = byName.get(`DescopeAuditReport-${name}-no-report-this-week`);
      expect(silent).toMatchObject({
        Namespace: METRICS_NAMESPACE,
        MetricName: JOB_METRICS.reportPublished,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
      });
      expect(dimensionsOf(silent)).toEqual({ service: SERVICE_NAME, [PROJECT_DIMENSION]: name });
      for (const suffix of [
        'incomplete-queries',
        'unconfirmed-emails',
        'unverified-inputs',
        'channel-delivery-failed',
      ])
        expect(dimensionsOf(byName.get(`DescopeAuditReport-${name}-${suffix}`))).toEqual({
          service: SERVICE_NAME,
          [PROJECT_DIMENSION]: name,
        });
    }
    // No alarm watches the job's metrics without a project: none of them publishes there.
    const jobAlarms = alarms.filter((a) => a.Namespace === METRICS_NAMESPACE);
    expect(jobAlarms).toHaveLength(10);
    for (const a of jobAlarms) expect(dimensionsOf(a)).toHaveProperty(PROJECT_DIMENSION);
    expect(byName.has('DescopeAuditReport-no-report-this-week')).toBe(false);
    // Every alarm goes to the deployment's one alarm topic.
    const topics = Object.keys(s.template.findResources('AWS::SNS::Topic'));
    expect(topics).toHaveLength(1);
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: topics[0] }]);
  });

  it('is cdk-nag clean: no finding, acknowledged or not, beyond the reasoned ones', () => {
    const { app } = buildApp(TWO_PROJECTS, { cloudFormationValidation: true });
    const assembly = app.synth();
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]);
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });
});

describe('the projects setting refuses, naming the key', () => {
  const errorOf = (settings: Record<string, unknown>): string => {
    try {
      parseDeployConfig({ sender: BASE_SETTINGS.sender, recipients: BASE_SETTINGS.recipients, ...settings });
    } catch (error) {
      expect(error).toBeInstanceOf(DeployConfigError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };
  const two = (second: Record<string, unknown>) => ({
    projects: [
      { name: 'prod', projectId: PROD, scheduleOffsetMinutes: 0 },
      { name: 'staging', projectId: STAGING, scheduleOffsetMinutes: 30, ...second },
    ],
  });

  it.each([
    [
      'a duplicate project ID',
      two({ projectId: PROD }),
      `projects[1].projectId ${PROD} is already projects[0].projectId`,
    ],
    ['a duplicate name', two({ name: 'prod' }), 'projects[1].name prod is already projects[0].name'],
    [
      'two projects starting in the same minute',
      two({ scheduleOffsetMinutes: 0 }),
      'projects[1].scheduleOffsetMinutes 0 is also projects[0].scheduleOffsetMinutes',
    ],
    ['projectId beside projects', { ...two({}), projectId: PROD }, 'projectId must not be set with projects'],
    ['a key no project has', two({ managementKey: 'x' }), 'projects[1]'],
    ['a bad project ID', two({ projectId: 'no!' }), 'projects[1].projectId must be a Descope project ID'],
    [
      'a name too long for the function',
      { ...two({}), stackName: 'A'.repeat(48) },
      'projects[0].name makes the function name',
    ],
    [
      'the stream source',
      { ...two({}), source: 'stream', streamPrincipalArn: 'arn:aws:iam::111122223333:role/x' },
      'source must be "api" with projects',
    ],
    ['neither projectId nor projects', {}, 'projectId is required'],
    [
      'a summary without projects',
      { projectId: PROD, projectsSummaryRecipients: ['a@example.org'] },
      'projectsSummaryRecipients goes with projects',
    ],
    [
      'an offset moving the run past midnight',
      { ...two({ scheduleOffsetMinutes: 1100 }) },
      'projects[1].scheduleOffsetMinutes 1100 cannot shift scheduleCron: it moves the schedule 0 6 ? * MON * past midnight',
    ],
  ])('%s', (_what, settings, message) => {
    expect(errorOf(settings)).toContain(message);
  });

  it('accepts the shipped two-project example', () => {
    const example = JSON.parse(readFileSync('infra/deploy-config.projects.example.json', 'utf8'));
    const config = parseDeployConfig(example);
    expect(config.projectSet.map((p) => [p.name, p.scheduleCron])).toEqual([
      ['prod', '0 6 ? * MON *'],
      ['staging', '30 6 ? * MON *'],
    ]);
  });

  it('leaves the single-project form as it was: one project, its crons unshifted', () => {
    const config = parseDeployConfig({ ...BASE_SETTINGS });
    expect(config.projectSet).toHaveLength(1);
    expect(config.projectSet[0]).toMatchObject({
      projectId: BASE_SETTINGS.projectId,
      scheduleCron: '0 6 ? * MON *',
    });
    expect(config.projectSet[0]?.name).toBeUndefined();
  });
});
