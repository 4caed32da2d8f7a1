import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, idAt, onlyResource, type Synthesized, synth } from './support/synth.js';

const STREAM = {
  source: 'stream',
  streamPrincipalArn: 'arn:aws:iam::123456789012:role/descope-connector',
};
const CUTOFF = 50_000_000_000;

/** The stream stack with Athena as its engine and a cutoff of its own, as a deployment asks for it. */
const ATHENA = { ...STREAM, engine: 'athena', athenaBytesScannedCutoff: CUTOFF };

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
    s = synth(ATHENA);
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

  it('is created with engine athena or auto on the EventBridge path, never with duckdb (the default)', () => {
    synth({}).template.resourceCountIs('AWS::Athena::WorkGroup', 0);
    synth(STREAM).template.resourceCountIs('AWS::Athena::WorkGroup', 0);
    synth(STREAM).template.resourceCountIs('AWS::Glue::Table', 0);
    synth({ ...STREAM, engine: 'duckdb' }).template.resourceCountIs('AWS::Athena::WorkGroup', 0);
    const auto = synth({ ...STREAM, engine: 'auto' }).template;
    auto.resourceCountIs('AWS::Athena::WorkGroup', 1);
    auto.resourceCountIs('AWS::Glue::Table', 1);
  });

  it.each(['athena', 'auto'])(
    'refuses engine %s where Athena has no stream to read, naming the key',
    (engine) => {
      const refusals: Array<[Record<string, unknown>, RegExp]> = [
        [{ engine }, /engine.*needs source "stream"/s],
        [
          { ...STREAM, engine, streamPath: 's3-connector', streamExternalId: 'x' },
          /engine.*needs streamPath "eventbridge"/s,
        ],
        [
          {
            engine,
            projectId: undefined,
            projects: [
              { name: 'a', projectId: 'P2TestProject000000000000001' },
              { name: 'b', projectId: 'P2TestProject000000000000002' },
            ],
          },
          /engine.*is refused with projects/s,
        ],
      ];
      for (const [settings, message] of refusals) {
        expect(() => buildApp(settings)).toThrow(message);
        expect(() => buildApp(settings)).toThrow(new RegExp(`"${engine}"`));
      }
    },
  );

  it('passes cdk-nag with nothing unacknowledged', () => {
    const { app } = buildApp(ATHENA, { cloudFormationValidation: true });
    const assembly = app.synth();
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]);
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });
});
