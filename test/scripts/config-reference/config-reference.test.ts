import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  cliEnvironmentSchema,
  lambdaEnvironmentSchema,
} from '../../../functions/weekly-report/wiring/config.js';
import { deployConfigSchema } from '../../../infra/config/deploy-config-schema.js';
import {
  CONFIG_REFERENCE_COMMAND,
  CONFIG_REFERENCE_FILE,
  renderConfigReference,
} from '../../../scripts/config-reference/render-config-reference.js';

describe('docs/configuration.md', () => {
  const generated = renderConfigReference();

  it('is what the script generates from the schemas today', async () => {
    const committed = await readFile(new URL(`../../../${CONFIG_REFERENCE_FILE}`, import.meta.url), 'utf8');
    expect(
      committed === generated,
      `${CONFIG_REFERENCE_FILE} is stale: run \`${CONFIG_REFERENCE_COMMAND}\` and commit the result`,
    ).toBe(true);
  });

  it('has a row for every deploy key and every variable the function and the CLI validate', () => {
    const names = [
      ...Object.keys(deployConfigSchema.shape),
      ...Object.keys(lambdaEnvironmentSchema.shape),
      ...Object.keys(cliEnvironmentSchema.shape),
    ];
    for (const name of names) expect(generated).toContain(`| \`${name}\` |`);
  });

  it('shows defaults and required settings as the schemas define them', () => {
    expect(generated).toContain('| `projectId` | **required** |');
    expect(generated).toContain('| `functionEphemeralStorageMb` | `4096` |');
    expect(generated).toContain('| `DESCOPE_AUDIT_RPM` | `10` |');
    expect(generated).toContain('| `REPORT_SIGNING_KEY_FILE` | unset: manifests are unsigned |');
  });
});
