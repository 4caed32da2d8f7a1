import type { AccessReview } from '../access/access-review.js';
import type { QueryDefinition } from '../catalog/query-definition.js';
import type { EngineFacts } from '../engine/engine-facts.js';
import type { RiskAcceptance } from '../exceptions/apply-exceptions.js';
import type { AddressTotals } from '../findings/address-totals.js';
import type { RuleOutcome } from '../findings/finding.js';
import type { ComplianceContext } from '../frameworks/compliance-context.js';
import type { FindingChanges } from '../history/finding-changes.js';
import type { HeadlineHistory } from '../history/headline-history.js';
import type { ManifestLink, ManifestRevision, ManifestSigning } from '../integrity/manifest.js';
import type { OcsfExport } from '../ocsf/ocsf-classes.js';
import type { ReportPeriod } from '../period/period.js';
import type { TimeWindow } from '../records/audit-record.js';
import type { Trends } from '../trends/weekly-history.js';
import type { CollectionSource } from './collection-source.js';
import type { RollupInfo } from './rollup-model.js';
import type { TenantCoverage } from './tenant-coverage.js';

/** A finished table: CSV columns and rows of display strings (numbers for counts). */
export interface QueryTable {
  columns: string[];
  /** The rows in report order: all of them, or the first `rowCount` is more than (see rows-held.ts). */
  rows: Array<Array<string | number>>;
  /** Rows in the whole table, when `rows` holds only the first of them. */
  rowCount?: number;
}

/** A time range of a query whose records could not all be read. */
export interface ReportGap extends TimeWindow {
  reason: string;
  expected?: number;
  fetched: number;
}

/**
 * A stored input of the run (an earlier week's manifest, summary, access snapshot or attestation)
 * that failed verification: it was not used, and the report says so as a gap and a finding.
 */
export interface UnverifiedInput extends TimeWindow {
  /** Bucket key of the file. */
  file: string;
  /** What failed (a signature, a hash, the period it states…). */
  problem: string;
  /** The period whose folder holds it (an ISO week). */
  period: string;
  /** What it would have been used for (`the link to the previous week`, `history`…). */
  usedFor: string;
}

/** One query's finished result. */
export interface QueryResult {
  query: QueryDefinition;
  /** The evidence file holding the records this result was computed from. */
  evidenceFile: string;
  table: QueryTable;
  /** Records aggregated (inside the period, unique). */
  records: number;
  complete: boolean;
  gaps: ReportGap[];
  /**
   * Present when more records were read than the API's `total` counted: the count stopped short,
   * the records did not (they are all in the numbers).
   */
  underCount?: { counted: number; read: number };
  /** The SQL statement DuckDB ran for this table; absent in a tenant's report (it may name other tenants). */
  sql?: string;
  /** The table's whole CSV, written to local disk as the engine streamed it (else rendered from `table`). */
  csv?: TableFile;
  /** Per-address totals of the by-address table, computed by the engine for the address-spike rule. */
  addressTotals?: AddressTotals;
  /** Why the statement failed on this period's records (a custom SQL query); its table is then empty. */
  sqlError?: string;
}

/** A rendered file on local disk, with what the manifest lists for it. */
export interface TableFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** Whose events a report covers: the whole project, or the events naming one tenant. */
export type ReportScope = { kind: 'project' } | { kind: 'tenant'; tenantId: string };

/** Everything a report is rendered from. */
export interface ReportData {
  projectId: string;
  period: ReportPeriod;
  scope: ReportScope;
  results: QueryResult[];
  /** Descope's audit retention in days, for the retention note. */
  retentionDays: number;
  /** Where the records came from: the audit search or the audit stream (absent: the search, before this was stated). */
  source?: CollectionSource;
  /** Which engine computed the tables, when the run chose one (absent: DuckDB, before this was stated). */
  engine?: EngineFacts;
  /** `athena.sql`: the statements Athena ran, when it computed tables (project report only). */
  athenaSql?: string;
  /** The findings' history (failed logins by country: stored reports, else analytics), or why there is none. */
  trends: Trends;
  /** Present on a month, quarter or range report built from stored weeks. */
  rollup?: RollupInfo;
  /** This week's findings against last week's stored report (ISO weeks only). */
  changes?: FindingChanges;
  /** Every headline's previous weeks, each figure with its source (stored report, analytics, none). */
  history?: HeadlineHistory;
  /** Every finding rule's outcome for this scope. */
  findings: RuleOutcome[];
  /** Present on the project-wide report when per-tenant reports are enabled. */
  tenants?: TenantCoverage;
  /** How the folder's manifest is signed and chained; absent before the report is sealed. */
  seal?: ReportSeal;
  /** The access review of this scope, when it is enabled. */
  access?: AccessReview;
  /** Stored inputs that failed verification and were not used (each also a gap and a finding). */
  unverifiedInputs?: UnverifiedInput[];
  /** The frameworks the report maps its evidence to, and the deployment's integrity facts. */
  compliance: ComplianceContext;
  /** Accepted risks and the exceptions of this scope, when an exceptions file is configured. */
  risks?: RiskAcceptance;
  /** The folder's OCSF export (project reports of weeks and days, when it is on). */
  ocsf?: OcsfExport;
}

/**
 * Known before the files are rendered, so the report can name them: the signing key (or why there is
 * none) and the previous period's manifest. The manifest's own hash is known only after it is
 * stored, so only the email (sent afterwards) carries it.
 */
export interface ReportSeal {
  signing: ManifestSigning | null;
  /** Why the manifest is unsigned (with `signing: null`). */
  unsignedReason?: string;
  previous: ManifestLink | null;
  /** A later revision of a sealed period: its number and the manifest it supersedes. */
  revision?: ManifestRevision;
  /** SHA-256 of the stored `manifest.json`; set once it is stored. */
  manifestSha256?: string;
}

/** Where the stored report can be found, as shown in the report and the email. */
export interface ReportLocation {
  /** `s3://bucket/prefix/` */
  uri: string;
  /** A link to browse the prefix (S3 console, or a local path); empty when there is none. */
  browseUrl: string;
  /** Key prefix inside the bucket, ending in `/`. */
  prefix: string;
}

/** Complete: every query read every record, and every stored input the report draws on verified. */
export const isReportComplete = (data: ReportData): boolean =>
  data.results.every((r) => r.complete) && (data.unverifiedInputs ?? []).length === 0;
