import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { OCSF_CLASS_NAMES } from '../../../functions/core/ocsf/ocsf-classes.js';
import { createOcsfValidator } from '../../../functions/core/ocsf/ocsf-validator.js';
import {
  CLASS_VALIDATORS_FILE,
  renderClassValidators,
} from '../../../scripts/ocsf-schema/render-class-validators.js';

describe('the OCSF class validators compiled ahead of time', () => {
  it('are what ajv compiles from the vendored class schemas today', async () => {
    const committed = await readFile(new URL(`../../../${CLASS_VALIDATORS_FILE}`, import.meta.url), 'utf8');
    expect(
      committed === renderClassValidators(),
      `${CLASS_VALIDATORS_FILE} is stale: run \`npm run ocsf:validators\` and commit the result`,
    ).toBe(true);
  });

  it('refuse an event of every class that breaks its schema, naming the first problem', () => {
    const validate = createOcsfValidator();
    for (const cls of OCSF_CLASS_NAMES) {
      expect(validate({ cls, event: {} }), cls).toMatch(/^\(event\) must have required property '\w+'$/);
      expect(validate({ cls, event: { class_uid: 'text' } }), cls).toBeDefined();
    }
  });
});
