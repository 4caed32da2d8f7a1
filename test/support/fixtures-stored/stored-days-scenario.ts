import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { daysOfWeek, parseIsoWeek } from '../../../functions/core/period/period.js';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';
import { generateDemoWeek } from '../../../functions/local/descope-api/demo-audit-data.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  localChannels,
  startLocalEnvironment,
} from '../../../functions/local/local-environment.js';
import type { StoredEmail } from '../../../functions/local/ses-stand-in.js';
import { runCli } from '../../../functions/weekly-report/cli/cli.js';
import type { FinishedRun } from '../../../functions/weekly-report/run-outcome.js';
import { writeSigningKeyFile } from '../signing-key-file.js';
import { downloadBucket } from './bucket-folder.js';

/** The week whose seven days are stored: 2026-W47, the demo's data for it. */
export const DAYS_WEEK = parseIsoWeek('2026-W47');
/** Its seven days, Monday first. */
export const DAYS = daysOfWeek(DAYS_WEEK).map((d) => d.label);
/** The clock of the days' runs: six hours after the week ended, within the search's 30 days. */
export const DAYS_NOW = DAYS_WEEK.to + 6 * 3_600_000;
/** The bucket the same week was reported into from the API alone, with no stored day. */
export const API_ONLY_BUCKET = 'descope-audit-reports-api-only';

/** The Descope stand-in's records for the scenario (and for a file that reruns part of it). */
export const daysRecords = (): AuditRecord[] => generateDemoWeek(DAYS_WEEK.from, LOCAL_PROJECT_ID);

/**
 * The job's environment of the scenario, minus the stand-ins' own variables: a file running the
 * week over the stored days uses the same (and the same signing key, which the days' check needs).
 */
export const daysEnvironment = (signingKeyFile: string): Record<string, string> => ({
  DESCOPE_AUDIT_RPM: '6000',
  REPORT_SIGNING_KEY_FILE: signingKeyFile,
  ACCESS_REVIEW_ENABLED: 'false',
  // The export is compared like every file; its schema checks are the OCSF tests' business.
  OCSF_VALIDATE: 'false',
  POWERTOOLS_METRICS_DISABLED: 'true',
});

/** One `--day` run of the scenario. */
export interface StoredDayRun {
  day: string;
  complete: boolean;
  prefix: string;
  /** Audit searches the run made. */
  searches: number;
}

/** What `buildStoredDays` stored and saw: plain data, read by the test workers. */
export interface StoredDaysFacts {
  /**
   * The S3 stand-in's store after the days (both buckets): a file starts its own stand-in from it
   * (`startLocalEnvironment`'s `s3From`), so what it changes is its own. Never written to.
   */
  store: string;
  /** The report bucket after the seven days, keys as paths. Never written to. */
  bucket: string;
  /** The manifests' signing key (PKCS #8 PEM file) and its public half (SPKI PEM). */
  signingKeyFile: string;
  publicKey: string;
  /** The API-only week, run before any day. */
  apiWeek: { complete: boolean; prefix: string; searches: number };
  /** The seven days, in order. */
  days: StoredDayRun[];
  /** What the SES stand-in received, in order (the days' mails). */
  emails: StoredEmail[];
  /** What the webhook sink received (the days' channel messages). */
  webhooks: Array<{ path: string; body: string }>;
}

/**
 * Reports 2026-W47 from the API alone into `API_ONLY_BUCKET`, then runs its seven daily reviews
 * (`--day`, each routed to the demo channels as well as mailed) into the report bucket, as the
 * daily schedule would the day after each; keeps a snapshot of the S3 stand-in (both buckets)
 * and a download of the report bucket in `folder`.
 */
export async function buildStoredDays(folder: string): Promise<StoredDaysFacts> {
  const signing = await writeSigningKeyFile('stored-days-key-');
  const local = await startLocalEnvironment({
    records: daysRecords(),
    now: () => DAYS_NOW,
    rateLimit: { requests: 6000, windowMs: 60_000 },
    buckets: [API_ONLY_BUCKET],
  });
  try {
    const env = { ...local.env, ...daysEnvironment(signing.file) };
    const routed = { REPORT_CHANNELS: JSON.stringify(localChannels(local.webhooks.url)) };
    const io = { print: () => {}, error: () => {}, now: () => DAYS_NOW };
    const searches = () => local.descope.requests.filter((r) => r.path === '/v1/mgmt/audit/search').length;
    const api = (await runCli(
      ['--week', DAYS_WEEK.label],
      { ...env, REPORT_BUCKET: API_ONLY_BUCKET },
      io,
    )) as FinishedRun;
    const apiWeek = { complete: api.complete, prefix: api.prefix, searches: searches() };
    const days: StoredDayRun[] = [];
    for (const day of DAYS) {
      const before = searches();
      const run = (await runCli(['--day', day], { ...env, ...routed }, io)) as FinishedRun;
      days.push({ day, complete: run.complete, prefix: run.prefix, searches: searches() - before });
    }
    const store = join(folder, 'store');
    await local.s3.snapshot(store);
    const bucket = join(folder, 'bucket');
    await downloadBucket(local.s3.endpoint, LOCAL_BUCKET, bucket);
    const signingKeyFile = join(folder, 'signing.pem');
    await copyFile(signing.file, signingKeyFile);
    return {
      store,
      bucket,
      signingKeyFile,
      publicKey: signing.publicKey,
      apiWeek,
      days,
      emails: await local.ses.emails(),
      webhooks: local.webhooks.requests().map(({ path, body }) => ({ path, body })),
    };
  } finally {
    await local.close();
    await signing.remove();
  }
}
