import type { ReportData, ReportLocation } from '../core/report/report-model.js';
import type { AnchorOutcome } from './publish/anchor-report.js';
import type { ChannelOutcome } from './publish/deliver-channels.js';
import type { DeliveryOutcome } from './publish/deliver-once.js';
import type { TenantDelivery } from './publish/deliver-reports.js';
import type { LockHolder } from './run-control/period-lock.js';

/** A report stored and announced: where it is, what it holds, and its email. */
export interface StoredReport {
  prefix: string;
  /** The front door objects rewritten after storing (empty when the run writes none). */
  frontDoor: string[];
  location: ReportLocation;
  keys: string[];
  complete: boolean;
  data: ReportData;
  email: DeliveryOutcome;
}

export interface FinishedRun extends StoredReport {
  state: 'finished';
  tenants: TenantDelivery[];
  anchor: AnchorOutcome;
  /** Each routing channel's outcome (a failure is listed here, never thrown). */
  channels: ChannelOutcome[];
  /** The access review campaign the cadence opened with this report, if any. */
  openedCampaign?: string;
}

/** Collection stopped between parts (the invocation is running out of time); continue `runId`. */
export interface PausedRun {
  state: 'paused';
  prefix: string;
  runId: string;
  invocations: number;
  recordsKept: number;
}

/** Nothing was done: another run holds the period, or a continuation disagreed with its checkpoint. */
export interface RefusedRun {
  state: 'refused';
  reason: string;
  holder?: LockHolder;
}

export type RunWeeklyReportResult = FinishedRun | PausedRun | RefusedRun;
