import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';

/**
 * A new folder for a test's temporary files, inside the run's own (`testTemp`: test-temp-setup.ts),
 * which is removed when the run ends; in the machine's temporary folder outside a run.
 */
export function testTempDir(prefix: string): string {
  return mkdtempSync(join(inject('testTemp') ?? tmpdir(), prefix));
}
