import { join, resolve } from 'node:path';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';
import { generateDemoAuditData } from '../../../functions/local/descope-api/demo-audit-data.js';
import { LOCAL_PROJECT_ID, startLocalEnvironment } from '../../../functions/local/local-environment.js';
import { ensureLocalSigningKey } from '../../../functions/local/local-signing-key.js';
import { runCli } from '../../../functions/weekly-report/cli/cli.js';

/** The clock of the weeks' runs: Wednesday 25 November 2026. */
export const WEEKS_NOW = Date.parse('2026-11-25T10:00:00Z');
/** The weeks stored, oldest first. */
export const STORED_WEEKS = ['2026-W46', '2026-W47'] as const;

/** The Descope stand-in's records: the demo's weeks before `WEEKS_NOW`. */
export const weeksRecords = (): AuditRecord[] =>
  generateDemoAuditData({ now: WEEKS_NOW, projectId: LOCAL_PROJECT_ID });

/**
 * The job's environment of the scenario, minus the stand-ins' own variables (a single-project
 * deployment with the demo's catalog): a file running more periods over the stored weeks uses it.
 */
export const weeksEnvironment = (signingKeyFile: string): Record<string, string> => ({
  DESCOPE_AUDIT_RPM: '600',
  REPORT_SIGNING_KEY_FILE: signingKeyFile,
  REPORT_QUERIES_FILE: resolve('functions/local/demo-report-catalog.json'),
});

/** One weekly run of the scenario, as a test reads it. */
export interface StoredWeekRun {
  label: string;
  prefix: string;
  complete: boolean;
  /** The SHA-256 of its sealed manifest. */
  manifestSha256: string;
  /** The front doors the run rewrote (keys). */
  frontDoor: string[];
  /** The tenants it reported. */
  tenants: string[];
}

/** What `buildStoredWeeks` stored: plain data, read by the test workers. */
export interface StoredWeeksFacts {
  /**
   * The S3 stand-in's store after both weeks: a file starts its own stand-in from it
   * (`startLocalEnvironment`'s `s3From`), so what it changes is its own. Never written to.
   */
  store: string;
  /** The manifests' signing key (PKCS #8 PEM file). */
  signingKeyFile: string;
  /** The runs, oldest week first. */
  weeks: StoredWeekRun[];
}

/**
 * Reports 2026-W46 then 2026-W47 of the demo's data (its catalog, a signing key) into one bucket,
 * as the weekly schedule would, and keeps a snapshot of the S3 stand-in in `folder`.
 */
export async function buildStoredWeeks(folder: string): Promise<StoredWeeksFacts> {
  const key = await ensureLocalSigningKey(join(folder, 'signing-key'));
  const local = await startLocalEnvironment({
    records: weeksRecords(),
    now: () => WEEKS_NOW,
    rateLimit: { requests: 600, windowMs: 60_000 },
  });
  try {
    const env = { ...local.env, ...weeksEnvironment(key.privateKeyFile) };
    const io = { print: () => {}, error: () => {}, now: () => WEEKS_NOW };
    const weeks: StoredWeekRun[] = [];
    for (const label of STORED_WEEKS) {
      const run = await runCli(['--week', label], env, io);
      if (!run) throw new Error(`${label} did not run`);
      weeks.push({
        label,
        prefix: run.prefix,
        complete: run.complete,
        manifestSha256: run.data.seal?.manifestSha256 ?? '',
        frontDoor: run.frontDoor,
        tenants: run.tenants.map((t) => t.tenantId),
      });
    }
    const store = join(folder, 'store');
    await local.s3.snapshot(store);
    return { store, signingKeyFile: key.privateKeyFile, weeks };
  } finally {
    await local.close();
  }
}
