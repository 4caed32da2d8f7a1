import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHELL_MANAGEMENT_KEY as SAMPLE_KEY } from './support/shell-environment.js';
import { getAtt, idAt, onlyResource, ref, type Synthesized, synth } from './support/synth.js';

describe('Descope management key secret', () => {
  let s: Synthesized;
  let secretId: string;

  beforeAll(() => {
    s = synth();
    s.app.synth();
    secretId = idAt(s, 'DescopeSecret', 'Secret');
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
    // The unit tests run in a shell that holds a management key (vitest.config.ts).
    expect(process.env.DESCOPE_MANAGEMENT_KEY).toBe(SAMPLE_KEY);
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
