import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ATHENA_RESULTS_PREFIX, AthenaQueries } from '../../infra/constructs/athena-queries.js';
import type { EvidenceBucket } from '../../infra/constructs/evidence-bucket.js';
import type { ReportFunction } from '../../infra/constructs/report-function.js';
import type { ReportKey } from '../../infra/constructs/report-key.js';
import type { DescopeAuditReportStack } from '../../infra/descope-audit-report-stack.js';
import { buildApp, idAt, onlyResource, type Synthesized, synth } from './support/synth.js';

const STREAM = {
  source: 'stream',
  streamPrincipalArn: 'arn:aws:iam::123456789012:role/descope-connector',
};
const CUTOFF = 50_000_000_000;

/**
 * No accepted deploy configuration creates the Athena resources yet (the run does not compute on
 * Athena: `engine` accepts only "duckdb"), so the construct is added here to the stream stack, wired
 * to the evidence bucket, key and the job's role as the run will need it.
 */
function addAthena(stack: DescopeAuditReportStack): void {
  const evidence = stack.node.findChild('Evidence') as EvidenceBucket;
  const role = (stack.node.findChild('ReportFunction') as ReportFunction).role;
  const athena = new AthenaQueries(stack, 'AthenaQueries', {
    namePrefix: stack.stackName,
    bucket: evidence.bucket,
    encryptionKey: (stack.node.findChild('ReportKey') as ReportKey).key,
    bytesScannedCutoff: CUTOFF,
  });
  athena.grantRun(role);
  evidence.admitAthenaResults(role, ATHENA_RESULTS_PREFIX);
}

type Statement = {
  Sid?: string;
  Effect?: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
};
const functionStatements = (s: Synthesized) =>
  s.template.toJSON().Resources[idAt(s, 'ReportFunction', 'Role', 'DefaultPolicy')].Properties.PolicyDocument
    .Statement as Statement[];

describe('Athena over the landed stream', () => {
  let s: Synthesized;
  beforeAll(() => {
    const { app, stack } = buildApp(STREAM);
    addAthena(stack);
    const template = Template.fromStack(stack);
    s = { app, stack, template, json: template.toJSON() };
  });

  it('tables stream/events/ as gzip JSON envelopes with partition projection on dt, no crawler', () => {
    const table = onlyResource(s.template, 'AWS::Glue::Table').props as {
      TableInput: {
        Parameters: Record<string, unknown>;
        PartitionKeys: unknown;
        StorageDescriptor: Record<string, unknown>;
      };
    };
    expect(table.TableInput.PartitionKeys).toEqual([{ Name: 'dt', Type: 'string' }]);
    expect(table.TableInput.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.range': '2024-01-01,NOW',
      'projection.dt.interval.unit': 'DAYS',
      compressionType: 'gzip',
    });
    expect(JSON.stringify(table.TableInput.Parameters['storage.location.template'])).toMatch(
      /\/stream\/events\/dt=\$\{dt\}\//,
    );
    expect(table.TableInput.StorageDescriptor.SerdeInfo).toEqual({
      SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
    });
    s.template.resourceCountIs('AWS::Glue::Crawler', 0);
    s.template.resourceCountIs('AWS::Glue::Database', 1);
  });

  it('runs in a workgroup whose enforced configuration fixes engine v3, KMS results and the cutoff', () => {
    s.template.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: CUTOFF,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: {
          OutputLocation: Match.objectLike({
            'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/athena-results/$')])],
          }),
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: Match.anyValue() },
        },
      },
    });
  });

  it('expires results under athena-results/ and lets only the job write them there', () => {
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Id: 'expire-athena-results', Prefix: 'athena-results/', ExpirationInDays: 7 }),
        ]),
      },
    });
    const policy = JSON.stringify(s.template.findResources('AWS::S3::BucketPolicy'));
    expect(policy).toContain('AthenaResultsOnlyByTheJob');
  });

  it('scopes the job’s role to the workgroup, the database and table, and the results prefix', () => {
    const statements = new Map(functionStatements(s).map((st) => [st.Sid, st]));
    expect([...((statements.get('RunReportStatements')?.Action as string[]) ?? [])].sort()).toEqual([
      'athena:GetQueryExecution',
      'athena:GetQueryResults',
      'athena:StartQueryExecution',
      'athena:StopQueryExecution',
    ]);
    expect(JSON.stringify(statements.get('RunReportStatements')?.Resource)).toMatch(/:workgroup\//);
    expect(JSON.stringify(statements.get('ReadStreamTable')?.Resource)).toMatch(
      /table\/.*_audit\/stream_events/,
    );
    expect(JSON.stringify(statements.get('WriteAthenaResults')?.Resource)).toContain('/athena-results/*');
    expect(JSON.stringify(functionStatements(s))).not.toMatch(/"athena:\*"|"glue:\*"/);
  });

  it('is created by no accepted configuration: duckdb is the default and the only engine accepted', () => {
    synth({}).template.resourceCountIs('AWS::Athena::WorkGroup', 0);
    synth(STREAM).template.resourceCountIs('AWS::Athena::WorkGroup', 0);
    synth(STREAM).template.resourceCountIs('AWS::Glue::Table', 0);
    synth({ ...STREAM, engine: 'duckdb' }).template.resourceCountIs('AWS::Athena::WorkGroup', 0);
  });

  it.each(['athena', 'auto'])('refuses engine %s at synth, naming the key and why', (engine) => {
    for (const settings of [{ engine }, { ...STREAM, engine }])
      expect(() => buildApp(settings)).toThrow(
        new RegExp(
          `engine.*"${engine}" is refused: the Athena engine is not yet wired into the run.*docs/athena\\.md`,
          's',
        ),
      );
  });

  it('passes cdk-nag with nothing unacknowledged', () => {
    const { app, stack } = buildApp(STREAM, { cloudFormationValidation: true });
    addAthena(stack);
    const assembly = app.synth();
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]);
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });
});
