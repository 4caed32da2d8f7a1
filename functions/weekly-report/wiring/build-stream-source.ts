import type { S3Client } from '@aws-sdk/client-s3';
import type { AuditAnalyticsSource } from '../../adapters/audit-analytics-source.js';
import type { AuditSearchApi } from '../../adapters/audit-search-api.js';
import { createS3StreamBucket } from '../../adapters/s3-stream-bucket.js';
import { FIREHOSE_EVENTS_PREFIX } from '../../core/stream/stream-layout.js';
import { ConfigError } from '../../shared/errors.js';
import type { EvidenceSource } from '../collect/evidence-source.js';
import { streamEvidenceSource } from '../collect/stream/stream-evidence-source.js';
import type { CommonConfig, DryRunConfig } from './config.js';

type StreamConfig = Pick<
  CommonConfig,
  | 'DESCOPE_PROJECT_ID'
  | 'REPORT_SOURCE'
  | 'STREAM_BUCKET'
  | 'STREAM_PREFIX'
  | 'STREAM_KEY_PATTERN'
  | 'STREAM_LATE_DAYS'
  | 'STREAM_MASK_PII'
  | 'STREAM_SPOT_CHECKS'
  | 'REPORT_EVIDENCE_PART_RECORDS'
> & { REPORT_BUCKET?: string };

/**
 * The audit stream as the run's evidence source when `REPORT_SOURCE` is `stream` (else `undefined`:
 * the audit search). Its bucket is `STREAM_BUCKET`, else the report bucket's `stream/events/`.
 */
export function createStreamEvidenceSource(
  config: StreamConfig | (DryRunConfig & StreamConfig),
  s3: S3Client,
  descope: { search?: AuditSearchApi; analytics?: AuditAnalyticsSource },
  now: number,
): EvidenceSource | undefined {
  if (config.REPORT_SOURCE !== 'stream') return undefined;
  const bucket = config.STREAM_BUCKET ?? config.REPORT_BUCKET;
  if (!bucket)
    throw new ConfigError('STREAM_BUCKET is required to read the audit stream (REPORT_SOURCE=stream)');
  const inReportBucket = config.STREAM_BUCKET === undefined || config.STREAM_BUCKET === config.REPORT_BUCKET;
  return streamEvidenceSource(
    {
      projectId: config.DESCOPE_PROJECT_ID,
      pattern: config.STREAM_KEY_PATTERN,
      discoverUnder: config.STREAM_PREFIX ?? (inReportBucket ? FIREHOSE_EVENTS_PREFIX : ''),
      lateDays: config.STREAM_LATE_DAYS,
      masked: config.STREAM_MASK_PII,
      spotChecks: config.STREAM_SPOT_CHECKS,
      partRecords: config.REPORT_EVIDENCE_PART_RECORDS,
    },
    {
      bucket: createS3StreamBucket({ client: s3, bucket }),
      search: descope.search,
      analytics: descope.analytics,
      now,
    },
  );
}
