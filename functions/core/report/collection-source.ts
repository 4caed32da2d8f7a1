import type { TimeWindow } from '../records/audit-record.js';

/** A stream object that could not be read: where it lies, as stored, and why. */
export interface QuarantinedStreamObject {
  key: string;
  versionId?: string;
  bytes: number;
  sha256: string;
  reason: string;
}

/** One bounded audit search that checked an hour of the stream against Descope itself. */
export interface StreamSpotCheck extends TimeWindow {
  action: string;
  /** Records the audit search counted in the hour, and the stream's records of that hour and action. */
  searched: number;
  held: number;
}

/** What the report states about a week read from the audit stream. */
export interface StreamCollectionFacts {
  /** `s3://bucket/` */
  location: string;
  /** The key layout read, e.g. `stream/events/dt={yyyy}-{mm}-{dd}/`, and whether it was configured or discovered. */
  layout: string;
  layoutFrom: 'configured' | 'discovered';
  /** Day partitions listed (the period's days, one before, `lateDays` after). */
  partitions: number;
  lateDays: number;
  objects: number;
  bytes: number;
  /** S3 requests (list and get). */
  requests: number;
  /** JSON values read, and what became of them. */
  values: number;
  records: number;
  duplicates: number;
  conflicting: number;
  late: number;
  malformed: number;
  outside: number;
  shapes: Array<{ shape: string; records: number }>;
  /** The stream masks login IDs (`mask_pii`): distinct login-ID counts are not computable. */
  masked: boolean;
  quarantined: QuarantinedStreamObject[];
  /** How completeness was checked (Descope analytics per action and hour or day), or why not. */
  completeness: string;
  spotChecks: StreamSpotCheck[];
  notes: string[];
}

/** A built-in query that needs the audit stream, and why the search cannot give it. */
export interface StreamOnlyQuery {
  id: string;
  title: string;
}

/** A stored day a week was computed from: its sealed manifest and that manifest's SHA-256. */
export interface StoredDaySource {
  day: string;
  manifest: string;
  sha256: string;
}

/**
 * Whether a week's records were taken from its seven stored daily reviews (their evidence, each day
 * verified; no second read of the API) or read from the API, and then why the days were not used.
 */
export type StoredDaysStatement = { used: true; days: StoredDaySource[] } | { used: false; reason: string };

/**
 * Whether a week read from the audit stream found its seven daily reviews stored, sealed, verified
 * and complete (PCI DSS 10.4.1). The stream stays the week's source: the days' evidence is not read.
 */
export type DailyReviewsStatement =
  | { verified: true; days: StoredDaySource[] }
  | { verified: false; reason: string };

/** Where a report's records came from; the only part of a report that differs between sources. */
export type CollectionSource =
  | { kind: 'search'; streamOnly: StreamOnlyQuery[]; days?: StoredDaysStatement }
  | { kind: 'stream'; facts: StreamCollectionFacts; days?: DailyReviewsStatement };

/** Why the stream-only queries are absent from a report read through the audit search. */
export const STREAM_ONLY_REASON =
  'they read every successful login, which the audit search (10 searches a minute, 1,000 records each, 30 days back) cannot read in a week\'s run; a deployment with source "stream" reports them';
