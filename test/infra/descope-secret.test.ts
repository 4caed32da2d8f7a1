import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAtt, idAt, onlyResource, ref, type Synthesized, synth } from './support/synth.js';

/** A realistic-looking key, present in the shell where someone runs cdk (the CLI reads it from there). */
const SAMPLE_KEY = 'K2SampleManagementKey0123456789abcdefDoNotLeak';

describe('Descope management key secret', () => {
  let s: Synthesized;
  let secretId: string;
  const previous = process.env.DESCOPE_MANAGEMENT_KEY;

  beforeAll(() => {
    process.env.DESCOPE_MANAGEMENT_KEY = SAMPLE_KEY;
    s = synth();
    s.app.synth();
    secretId = idAt(s, 'DescopeSecret', 'Secret');
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.DESCOPE_MANAGEMENT_KEY;
    else process.env.DESCOPE_MANAGEMENT_KEY = previous;
  });

  it('is created with an empty managementKey and a generated placeholder, never a value', () => {
    const { props } = onlyResource(s.template, 'AWS::SecretsManager::Secret');
    expect(props).not.toHaveProperty('SecretString');
    expect(props.GenerateSecretString).toEqual({
      SecretStringTemplate: '{"managementKey":""}',
      GenerateStringKey: 'placeholder',
      ExcludePunctuation: true,
    });
    expect(props.Name).toBe('DescopeAuditReport/descope-management-key');
  });

  it('is encrypted with the stack key', () => {
    const keyId = idAt(s, 'ReportKey', 'Key');
    expect(onlyResource(s.template, 'AWS::SecretsManager::Secret').props.KmsKeyId).toEqual(getAtt(keyId));
  });

  it('reaches the function as an ARN only', () => {
    const { props } = onlyResource(s.template, 'AWS::Lambda::Function');
    const variables = (props.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.DESCOPE_SECRET_ARN).toEqual(ref(secretId));
    expect(variables).not.toHaveProperty('DESCOPE_MANAGEMENT_KEY');
    expect(s.template.findOutputs('DescopeSecretArn')).toEqual({
      DescopeSecretArn: expect.objectContaining({ Value: ref(secretId) }),
    });
  });

  it('leaks the key from the environment into nothing: not the template, not any assembly file', () => {
    expect(JSON.stringify(s.json)).not.toContain(SAMPLE_KEY);
    const outdir = s.app.outdir;
    const files = readdirSync(outdir, { recursive: true, withFileTypes: true }).filter((entry) =>
      entry.isFile(),
    );
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(readFileSync(join(file.parentPath, file.name), 'utf8')).not.toContain(SAMPLE_KEY);
    }
  });
});
