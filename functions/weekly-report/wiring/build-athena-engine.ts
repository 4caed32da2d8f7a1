import { AthenaClient } from '@aws-sdk/client-athena';
import type { S3Client } from '@aws-sdk/client-s3';
import { createAthenaQueryRunner } from '../../adapters/athena-query-runner.js';
import { createS3StreamBucket } from '../../adapters/s3-stream-bucket.js';
import { partitionSizes } from '../../core/engine/athena-cost-guard.js';
import { FIREHOSE_EVENTS_PATTERN } from '../../core/stream/stream-layout.js';
import { ConfigError } from '../../shared/errors.js';
import type { AthenaEngine } from '../aggregate/engine-phase.js';
import { listPartitions } from '../collect/stream/stream-partitions.js';
import { type AwsSdkSettings, awsClientOptions } from './aws-sdk-variables.js';
import type { CommonConfig } from './config.js';

type AthenaConfig = Pick<
  CommonConfig,
  | 'DESCOPE_PROJECT_ID'
  | 'REPORT_SOURCE'
  | 'STREAM_BUCKET'
  | 'STREAM_LATE_DAYS'
  | 'REPORT_ENGINE'
  | 'ATHENA_THRESHOLD_BYTES'
  | 'ATHENA_BYTES_SCANNED_CUTOFF'
  | 'ATHENA_WORKGROUP'
  | 'ATHENA_DATABASE'
  | 'ATHENA_TABLE'
  | 'AWS_ENDPOINT_URL_ATHENA'
  | 'AWS_REGION'
> &
  AwsSdkSettings & { REPORT_BUCKET?: string };

/** Why the configuration cannot run Athena, naming the variable; undefined when it can. */
function athenaProblem(config: AthenaConfig): string | undefined {
  const engine = `REPORT_ENGINE=${config.REPORT_ENGINE}`;
  if (config.REPORT_SOURCE !== 'stream')
    return `${engine} needs REPORT_SOURCE=stream (Athena reads the stream)`;
  if (!config.REPORT_BUCKET) return `${engine} needs REPORT_BUCKET (the stream lands in its stream/events/)`;
  if (config.STREAM_BUCKET !== undefined && config.STREAM_BUCKET !== config.REPORT_BUCKET)
    return `${engine} reads the EventBridge path's stream/events/ in the report bucket, not STREAM_BUCKET ${config.STREAM_BUCKET}`;
  if (!config.ATHENA_WORKGROUP) return `${engine} needs ATHENA_WORKGROUP`;
  if (!config.ATHENA_DATABASE) return `${engine} needs ATHENA_DATABASE`;
  return undefined;
}

/**
 * The run's Athena engine when `REPORT_ENGINE` is `athena` or `auto` (else `undefined`: DuckDB
 * computes, and the report states no engine, as before engines were chosen). Refused with a
 * ConfigError before any request when the configuration cannot run it.
 */
export function createAthenaEngine(config: AthenaConfig, s3: S3Client): AthenaEngine | undefined {
  if (config.REPORT_ENGINE === 'duckdb') return undefined;
  const problem = athenaProblem(config);
  if (problem) throw new ConfigError(`Invalid configuration: ${problem}`);
  const client = new AthenaClient({ ...awsClientOptions(config), endpoint: config.AWS_ENDPOINT_URL_ATHENA });
  const workGroup = config.ATHENA_WORKGROUP ?? '';
  const database = config.ATHENA_DATABASE ?? '';
  const bucket = createS3StreamBucket({ client: s3, bucket: config.REPORT_BUCKET ?? '' });
  return {
    setting: config.REPORT_ENGINE,
    thresholdBytes: config.ATHENA_THRESHOLD_BYTES,
    cutoffBytes: config.ATHENA_BYTES_SCANNED_CUTOFF,
    runner: createAthenaQueryRunner(client, {
      workGroup,
      database,
      bytesScannedCutoff: config.ATHENA_BYTES_SCANNED_CUTOFF,
    }),
    workGroup,
    table: { database, table: config.ATHENA_TABLE },
    lateDays: config.STREAM_LATE_DAYS,
    partitionSizes: async (window, lateDays) => {
      const listed = await listPartitions(
        bucket,
        FIREHOSE_EVENTS_PATTERN,
        config.DESCOPE_PROJECT_ID,
        window,
        lateDays,
      );
      return partitionSizes(listed.objects);
    },
  };
}
