import type { AuditAnalyticsSource } from '../adapters/audit-analytics-source.js';
import type { AuditSearchApi } from '../adapters/audit-search-api.js';
import type { ChannelTransport } from '../adapters/channel-transport.js';
import type { DirectorySource } from '../adapters/directory-source.js';
import type { Mailer } from '../adapters/mailer.js';
import type { ReportAnchor } from '../adapters/report-anchor.js';
import type { ReportStore } from '../adapters/report-store.js';
import type { ReportCatalog } from '../core/catalog/report-catalog.js';
import type { RiskExceptions } from '../core/exceptions/risk-exception.js';
import type { ComplianceContext } from '../core/frameworks/compliance-context.js';
import type { TrustedKey } from '../core/integrity/public-key-set.js';
import type { ReportPeriod } from '../core/period/period.js';
import type { ChannelConfig } from '../core/routing/channel-config.js';
import type { CampaignRunDeps, CampaignRunSettings } from './access-review/campaign-phase.js';
import type { AccessReviewSettings } from './access-review/prepare-access-review.js';
import type { AthenaEngine } from './aggregate/engine-phase.js';
import type { EvidenceSource } from './collect/evidence-source.js';
import type { FrontDoorSettings } from './publish/publish-front-door.js';
import type { Sealing } from './publish/seal-manifest.js';
import type { RunEvents } from './run-events.js';

/** What one run of the weekly (or day, or range) report is asked to do. */
export interface RunWeeklyReportInput {
  projectId: string;
  period: ReportPeriod;
  /** The run's clock reading (epoch ms); the use case never reads the clock itself. */
  now: number;
  /** Enabled queries, finding settings and per-tenant settings (`REPORT_QUERIES` or its file). */
  catalog: ReportCatalog;
  /**
   * The frameworks the reports map their evidence to, and the deployment's integrity facts.
   * @default the built-in frameworks, nothing stated about the store
   */
  compliance?: ComplianceContext;
  maxResultWindow: number;
  /** Records per evidence part, whatever the source. @default EVIDENCE_PART_RECORDS */
  evidencePartRecords?: number;
  /** Send the email even if this period's email was already sent. */
  resend: boolean;
  sender: string;
  recipients: string[];
  /** Identifies the run across the invocations that continue it. */
  runId: string;
  /** Continue run `runId` from its checkpoint instead of starting afresh. */
  resume?: boolean;
  /** The invocation number a continuation event claims; it must agree with the checkpoint. */
  invocation?: number;
  /** From this invocation on (counted by the checkpoint), collection stops and reports what it has. */
  maxInvocations?: number;
  /** Asked between evidence parts: `false` pauses the run (see `PausedRun`). @default always true */
  shouldContinue?: () => boolean;
  /** Finish now: ranges not yet read become gaps with this reason. */
  stopReason?: string;
  /** The access review (`accessReview.*`); needs `deps.directory`. @default off */
  accessReview?: AccessReviewSettings;
  /** Accepted risks (`REPORT_EXCEPTIONS_FILE`). @default none */
  exceptions?: RiskExceptions;
  /** Routing channels (`REPORT_CHANNELS`), each sent at most once per period. @default none */
  channels?: ChannelConfig[];
  /** Write the folder's `ocsf/` export; `validate` checks each event against its schema. @default off */
  ocsf?: { validate: boolean };
  /** Mail a day's report even when it has no new finding (`REPORT_DAILY_EMAIL_WHEN_QUIET`). @default false */
  dailyEmailWhenQuiet?: boolean;
  /** Access review campaigns (`accessReview.campaigns`); need the review and `deps.campaigns`. @default off */
  campaigns?: CampaignRunSettings;
}

/** The adapters a run uses; each optional one has a stated default. */
export interface RunWeeklyReportDeps {
  search: AuditSearchApi;
  /** Where the records come from. @default the audit search (`search`, `maxResultWindow`) */
  evidence?: EvidenceSource;
  /** Previous weeks' counts for trends and findings; without it trends are reported unavailable. */
  analytics?: AuditAnalyticsSource;
  store: ReportStore;
  /** Absent in a dry run: nothing is sent. */
  mailer?: Mailer;
  /** Descope's user and access-key searches, for the access review. */
  directory?: DirectorySource;
  events?: RunEvents;
  /** Signs the manifests; without a signer they are stored unsigned and the report says why. */
  sealing?: Sealing;
  /** Writes the project manifest's hash into Descope's audit trail; absent: not anchored. */
  anchor?: ReportAnchor;
  /**
   * The keys a reviewer's sign-off may be signed with (the attestation KMS key, the reviewers' own
   * keys); a signing run counts no other attestation. @default none
   */
  attestationKeys?: readonly TrustedKey[];
  /** Where the front door reads the stored periods; absent: no front door is written (a test's run). */
  frontDoor?: FrontDoorSettings;
  /** Renews the period lock while the run lasts. @default the run's `now`, unchanging */
  clock?: () => number;
  /** Sends the channels; absent (a dry run): none is sent. */
  channelTransport?: ChannelTransport;
  /** Campaign store, attestation key and reviewer lookup, for `input.campaigns`. */
  campaigns?: CampaignRunDeps;
  /** The Athena engine (stream source only): chosen per week by its setting and the week's size. @default none: DuckDB */
  athena?: AthenaEngine;
}
