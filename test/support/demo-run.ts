import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEmail } from '../../functions/local/ses-stand-in.js';
import { storedScenario } from './fixtures-stored/stored-scenario.js';

/**
 * The demo `npm start` runs, run once by `demo-run-setup.ts` (the `demo` project's global setup)
 * for every test file that reads it: plain data, so it crosses into the test workers.
 */
export interface DemoRunFacts {
  /** The demo's clock (ms): the run reports the last complete week before it. */
  now: number;
  /** The reported week, e.g. `2026-W48`. */
  period: string;
  /**
   * The bucket as an auditor downloads it, after the run: `<bucket>/reports/<project>/<period>/…`.
   * Shared by every file: read it, never write to it (`copyOfDemoBucket()` gives a copy to change).
   */
  bucket: string;
  /** Key prefix of the project report folder, e.g. `reports/P2…/2026-W48/`. */
  prefix: string;
  complete: boolean;
  /** Every key the run stored, in the order it stored them. */
  keys: string[];
  /** The project report's query IDs, in report order. */
  queryIds: string[];
  /** The tenants reported, each with what happened to its email. */
  tenants: Array<{ tenantId: string; email: string }>;
  /** The emails the SES stand-in received, in order. */
  emails: StoredEmail[];
  /** The paths of the requests the Descope stand-in received, in order. */
  descopeRequests: string[];
  /** The key the manifests are signed with (PEM, SPKI) and the tenant the report is anchored under. */
  publicKeyFile: string;
  anchorTenant: string;
}

let facts: DemoRunFacts | undefined;

/**
 * Waits for the shared demo run (its build starts with `npm test`, in the background): the `demo`
 * project runs it before every file (its setup file, demo-run-wait.ts), so `demoRun()` can be read
 * anywhere in a file, top level included.
 */
export async function waitForDemoRun(): Promise<void> {
  facts ??= await storedScenario<DemoRunFacts>('demoRun');
}

/**
 * The shared demo run, for assertions about what `npm start` produces. Use it instead of running
 * the demo job again: `const run = demoRun();` then read `run.bucket` (see docs/development.md).
 * Only files named `*.demo.test.ts` get it: the `demo` project's global setup runs it.
 */
export function demoRun(): DemoRunFacts {
  if (!facts)
    throw new Error('demoRun() is for *.demo.test.ts files (the demo project runs the demo for them)');
  return facts;
}

/** The project report folder of the demo run (read-only). */
export function demoReportFolder(): string {
  const run = demoRun();
  return join(run.bucket, run.prefix);
}

/** A writable copy of the demo bucket, for a test that changes files; remove it when done. */
export async function copyOfDemoBucket(): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'demo-bucket-'));
  await cp(demoRun().bucket, root, { recursive: true });
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}
