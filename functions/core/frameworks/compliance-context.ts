import type { ReviewFrequency } from './framework.js';
import type { FrameworkSet } from './framework-set.js';

/**
 * What the deployment states about how its evidence is kept (stack settings the function is given,
 * not something a run can observe): the bucket's Object Lock, whether manifests are anchored in
 * Descope's audit trail, and how often reports are produced.
 */
export interface DeploymentFacts {
  /** The bucket's default Object Lock retention; absent when none is stated (a local or unconfigured run). */
  objectLock?: { mode: 'GOVERNANCE' | 'COMPLIANCE'; retentionDays: number };
  /** Each project manifest's hash is written into Descope's audit trail. */
  anchored: boolean;
  /** How often the evidence is produced and reviewed: weekly reports. */
  cadence: ReviewFrequency;
  /**
   * The daily review schedule the stack created (`REPORT_DAILY_SCHEDULE`, e.g. `cron(30 1 * * ? *) UTC`);
   * absent: none is stated, so daily review (PCI DSS 10.4.1) is not met.
   */
  dailySchedule?: string;
}

/** The frameworks a report is mapped to and the facts its integrity controls rest on. */
export interface ComplianceContext {
  frameworks: FrameworkSet;
  deployment: DeploymentFacts;
}
