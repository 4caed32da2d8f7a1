import { beforeAll, describe, expect, it } from 'vitest';
import { getAtt, idAt, type Synthesized, synth } from './support/synth.js';

type Resources = Record<
  string,
  { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }
>;
type Statement = { Sid?: string; Effect: string; Action: unknown; Condition?: unknown; Principal?: unknown };

describe('manifest signing key', () => {
  let s: Synthesized;
  let key: Resources[string];
  let roleId: string;

  beforeAll(() => {
    s = synth({ anchorTenantId: 'compliance-reports' });
    key = (s.json.Resources as Resources)[idAt(s, 'ManifestSigningKey', 'Key')] ?? {
      Type: '',
      Properties: {},
    };
    roleId = idAt(s, 'ReportFunction', 'Role');
  });

  it('is an ECC_NIST_P256 signing key, retained with the evidence', () => {
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    expect(key.Properties.EnableKeyRotation).not.toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
  });

  it('denies kms:Sign in its key policy to every principal but the function role, and raw messages to all', () => {
    const statements = (key.Properties.KeyPolicy as { Statement: Statement[] }).Statement;
    const denies = statements.filter((st) => st.Effect === 'Deny');
    expect(denies).toEqual([
      {
        Sid: 'OnlyTheReportFunctionSigns',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:Sign',
        Resource: '*',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': getAtt(roleId) } },
      },
      {
        Sid: 'SignDigestsOnly',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:Sign',
        Resource: '*',
        Condition: { StringNotEquals: { 'kms:MessageType': 'DIGEST' } },
      },
    ]);
  });

  it('is named to the function, with the anchor tenant, and exported as outputs', () => {
    const fn = (s.json.Resources as Resources)[idAt(s, 'ReportFunction', 'Function')];
    const variables =
      (fn?.Properties.Environment as { Variables: Record<string, unknown> } | undefined)?.Variables ?? {};
    const keyArn = getAtt(idAt(s, 'ManifestSigningKey', 'Key'));
    expect(variables.REPORT_SIGNING_KEY_ARN).toEqual(keyArn);
    expect(variables.REPORT_ANCHOR_TENANT_ID).toBe('compliance-reports');
    s.template.hasOutput('ManifestSigningKeyArn', { Value: keyArn });
    const command = JSON.stringify(s.template.findOutputs('ManifestPublicKeyCommand'));
    expect(command).toContain('aws kms get-public-key --key-id ');
    expect(command).toContain('openssl pkey -pubin -inform DER -out manifest-signing-key.pem');
  });
});
