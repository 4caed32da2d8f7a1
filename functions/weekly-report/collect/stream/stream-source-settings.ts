import type { AuditAnalyticsSource } from '../../../adapters/audit-analytics-source.js';
import type { AuditSearchApi } from '../../../adapters/audit-search-api.js';
import type { StreamBucket } from '../../../adapters/stream-bucket.js';

/** How the job reads the audit stream (`STREAM_*` settings). */
export interface StreamSourceSettings {
  projectId: string;
  /** The key layout (`{projectId}`, `{yyyy}`, `{mm}`, `{dd}`); discovered under `discoverUnder` when absent. */
  pattern?: string;
  /** Where discovery lists keys. @default '' */
  discoverUnder?: string;
  /** Days after an event its object may still arrive (partitions are arrival days). @default 1 */
  lateDays?: number;
  /** The connector's `mask_pii` as configured; absent: told from the login IDs seen. */
  masked?: boolean;
  /** Audit searches that spot-check the busiest hours, inside the search's 30 days. @default 3 */
  spotChecks?: number;
  /** The audit search's reach, for the spot checks. @default 30 */
  searchRetentionDays?: number;
  /** Where runs are sorted (the Lambda's /tmp). @default os.tmpdir() */
  workDirectory?: string;
  /** Records sorted in memory per run (about 1 KB of heap each). @default 50000 */
  runRecords?: number;
  /** Records per evidence part (tests use fewer). @default EVIDENCE_PART_RECORDS */
  partRecords?: number;
}

export interface StreamSourceDeps {
  bucket: StreamBucket;
  /** Descope analytics: the independent count the stream is checked against. */
  analytics?: AuditAnalyticsSource;
  /** The audit search, for the spot checks (absent: none). */
  search?: AuditSearchApi;
  /** The run's clock reading: whether the period is inside the search's 30 days. */
  now: number;
}
