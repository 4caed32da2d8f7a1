import { Aws, CfnOutput, Duration, Validations } from 'aws-cdk-lib';
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { FIREHOSE_EVENTS_PREFIX } from '../../functions/core/stream/stream-layout.js';
import { nagReference } from './nag-reference.js';

/** Where Athena writes statement results, in the evidence bucket. */
export const ATHENA_RESULTS_PREFIX = 'athena-results/';
/** The stream table's name in the Glue database. */
export const STREAM_EVENTS_TABLE = 'stream_events';

/** Properties of {@link AthenaQueries}. */
export interface AthenaQueriesProps {
  readonly namePrefix: string;
  /** The evidence bucket the stream lands in (`stream/events/dt=…/`) and results go to. */
  readonly bucket: Bucket;
  readonly encryptionKey: IKey;
  /** The workgroup's `BytesScannedCutoffPerQuery`. */
  readonly bytesScannedCutoff: number;
  /** Days results are kept before they expire. @default 7 */
  readonly resultDays?: number;
  /** First day the partition projection names. @default '2024-01-01' */
  readonly firstDay?: string;
}

/**
 * Athena over the landed stream: a Glue database and a table over `stream/events/` (one
 * EventBridge envelope a line, gzip, the Descope event in `detail` read as JSON text), partitions
 * by projection on `dt` (no crawler, no partition to add), and a workgroup whose enforced
 * configuration fixes the engine version, the KMS-encrypted results location and the cutoff.
 */
export class AthenaQueries extends Construct {
  readonly database: CfnDatabase;
  readonly table: CfnTable;
  readonly workGroup: CfnWorkGroup;
  readonly databaseName: string;
  private readonly props: AthenaQueriesProps;

  constructor(scope: Construct, id: string, props: AthenaQueriesProps) {
    super(scope, id);
    this.props = props;
    this.databaseName = `${props.namePrefix.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_audit`;
    this.database = new CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: {
        name: this.databaseName,
        description: "Descope's audit stream, for the report's Athena engine",
      },
    });
    const location = `s3://${props.bucket.bucketName}/${FIREHOSE_EVENTS_PREFIX}`;
    this.table = new CfnTable(this, 'StreamEvents', {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: this.databaseName,
      tableInput: {
        name: STREAM_EVENTS_TABLE,
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          classification: 'json',
          compressionType: 'gzip',
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.range': `${props.firstDay ?? '2024-01-01'},NOW`,
          'projection.dt.interval': '1',
          'projection.dt.interval.unit': 'DAYS',
          'storage.location.template': `${location}dt=\${dt}/`,
        },
        partitionKeys: [{ name: 'dt', type: 'string' }],
        storageDescriptor: {
          location,
          inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          // No `ignore.malformed.json`: a line that is not JSON fails the statement, it is never a silent NULL row.
          serdeInfo: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
          columns: [
            { name: 'id', type: 'string', comment: 'EventBridge event ID' },
            { name: 'time', type: 'string' },
            { name: 'source', type: 'string' },
            { name: 'detail', type: 'string', comment: 'The Descope audit event, as JSON text' },
          ],
        },
      },
    });
    this.table.addDependency(this.database);

    this.workGroup = new CfnWorkGroup(this, 'WorkGroup', {
      name: `${props.namePrefix}-reports`,
      description: 'The weekly report on Athena: enforced results location, encryption and cutoff',
      state: 'ENABLED',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoff,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${props.bucket.bucketName}/${ATHENA_RESULTS_PREFIX}`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.encryptionKey.keyArn },
          expectedBucketOwner: Aws.ACCOUNT_ID,
        },
      },
    });
    props.bucket.addLifecycleRule({
      id: 'expire-athena-results',
      prefix: ATHENA_RESULTS_PREFIX,
      expiration: Duration.days(props.resultDays ?? 7),
    });
    new CfnOutput(this, 'WorkGroupName', {
      description: 'The Athena workgroup of the report',
      value: this.workGroup.ref,
    });
  }

  /**
   * What the job's role may do: run statements in this workgroup only, read this database and
   * table only, read the stream prefix and write and read results under `athena-results/`.
   */
  grantRun(role: IRole): void {
    const { bucket, encryptionKey } = this.props;
    const workGroupArn = `arn:${Aws.PARTITION}:athena:${Aws.REGION}:${Aws.ACCOUNT_ID}:workgroup/${this.workGroup.ref}`;
    const glue = (kind: string, name: string) =>
      `arn:${Aws.PARTITION}:glue:${Aws.REGION}:${Aws.ACCOUNT_ID}:${kind}/${name}`;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'RunReportStatements',
        actions: [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StopQueryExecution',
        ],
        resources: [workGroupArn],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadStreamTable',
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'],
        resources: [
          `arn:${Aws.PARTITION}:glue:${Aws.REGION}:${Aws.ACCOUNT_ID}:catalog`,
          glue('database', this.databaseName),
          glue('table', `${this.databaseName}/${STREAM_EVENTS_TABLE}`),
        ],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'WriteAthenaResults',
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
        resources: [bucket.arnForObjects(`${ATHENA_RESULTS_PREFIX}*`)],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'LocateResultsBucket',
        actions: ['s3:GetBucketLocation'],
        resources: [bucket.bucketArn],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'EncryptAthenaResults',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [encryptionKey.keyArn],
      }),
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagReference(bucket)}/${ATHENA_RESULTS_PREFIX}*]`,
      reason: 'Athena names its result objects itself (by execution ID), under athena-results/ only.',
    });
  }
}
