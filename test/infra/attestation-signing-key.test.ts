import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyFingerprint, pemToSpki } from '../../functions/core/integrity/signing-key.js';
import { getAtt, idAt, type Synthesized, synth } from './support/synth.js';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Sid?: string; Effect: string; Action: unknown; Resource?: unknown; Condition?: unknown };

const REVIEWER = 'arn:aws:iam::111122223333:role/AccessReviewer';
const reviewerPem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();

describe('the attestation signing key and the reviewer role', () => {
  let s: Synthesized;
  let resources: Record<string, Resource>;
  const statementsOf = (id: string): Statement[] => {
    const document = resources[id]?.Properties.KeyPolicy as { Statement: Statement[] } | undefined;
    return document?.Statement ?? [];
  };

  beforeAll(() => {
    s = synth({ reviewerPrincipalArns: [REVIEWER], attestationPublicKeys: [reviewerPem] });
    resources = s.json.Resources as Record<string, Resource>;
  });

  it('is a second ECC_NIST_P256 signing key, retained, that only the reviewer role may sign digests with', () => {
    const keyId = idAt(s, 'AttestationSigningKey', 'Key');
    expect(keyId).not.toBe(idAt(s, 'ManifestSigningKey', 'Key'));
    expect(resources[keyId]).toMatchObject({
      Properties: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
      DeletionPolicy: 'Retain',
    });
    const roleId = idAt(s, 'AttestationSigningKey', 'ReviewerRole');
    expect(statementsOf(keyId).filter((st) => st.Effect === 'Deny')).toEqual([
      {
        Sid: 'OnlyReviewersSignAttestations',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:Sign',
        Resource: '*',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': getAtt(roleId) } },
      },
      {
        Sid: 'SignAttestationDigestsOnly',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:Sign',
        Resource: '*',
        Condition: { StringNotEquals: { 'kms:MessageType': 'DIGEST' } },
      },
    ]);
  });

  it('lets the configured principals assume the reviewer role, which signs, reads and stores sign-offs only', () => {
    const roleId = idAt(s, 'AttestationSigningKey', 'ReviewerRole');
    const role = resources[roleId]?.Properties as {
      AssumeRolePolicyDocument: { Statement: Statement[] };
      MaxSessionDuration: number;
    };
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: REVIEWER } }),
    ]);
    expect(role.MaxSessionDuration).toBe(3600);
    const policy = Object.values(resources).find(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]),
    );
    const statements = (
      (policy?.Properties.PolicyDocument ?? { Statement: [] }) as { Statement: Statement[] }
    ).Statement;
    const bySid = new Map(statements.map((st) => [st.Sid, st]));
    expect(bySid.get('SignAttestationDigests')).toMatchObject({
      Action: 'kms:Sign',
      Resource: getAtt(idAt(s, 'AttestationSigningKey', 'Key')),
      Condition: { StringEquals: { 'kms:MessageType': 'DIGEST', 'kms:SigningAlgorithm': 'ECDSA_SHA_256' } },
    });
    expect(JSON.stringify(bySid.get('StoreAttestations')?.Resource)).toMatch(
      /reports\/\*\/access\/attestation\.json.*reports\/\*\/access\/attestation\.sig/,
    );
    // It never signs with the manifest key, and writes nothing but sign-offs.
    const actions = statements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
    expect(actions.filter((a) => String(a).startsWith('s3:Put'))).toEqual(['s3:PutObject']);
    expect(JSON.stringify(statements)).not.toContain(idAt(s, 'ManifestSigningKey', 'Key'));
  });

  it("tells the function the attestation key and the reviewers' own key fingerprints, and outputs the key", () => {
    const fn = resources[idAt(s, 'ReportFunction', 'Function')];
    const variables = (
      (fn?.Properties.Environment ?? { Variables: {} }) as { Variables: Record<string, unknown> }
    ).Variables;
    expect(variables.REPORT_ATTESTATION_KEY_ARN).toEqual(getAtt(idAt(s, 'AttestationSigningKey', 'Key')));
    expect(variables.REPORT_ATTESTATION_KEY_FINGERPRINTS).toBe(keyFingerprint(pemToSpki(reviewerPem)));
    s.template.hasOutput('AttestationSigningKeyArn', {
      Value: getAtt(idAt(s, 'AttestationSigningKey', 'Key')),
    });
    s.template.hasOutput('ReviewerRoleArn', {
      Value: getAtt(idAt(s, 'AttestationSigningKey', 'ReviewerRole')),
    });
    expect(JSON.stringify(s.template.findOutputs('AttestationPublicKeyCommand'))).toContain(
      '-out attestation-key.pem',
    );
  });

  it('is not created without reviewers', () => {
    const plain = synth();
    expect(plain.stack.node.tryFindChild('AttestationSigningKey')).toBeUndefined();
    plain.template.resourceCountIs('AWS::KMS::Key', 2);
    expect(Object.keys(plain.template.findOutputs('ReviewerRoleArn'))).toEqual([]);
  });
});
