import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Global setup of every project: one folder for the run's temporary files (`testTemp`, the CDK
 * assemblies of the infra tests and the settings files they write: testTempDir), removed when the
 * run ends, so a run leaves none behind in the machine's temporary folder.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), 'descope-audit-tests-'));
  project.provide('testTemp', root);
  return () => rm(root, { recursive: true, force: true });
}
