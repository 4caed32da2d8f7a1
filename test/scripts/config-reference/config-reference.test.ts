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

/** A table row naming `name` whose next cell matches `cell` (columns are padded). */
const row = (name: string, cell: string) => new RegExp(`^\\| \`${name}\` +\\| ${cell} +\\|`, 'm');

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
    for (const name of names) expect(generated).toMatch(row(name, '.*'));
  });

  it('shows defaults and required settings as the schemas define them', () => {
    expect(generated).toMatch(row('sender', '\\*\\*required\\*\\*'));
    // Required unless the deployment lists several projects instead.
    expect(generated).toMatch(row('projectId', 'unset: required unless `projects` lists several'));
    expect(generated).toMatch(row('functionEphemeralStorageMb', '`4096`'));
    expect(generated).toMatch(row('DESCOPE_AUDIT_RPM', '`10`'));
    expect(generated).toMatch(row('REPORT_SIGNING_KEY_FILE', 'unset: manifests are unsigned'));
  });
});
