import type { Context } from 'aws-lambda';
import type { RunWeeklyReportResult } from '../run-outcome.js';
import type { RunWeeklyReportInput } from '../run-weekly-report.js';
import {
  accessReviewSettings,
  campaignRunSettings,
  type LambdaConfig,
  ocsfSettings,
} from '../wiring/config.js';
import type { LoadedConfig } from '../wiring/load-config.js';
import type { ReportRequest } from './report-event.js';

/**
 * Collection pauses between evidence parts once less than this is left of the invocation: a part
 * is 10,000 records (about 10 requests, a minute at 10/min, more with retries).
 */
const PAUSE_MARGIN_MS = 3 * 60_000;
/** A run continues itself at most this often (12 hours at 15 minutes); then it reports what it has. */
export const MAX_INVOCATIONS = 48;

/** What an invocation returns (visible to a manual `aws lambda invoke`). */
export type HandlerResult =
  | { status: 'finished'; period: string; location: string; complete: boolean; files: number; email: string }
  | { status: 'continuing'; period: string; runId: string; invocation: number; recordsKept: number }
  | { status: 'refused'; period: string; reason: string };

/**
 * How long a rate-limit wait may last: what is left of the invocation less the margin a part needs.
 * A longer wait pauses the run (continued in a new invocation) instead of sleeping into the timeout.
 */
export function waitBudget(context: Context): () => number {
  return () => context.getRemainingTimeInMillis() - PAUSE_MARGIN_MS;
}

/** Which run this invocation works on and how many invocations it has had, this one included. */
export function invocationOf(request: ReportRequest, context: Context) {
  return {
    runId: request.continuation?.runId ?? context.awsRequestId,
    invocation: request.continuation?.invocation ?? 1,
  };
}

/** The use case's input for one invocation: pauses before the invocation's time runs out. */
export function invocationInput(
  config: LoadedConfig<LambdaConfig>,
  request: ReportRequest,
  context: Context,
  now: number,
): RunWeeklyReportInput {
  const { runId, invocation } = invocationOf(request, context);
  return {
    projectId: config.DESCOPE_PROJECT_ID,
    period: request.period,
    now,
    catalog: config.REPORT_QUERIES,
    compliance: config.compliance,
    maxResultWindow: config.DESCOPE_MAX_RESULT_WINDOW,
    evidencePartRecords: config.REPORT_EVIDENCE_PART_RECORDS,
    accessReview: accessReviewSettings(config),
    channels: config.REPORT_CHANNELS,
    ocsf: ocsfSettings(config),
    dailyEmailWhenQuiet: config.REPORT_DAILY_EMAIL_WHEN_QUIET,
    campaigns: campaignRunSettings(config),
    resend: request.resend,
    sender: config.REPORT_SENDER,
    recipients: config.REPORT_RECIPIENTS,
    runId,
    resume: request.continuation !== undefined,
    // The use case counts invocations from the stored checkpoint, never from the event.
    invocation,
    maxInvocations: MAX_INVOCATIONS,
    shouldContinue: () => context.getRemainingTimeInMillis() > PAUSE_MARGIN_MS,
  };
}

/** The invocation's answer for a run that finished or paused. */
export function handlerResult(
  run: RunWeeklyReportResult,
  request: ReportRequest,
  invocation: number,
): HandlerResult {
  const period = request.period.label;
  if (run.state === 'refused') return { status: 'refused', period, reason: run.reason };
  if (run.state === 'paused') {
    return { status: 'continuing', period, runId: run.runId, invocation, recordsKept: run.recordsKept };
  }
  return {
    status: 'finished',
    period,
    location: run.location.uri,
    complete: run.complete,
    files: run.keys.length,
    email: run.email.status,
  };
}
